package io.vaxline.booking.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.messaging.EventPublisher;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicRegistered;

/** Clinic administration: register clinics and publish their sessions (capacity). */
@Path("/admin/clinics")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ClinicAdminResource {

    @Inject
    EventPublisher publisher;

    @POST
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
                .build();
        return publisher.clinic(clinicId, event).map(ignored -> Response
                .created(URI.create("/clinics/" + clinicId))
                .entity(Map.of("clinicId", clinicId)).build());
    }

    @POST
    @Path("/{clinicId}/sessions")
    public Uni<Response> publishSession(
            @PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @Valid @NotNull ClinicRequests.PublishSession request) {
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
                .entity(Map.of("clinicId", clinicId, "sessionId", sessionId)).build());
    }
}
