package io.vaxline.booking.platform.security;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
 * Administrators log in with their own key (ADMIN_API_KEYS names each; ADMIN_API_KEY is the key of
 * "admin"); the token names them, and so does the audit of what they do. In production an identity
 * provider issuing tokens with the same groups may take its place.
 */
@Path("/admin/login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class AdminLoginResource {

    public record Login(@NotBlank @Size(max = 200) String apiKey) {
    }

    @Inject
    SecuritySettings settings;

    @Inject
    Tokens tokens;

    @Inject
    RateLimiter limits;

    @Inject
    RoutingContext request;

    @Inject
    AdminAudit audit;

    @POST
    @Operation(operationId = "adminLogin", summary = "An administrator's token, for the API key")
    @APIResponse(responseCode = "200", description = "The token")
    @APIResponse(responseCode = "401", ref = ContractModel.UNAUTHORIZED, description = "Wrong API key")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "Login with an API key is off (ADMIN_API_KEY not set)")
    @APIResponse(responseCode = "429", ref = ContractModel.TOO_MANY_REQUESTS, description = "Too many logins from this address")
    public Uni<Tokens.Issued> login(@Valid @NotNull Login body) {
        return limits.hit("admin-login:" + request.request().remoteAddress().hostAddress(), 10,
                        java.time.Duration.ofMinutes(15), "administrator logins from your address")
                .chain(ignored -> {
                    Map<String, String> keys = AdminKeys.of(settings);
                    if (keys.isEmpty()) {
                        throw new NotFoundException("Administrator login with an API key is off (neither ADMIN_API_KEYS nor "
                                + "ADMIN_API_KEY is set)");
                    }
                    String name = AdminKeys.owner(keys, body.apiKey());
                    if (name == null) {
                        throw new UnauthorizedException("wrong API key");
                    }
                    String administrator = name;
                    return audit.loggedIn(administrator, request.request().remoteAddress().hostAddress())
                            .map(recorded -> tokens.admin(administrator));
                });
    }
}
