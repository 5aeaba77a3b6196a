package io.vaxline.web.console;

import java.io.File;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of booking-api's public REST API the clinic console uses. Every answer comes back as a
 * {@link Response}, so a page shows a problem document (401, 403, 404, 422) next to its form.
 */
@RegisterRestClient(configKey = "booking-api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ConsoleApi {

    String AUTHORIZATION = "Authorization";
    String FORWARDED_FOR = "X-Forwarded-For";

    @POST
    @Path("/admin/login")
    Uni<Response> adminLogin(@HeaderParam(FORWARDED_FOR) String browser, Map<String, String> body);

    /** Public: the clinic's name and time zone, and the day's free slots. */
    @GET
    @Path("/clinics/{clinicId}/slots")
    Uni<Response> slots(@PathParam("clinicId") String clinicId, @QueryParam("date") String date,
            @QueryParam("service") String service);

    /** The day's sessions with their times, seats and bookings. */
    @GET
    @Path("/admin/clinics/{clinicId}/sessions")
    Uni<Response> sessions(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            @QueryParam("date") String date);

    @GET
    @Path("/clinics/{clinicId}/roster")
    Uni<Response> roster(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            @QueryParam("date") String date);

    /** Checks a person in for today's appointment (202: on its way to the clinic ledger). */
    @POST
    @Path("/clinics/{clinicId}/appointments/{appointmentId}/check-in")
    Uni<Response> checkIn(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            @PathParam("appointmentId") String appointmentId);

    /** Marks today's appointment missed once its slot has started (202: on its way to the clinic ledger). */
    @POST
    @Path("/clinics/{clinicId}/appointments/{appointmentId}/no-show")
    Uni<Response> noShow(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            @PathParam("appointmentId") String appointmentId);

    @POST
    @Path("/clinics/{clinicId}/vaccinations")
    @Consumes("text/csv")
    Uni<Response> reportDoses(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId, String csv);

    @POST
    @Path("/clinics/{clinicId}/vaccinations/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> correctDose(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            Map<String, Object> correction);

    /** The uploaded file as it lies on disk, sent on to booking-api without reading it into memory. */
    @POST
    @Path("/clinics/{clinicId}/vaccinations")
    @Consumes("text/csv")
    Uni<Response> uploadDoses(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId, File csv);

    @GET
    @Path("/clinics/{clinicId}/vaccination-uploads")
    Uni<Response> uploads(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId);

    @POST
    @Path("/admin/clinics/{clinicId}/sessions")
    Uni<Response> publishSession(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            Map<String, Object> session);

    @DELETE
    @Path("/admin/clinics/{clinicId}/sessions/{sessionId}")
    Uni<Response> withdrawSession(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            @PathParam("sessionId") String sessionId, @QueryParam("reason") String reason);

    @POST
    @Path("/admin/clinics/{clinicId}/stock")
    Uni<Response> adjustStock(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            Map<String, Object> adjustment);

    /** Registers a person at the door and seats them in the session running now (201, 202, 409, 422). */
    @POST
    @Path("/clinics/{clinicId}/walk-ins")
    Uni<Response> walkIn(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @PathParam("clinicId") String clinicId, Map<String, Object> body);

    /** Moves a person's appointment to another slot of the clinic; the reason is texted to the person. */
    @POST
    @Path("/clinics/{clinicId}/appointments/{appointmentId}/move")
    Uni<Response> moveForPerson(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @PathParam("clinicId") String clinicId, @PathParam("appointmentId") String appointmentId, Map<String, Object> body);

    /** Cancels a person's appointment at the clinic; the reason is texted to the person. */
    @POST
    @Path("/clinics/{clinicId}/appointments/{appointmentId}/cancellation")
    Uni<Response> cancelForPerson(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @PathParam("clinicId") String clinicId, @PathParam("appointmentId") String appointmentId, Map<String, Object> body);
}
