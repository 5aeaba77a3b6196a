package io.vaxline.booking.platform.security;


import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.RateLimiter;
import io.vaxline.problems.openapi.ContractModel;
import io.vertx.ext.web.RoutingContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * care logs in with its own key (CARE_API_KEY) for a token that may cancel an appointment with a reason at any clinic
 * (when a payment webhook reports a fee failed, with no person's token at hand) and may do nothing else: not read a
 * roster, not move, not administer. Least privilege for a service that would otherwise need an administrator's key.
 */
@Path("/services/login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
@PermitAll
public class ServiceLoginResource {

    @Inject
    SecuritySettings settings;

    @Inject
    Tokens tokens;

    @Inject
    RateLimiter limits;

    @Inject
    RoutingContext request;

    @POST
    @Operation(operationId = "serviceLogin", summary = "care's token, which may only cancel appointments, for its API key")
    @APIResponse(responseCode = "200", description = "The token")
    @APIResponse(responseCode = "401", ref = ContractModel.UNAUTHORIZED, description = "Wrong API key")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "Service login is off (CARE_API_KEY not set)")
    @APIResponse(responseCode = "429", ref = ContractModel.TOO_MANY_REQUESTS, description = "Too many logins from this address")
    public Uni<Tokens.Issued> login(@Valid @NotNull AdminLoginResource.Login body) {
        return limits.hit("service-login:" + request.request().remoteAddress().hostAddress(), 10,
                java.time.Duration.ofMinutes(15), "service logins from your address").map(ignored -> {
                    String key = settings.careApiKey().filter(k -> !k.isBlank()).orElseThrow(() ->
                            new NotFoundException("Service login is off (CARE_API_KEY is not set)"));
                    if (AdminKeys.owner(java.util.Map.of("care", key), body.apiKey()) == null) {
                        throw new UnauthorizedException("wrong API key");
                    }
                    return tokens.canceller("care");
                });
    }
}
