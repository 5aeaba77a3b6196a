package io.vaxline.booking.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.model.PriorityOccupation;
import io.vaxline.booking.security.Tokens;
import io.vaxline.booking.service.RateLimiter;
import io.vertx.ext.web.RoutingContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Administrators: log in with the API key (in production an identity provider issuing tokens with
 * the same groups takes its place), and mark priority occupations.
 */
@Path("/admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record Login(@NotBlank @Size(max = 200) String apiKey) {
    }

    public record Occupation(@NotBlank @Size(max = 200) String description) {
    }

    public record OccupationView(String code, String description, Instant markedAt) {
    }

    @ConfigProperty(name = "vaxline.admin.api-key")
    java.util.Optional<String> apiKey;

    @Inject
    Tokens tokens;

    @Inject
    RateLimiter limits;

    @Inject
    RoutingContext request;

    @POST
    @Path("/login")
    public Uni<Tokens.Issued> login(@Valid @NotNull Login body) {
        return limits.hit("admin-login:" + request.request().remoteAddress().hostAddress(), 10,
                        java.time.Duration.ofMinutes(15), "administrator logins from your address")
                .map(ignored -> {
                    if (apiKey.isEmpty() || apiKey.get().isBlank()) {
                        throw new NotFoundException("Administrator login with an API key is off (ADMIN_API_KEY is not set)");
                    }
                    if (!MessageDigest.isEqual(apiKey.get().getBytes(StandardCharsets.UTF_8),
                            body.apiKey().getBytes(StandardCharsets.UTF_8))) {
                        throw new UnauthorizedException("wrong API key");
                    }
                    return tokens.admin();
                });
    }

    @GET
    @Path("/priority-occupations")
    @RolesAllowed(Tokens.ADMIN)
    @WithSession
    public Uni<List<OccupationView>> occupations() {
        return PriorityOccupation.<PriorityOccupation>listAll()
                .map(all -> all.stream().map(o -> new OccupationView(o.code, o.description, o.markedAt)).toList());
    }

    @PUT
    @Path("/priority-occupations/{code}")
    @RolesAllowed(Tokens.ADMIN)
    @WithTransaction
    public Uni<OccupationView> mark(@PathParam("code") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String code,
            @Valid @NotNull Occupation body) {
        return PriorityOccupation.<PriorityOccupation>findById(code).chain(found -> {
            PriorityOccupation occupation = found != null ? found : new PriorityOccupation();
            occupation.code = code;
            occupation.description = body.description();
            occupation.markedAt = Instant.now();
            return occupation.<PriorityOccupation>persist();
        }).map(o -> new OccupationView(o.code, o.description, o.markedAt));
    }

    @DELETE
    @Path("/priority-occupations/{code}")
    @RolesAllowed(Tokens.ADMIN)
    @WithTransaction
    public Uni<Response> unmark(@PathParam("code") @Pattern(regexp = ClinicRequests.ID) String code) {
        return PriorityOccupation.deleteById(code).map(deleted -> {
            if (!deleted) {
                throw new NotFoundException("No priority occupation " + code);
            }
            return Response.noContent().build();
        });
    }
}
