package io.vaxline.booking.people;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Administrators mark the occupations whose people may use the seats kept for priority groups. */
@Path("/admin/priority-occupations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.ADMIN)
@Tag(name = "Eligibility", description = "Occupations whose people may book the seats kept for priority groups")
public class PriorityOccupationResource {

    @Inject
    Eligibility eligibility;

    public record Occupation(@NotBlank @Size(max = 200) String description) {
    }

    public record OccupationView(String code, String description, Instant markedAt) {
    }

    @GET
    @WithSession
    @Operation(operationId = "listPriorityOccupations", summary = "The occupations marked as priority")
    @APIResponse(responseCode = "200", description = "The occupations")
    public Uni<List<OccupationView>> occupations() {
        return PriorityOccupation.<PriorityOccupation>listAll()
                .map(all -> all.stream().map(o -> new OccupationView(o.code, o.description, o.markedAt)).toList());
    }

    @PUT
    @Path("/{code}")
    @WithSession
    @Operation(operationId = "markPriorityOccupation", summary = "Mark an occupation as priority (or change its description)")
    @APIResponse(responseCode = "200", description = "Marked")
    public Uni<OccupationView> mark(@PathParam("code") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String code,
            @Valid @NotNull Occupation body) {
        // Bookings hold the list in memory (Eligibility): it is forgotten once the change is committed.
        return Panache.withTransaction(() -> PriorityOccupation.<PriorityOccupation>findById(code).chain(found -> {
            PriorityOccupation occupation = found != null ? found : new PriorityOccupation();
            occupation.code = code;
            occupation.description = body.description();
            occupation.markedAt = Instant.now();
            return occupation.<PriorityOccupation>persist();
        })).invoke(eligibility::occupationsChanged).map(o -> new OccupationView(o.code, o.description, o.markedAt));
    }

    @DELETE
    @Path("/{code}")
    @WithSession
    @Operation(operationId = "unmarkPriorityOccupation", summary = "Unmark an occupation")
    @APIResponse(responseCode = "204", description = "Unmarked")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The occupation is not marked")
    public Uni<Response> unmark(@PathParam("code") @Pattern(regexp = ClinicRequests.ID) String code) {
        return Panache.withTransaction(() -> PriorityOccupation.deleteById(code))
                .invoke(eligibility::occupationsChanged).map(deleted -> {
            if (!deleted) {
                throw new NotFoundException("No priority occupation " + code);
            }
            return Response.noContent().build();
        });
    }
}
