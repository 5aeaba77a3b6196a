package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.NonBlocking;
import io.vaxline.booking.clinics.ClinicDirectory.Clinic;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Finding a clinic and a slot: open to everyone, served from memory. Nothing here waits on I/O, so the
 * reads run on the event loop that received them ({@link NonBlocking}) instead of being handed to a
 * worker thread and back (the hand-over was most of a read's cost in the JFR of the reads figure).
 */
@Path("/clinics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clinics", description = "Finding a clinic and a free slot; public")
public class ClinicResource {

    static final String COORDINATES = "-?\\d{1,2}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?";

    public record ClinicMatch(String clinicId, String name, String address, String timeZone, double latitude,
            double longitude, double distanceKm,
            int freeSlots, SlotView firstFreeSlot) {
    }

    public record ClinicDay(String clinicId, String name, String address, String timeZone, LocalDate date,
            List<SlotView> slots) {
    }

    @Inject
    ClinicDirectory clinics;

    @Inject
    AvailabilityBoard board;

    @Inject
    ObjectMapper json;

    /** The questions whose answers the board keeps with a day's view (see {@link AvailabilityBoard#answer}). */
    private record SlotsQuestion(Clinic clinic, String service, boolean priority) {
    }

    private record SearchQuestion(Clinic clinic, String service) {
    }

    private record FreeSummary(int freeSlots, SlotView first) {
    }

    /** Clinics offering {@code service} with a free seat on {@code date}, nearest to {@code near} first. */
    @GET
    @NonBlocking
    @Operation(operationId = "searchClinics", summary = "Clinics with a free slot for a service on a day, nearest first")
    @APIResponse(responseCode = "200", description = "The clinics, each with its free slots count and first free slot")
    public List<ClinicMatch> search(
            @QueryParam("near") @NotNull @Pattern(regexp = COORDINATES, message = "must be latitude,longitude in degrees, e.g. 59.33,18.06") String near,
            @QueryParam("date") @NotNull LocalDate date,
            @QueryParam("service") @NotNull @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        String[] point = near.split(",");
        double latitude = Double.parseDouble(point[0]);
        double longitude = Double.parseDouble(point[1]);
        return clinics.all().stream()
                .filter(c -> c.active() && c.services().contains(service))
                .map(c -> match(c, date, service, Distance.km(latitude, longitude, c.latitude(), c.longitude())))
                .filter(m -> m.freeSlots() > 0)
                .sorted(Comparator.comparingDouble(ClinicMatch::distanceKm))
                .limit(limit)
                .toList();
    }

    @GET
    @NonBlocking
    @Path("/{clinicId}/slots")
    @Operation(operationId = "listFreeSlots", summary = "A clinic's free slots on a day")
    @APIResponse(responseCode = "200", description = "The day's free slots (none: an empty list)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClinicDay.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic")
    public Response slots(
            @PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @QueryParam("date") @NotNull LocalDate date,
            @QueryParam("service") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @QueryParam("priority") @DefaultValue("false") boolean priority) {
        Clinic clinic = clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId));
        ZoneId zone = ZoneId.of(clinic.timeZone());
        // A day's answer is serialised once per view of it; a service the clinic does not offer has no slots to keep.
        java.util.function.Function<List<SlotView>, byte[]> answer = free -> serialised(new ClinicDay(clinicId,
                clinic.name(), clinic.address(), clinic.timeZone(), date, free));
        byte[] body = service != null && !clinic.services().contains(service) ? answer.apply(List.of())
                : board.answer(clinicId, date, new SlotsQuestion(clinic, service, priority),
                                view -> answer.apply(SlotView.free(view, service, zone, priority)))
                        .orElseGet(() -> answer.apply(List.of()));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private byte[] serialised(ClinicDay day) {
        try {
            return json.writeValueAsBytes(day);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A clinic day could not be written as JSON", e);
        }
    }

    private ClinicMatch match(Clinic clinic, LocalDate date, String service, double distanceKm) {
        FreeSummary free = board.answer(clinic.clinicId(), date, new SearchQuestion(clinic, service), view -> {
            List<SlotView> slots = SlotView.free(view, service, ZoneId.of(clinic.timeZone()), false);
            return new FreeSummary(slots.size(), slots.isEmpty() ? null : slots.get(0));
        }).orElse(new FreeSummary(0, null));
        return new ClinicMatch(clinic.clinicId(), clinic.name(), clinic.address(), clinic.timeZone(), clinic.latitude(),
                clinic.longitude(), Math.round(distanceKm * 10) / 10.0, free.freeSlots(), free.first());
    }
}
