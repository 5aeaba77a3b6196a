package io.vaxline.booking.clinics;

import java.net.URI;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.CapacityWithdrawn;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.SlotSeats;
import io.vaxline.events.StockAdjusted;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Clinic administration. Administrators register and change clinics; administrators and the
 * clinic's own staff publish and withdraw its sessions and adjust its stock. Every change is an
 * event; scheduler-stream applies it.
 */
@Path("/admin/clinics")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clinic administration", description = "Clinics, their sessions and stock, and staff tokens")
public class ClinicAdminResource {

    private static final String CLINIC_ID = ClinicRequests.ID;

    public record StaffToken(@NotBlank @Size(max = 100) @Pattern(regexp = "[\\p{L}\\p{N} .'-]+",
            message = "must be a name: letters, digits, spaces, dots, apostrophes or dashes") String staffName) {
    }

    public record ClinicRef(@Schema(required = true) String clinicId) {
    }

    public record SessionRef(@Schema(required = true) String clinicId, @Schema(required = true) String sessionId) {
    }

    public record SessionWithdrawing(@Schema(required = true) String clinicId, @Schema(required = true) String sessionId,
            @Schema(required = true, enumeration = { "WITHDRAWING" }) String status) {
    }

    public record StockAdjustment(@Schema(required = true) String clinicId, @Schema(required = true) String service,
            @Schema(required = true) int delta, String lot, LocalDate expiresOn) {
    }

    @Inject
    AvailabilityBoard board;

    @Inject
    ClinicDirectory directory;

    @Inject
    EventPublisher publisher;

    @Inject
    Tokens tokens;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Tokens.ADMIN)
    @Operation(operationId = "registerClinic", summary = "Register a clinic (published as ClinicRegistered)")
    @APIResponse(responseCode = "201", description = "Registered; its slots appear once sessions are published",
            headers = @Header(name = "Location", description = "The clinic", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClinicRef.class)))
    public Uni<Response> register(@Valid @NotNull ClinicRequests.RegisterClinic request) {
        String clinicId = request.clinicId() != null ? request.clinicId() : UUID.randomUUID().toString();
        ClinicRegistered event = ClinicRegistered.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClinicId(clinicId)
                .setName(request.name())
                .setAddress(request.address())
                .setPostcode(request.postcode())
                .setLatitude(request.latitude())
                .setLongitude(request.longitude())
                .setTimeZone(request.timeZone())
                .setServices(request.services())
                .setContactEmail(blankToNull(request.contactEmail()))
                .build();
        return publisher.clinic(clinicId, event).map(ignored -> Response
                .created(URI.create("/clinics/" + clinicId))
                .entity(new ClinicRef(clinicId)).build());
    }

    @PUT
    @Path("/{clinicId}")
    @RolesAllowed(Tokens.ADMIN)
    @Operation(operationId = "updateClinic", summary = "Change a clinic's details, or close it (active false)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClinicRef.class)))
    public Uni<ClinicRef> update(@PathParam("clinicId") @Pattern(regexp = CLINIC_ID) String clinicId,
            @Valid @NotNull ClinicRequests.UpdateClinic request) {
        return publisher.clinic(clinicId, ClinicUpdated.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClinicId(clinicId)
                .setName(request.name())
                .setAddress(request.address())
                .setPostcode(request.postcode())
                .setLatitude(request.latitude())
                .setLongitude(request.longitude())
                .setTimeZone(request.timeZone())
                .setServices(request.services())
                .setActive(request.active())
                .setContactEmail(blankToNull(request.contactEmail()))
                .build()).replaceWith(new ClinicRef(clinicId));
    }

    /** One session of a day as its slots show it now: its times, seats, and how many are taken. */
    public record SessionView(@Schema(required = true) String sessionId, @Schema(required = true) String service,
            @Schema(required = true, description = "Clinic-local start of the first slot") LocalTime startTime,
            @Schema(required = true, description = "Clinic-local end of the last slot") LocalTime endTime,
            @Schema(required = true) int slotMinutes, @Schema(required = true, description = "The most seats of any of its slots") int seatsPerSlot,
            @Schema(required = true) int reservedSeatsPerSlot, @Schema(required = true) int slots,
            @Schema(required = true, description = "Seats taken by confirmed appointments") int booked,
            @Schema(required = true, description = "Seats anyone may still book") int free) {
    }

    @GET
    @Path("/{clinicId}/sessions")
    @RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
    @Operation(operationId = "listSessions", summary = "The clinic's sessions of a day, with their seats and bookings",
            description = "From the availability scheduler-stream publishes, so a session published a moment ago may show a moment later.")
    @APIResponse(responseCode = "200", description = "The sessions, earliest first (none: an empty list)")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic")
    public List<SessionView> sessions(@PathParam("clinicId") @Pattern(regexp = CLINIC_ID) String clinicId,
            @QueryParam("date") @NotNull LocalDate date) {
        caller.requireClinic(clinicId);
        ZoneId zone = ZoneId.of(directory.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId))
                .timeZone());
        Map<String, List<SlotSeats>> bySession = new LinkedHashMap<>();
        board.day(clinicId, date).ifPresent(day -> day.getSlots().stream()
                .sorted(Comparator.comparing(SlotSeats::getStart))
                .forEach(slot -> bySession.computeIfAbsent(slot.getSessionId(), id -> new ArrayList<>()).add(slot)));
        return bySession.values().stream().map(slots -> {
            SlotSeats first = slots.get(0);
            SlotSeats last = slots.get(slots.size() - 1);
            return new SessionView(first.getSessionId(), first.getService(),
                    first.getStart().atZone(zone).toLocalTime(), last.getEnd().atZone(zone).toLocalTime(),
                    (int) Duration.between(first.getStart(), first.getEnd()).toMinutes(),
                    slots.stream().mapToInt(SlotSeats::getCapacity).max().orElse(0),
                    slots.stream().mapToInt(SlotSeats::getReservedForPriority).max().orElse(0), slots.size(),
                    slots.stream().mapToInt(SlotSeats::getBooked).sum(),
                    slots.stream().mapToInt(SlotSeats::getFreeForAnyone).sum());
        }).sorted(Comparator.comparing(SessionView::startTime)).toList();
    }

    @POST
    @Path("/{clinicId}/sessions")
    @RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
    @Operation(operationId = "publishSession", summary = "Open a session of slots on a day (published as CapacityPublished)")
    @APIResponse(responseCode = "201", description = "Published; the slots are bookable within a moment",
            headers = @Header(name = "Location", description = "The session", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionRef.class)))
    public Uni<Response> publishSession(
            @PathParam("clinicId") @Pattern(regexp = CLINIC_ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @Valid @NotNull ClinicRequests.PublishSession request) {
        caller.requireClinic(clinicId);
        String sessionId = request.sessionId() != null ? request.sessionId() : UUID.randomUUID().toString();
        CapacityPublished event = CapacityPublished.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClinicId(clinicId)
                .setSessionId(sessionId)
                .setService(request.service())
                .setDate(request.date())
                .setStartTime(request.startTime())
                .setEndTime(request.endTime())
                .setSlotMinutes(request.slotMinutes())
                .setSeatsPerSlot(request.seatsPerSlot())
                .setReservedSeatsPerSlot(request.reservedSeatsPerSlot() == null ? 0 : request.reservedSeatsPerSlot())
                .setMinAge(request.minAge())
                .setStaff(request.staff() == null ? List.of() : request.staff())
                .build();
        return publisher.capacity(clinicId, event).map(ignored -> Response
                .created(URI.create("/clinics/" + clinicId + "/sessions/" + sessionId))
                .entity(new SessionRef(clinicId, sessionId)).build());
    }

    @DELETE
    @Path("/{clinicId}/sessions/{sessionId}")
    @RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
    @Operation(operationId = "withdrawSession", summary = "Withdraw a session; its booked appointments are cancelled and the people told")
    @APIResponse(responseCode = "202", description = "Withdrawing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionWithdrawing.class)))
    public Uni<Response> withdrawSession(@PathParam("clinicId") @Pattern(regexp = CLINIC_ID) String clinicId,
            @PathParam("sessionId") @Pattern(regexp = CLINIC_ID) String sessionId,
            @QueryParam("reason") @Size(max = 200) String reason) {
        caller.requireClinic(clinicId);
        return publisher.capacity(clinicId, CapacityWithdrawn.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now())
                        .setClinicId(clinicId)
                        .setSessionId(sessionId)
                        .setReason(reason)
                        .build())
                .replaceWith(Response.accepted(new SessionWithdrawing(clinicId, sessionId, "WITHDRAWING")).build());
    }

    @POST
    @Path("/{clinicId}/stock")
    @RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
    @Operation(operationId = "adjustStock", summary = "Add (or, negative, remove) doses of a service's vaccine at the clinic")
    @APIResponse(responseCode = "202", description = "Taken; the stock changes within a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StockAdjustment.class)))
    public Uni<Response> adjustStock(@PathParam("clinicId") @Pattern(regexp = CLINIC_ID) String clinicId,
            @Valid @NotNull ClinicRequests.AdjustStock request) {
        caller.requireClinic(clinicId);
        return publisher.capacity(clinicId, StockAdjusted.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now())
                        .setClinicId(clinicId)
                        .setService(request.service())
                        .setDelta(request.delta())
                        .setReason(request.reason())
                        .setLot(request.lot())
                        .setExpiresOn(request.expiresOn())
                        .build())
                .replaceWith(Response.accepted(new StockAdjustment(clinicId, request.service(), request.delta(),
                        request.lot(), request.expiresOn())).build());
    }

    /** A token for one of the clinic's staff: they may manage the clinic's sessions and stock and see its roster. */
    @POST
    @Path("/{clinicId}/staff-tokens")
    @RolesAllowed(Tokens.ADMIN)
    @Operation(operationId = "issueStaffToken", summary = "A token for one of the clinic's staff")
    @APIResponse(responseCode = "200", description = "The token, which reaches this clinic only")
    public Tokens.Issued staffToken(@PathParam("clinicId") @Pattern(regexp = CLINIC_ID) String clinicId,
            @Valid @NotNull StaffToken body) {
        return tokens.staff(clinicId, body.staffName());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
