package io.vaxline.booking.clinics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

import io.smallrye.common.annotation.NonBlocking;
import io.vaxline.booking.clinics.ClinicDirectory.Clinic;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
    ServiceCatalogue catalogue;

    @Inject
    AvailabilityBoard board;

    @Inject
    ClinicDays days;

    /** A clinic in a search's answer: its distance from the caller (as shown, to 0.1 km) and its kept entry. */
    private record Hit(double distanceKm, ClinicDays.SearchEntry entry) {
    }

    /** Clinics offering {@code service} with a free seat on {@code date}, nearest to {@code near} first. */
    @GET
    @NonBlocking
    @Operation(operationId = "searchClinics", summary = "Clinics with a free slot for a service on a day, nearest first")
    @APIResponse(responseCode = "200", description = "The clinics, each with its free slots count and first free slot",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ClinicMatch.class)))
    public Response search(
            @QueryParam("near") @NotNull @Pattern(regexp = COORDINATES, message = "must be latitude,longitude in degrees, e.g. 59.33,18.06") String near,
            @QueryParam("date") @NotNull LocalDate date,
            @QueryParam("service") @NotNull @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        String[] point = near.split(",");
        double latitude = Double.parseDouble(point[0]);
        double longitude = Double.parseDouble(point[1]);
        List<Hit> hits = clinics.all().stream()
                .filter(c -> c.active() && c.services().contains(service))
                .map(c -> new Hit(Math.round(Distance.km(latitude, longitude, c.latitude(), c.longitude()) * 10) / 10.0,
                        days.searchEntry(c, date, service)))
                .filter(hit -> hit.entry().freeSlots() > 0)
                .sorted(Comparator.comparingDouble(Hit::distanceKm))
                .limit(limit)
                .toList();
        // Each clinic's JSON is kept per view (ClinicDays.searchEntry); only the distance is written per search, as
        // Jackson writes a double (SearchEntryTest compares the result with Jackson's own bytes).
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + hits.size() * 400);
        body.write('[');
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(hit.entry().before());
            body.writeBytes(Double.toString(hit.distanceKm()).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(hit.entry().after());
        }
        body.write(']');
        return Response.ok(body.toByteArray(), MediaType.APPLICATION_JSON_TYPE).build();
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
        byte[] body = days.answer(clinic, date, service, priority);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** How far past the offered day the next dose's first free day is looked for. */
    static final int NEXT_DOSE_SEARCH_DAYS = 14;

    @Schema(name = "NextDoseOffer", description = "The day offered for the next dose of a series at this clinic")
    public record NextDoseOffer(@Schema(required = true) String clinicId, @Schema(required = true) String service,
            @Schema(required = true, description = "Doses in the series") int doses,
            @Schema(required = true, description = "The dose offered") int doseNumber,
            @Schema(required = true, description = "First day the dose may be booked (the minimum interval)") LocalDate earliest,
            @Schema(required = true, description = "The day the programme recommends") LocalDate recommended,
            @Schema(description = "The first day from the recommended one with a free slot (within "
                    + NEXT_DOSE_SEARCH_DAYS + " days), or absent when there is none yet") LocalDate date,
            @Schema(required = true, description = "That day's free slots") List<SlotView> slots) {
    }

    /**
     * The day to offer for the next dose, after a dose in the slot at {@code after}: the recommended day
     * (never before the minimum interval), or the first day after it with a free slot at this clinic.
     */
    @GET
    @NonBlocking
    @Path("/{clinicId}/next-dose")
    @Operation(operationId = "offerNextDose", summary = "The day and free slots to offer for the next dose of a series")
    @APIResponse(responseCode = "200", description = "The offer (without a date when no day has a free slot yet)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NextDoseOffer.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic, or the series has no further dose")
    public NextDoseOffer nextDose(
            @PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @QueryParam("service") @NotNull @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @QueryParam("after") @NotNull java.time.Instant after,
            @QueryParam("dose") @DefaultValue("1") @Min(1) @Max(10) int dose,
            @QueryParam("priority") @DefaultValue("false") boolean priority) {
        Clinic clinic = clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId));
        ServiceCatalogue.Series series = catalogue.series(service);
        if (dose >= series.doses()) {
            throw new NotFoundException(service + " has " + series.doses() + (series.doses() == 1 ? " dose" : " doses")
                    + ": there is no dose " + (dose + 1) + " to offer");
        }
        ZoneId zone = ZoneId.of(clinic.timeZone());
        LocalDate from = after.atZone(zone).toLocalDate();
        // The minimum interval counts from the slot's start: a dose at 09:00 allows the next from 09:00 on that day.
        LocalDate earliest = from.plusDays(series.minIntervalDays());
        LocalDate recommended = from.plusDays(series.offeredIntervalDays());
        java.time.Instant notBefore = after.plus(java.time.Duration.ofDays(series.minIntervalDays()));
        for (int i = 0; i <= NEXT_DOSE_SEARCH_DAYS; i++) {
            LocalDate day = recommended.plusDays(i);
            List<SlotView> free = board.day(clinicId, day).map(view -> SlotView.free(view, service, zone, priority).stream()
                    .filter(slot -> !slot.start().isBefore(notBefore)).toList()).orElse(List.of());
            if (!free.isEmpty()) {
                return new NextDoseOffer(clinicId, service, series.doses(), dose + 1, earliest, recommended, day, free);
            }
        }
        return new NextDoseOffer(clinicId, service, series.doses(), dose + 1, earliest, recommended, null, List.of());
    }
}
