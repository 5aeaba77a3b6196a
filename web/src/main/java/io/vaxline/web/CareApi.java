package io.vaxline.web;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * care's public REST API: doctors, their free slots, booking one, the household's doctor appointments; for the clinic
 * console, a clinic's doctors, a doctor's appointments, notes and cancellations by staff.
 */
@RegisterRestClient(configKey = "care")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface CareApi {

    @GET
    @Path("/doctors/{doctorId}")
    Uni<Response> doctor(@PathParam("doctorId") String doctorId);

    @GET
    @Path("/doctors/{doctorId}/slots")
    Uni<Response> slots(@PathParam("doctorId") String doctorId, @QueryParam("date") String date);

    @POST
    @Path("/care-appointments")
    Uni<Response> book(@HeaderParam("Authorization") String bearer, @HeaderParam("Idempotency-Key") String key,
            Map<String, Object> booking);

    @jakarta.ws.rs.DELETE
    @Path("/care-appointments/{appointmentId}")
    Uni<Response> cancelOwn(@HeaderParam("Authorization") String bearer, @PathParam("appointmentId") String appointmentId,
            @HeaderParam("Idempotency-Key") String key);

    @GET
    @Path("/payments/local/checkouts/{reference}")
    Uni<Response> localCheckout(@HeaderParam("Authorization") String bearer, @PathParam("reference") String reference);

    @POST
    @Path("/payments/local/checkouts/{reference}")
    Uni<Response> completeLocalCheckout(@HeaderParam("Authorization") String bearer, @PathParam("reference") String reference,
            Map<String, Object> report);

    @GET
    @Path("/me/care-appointments")
    Uni<Response> mine(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/clinics/{clinicId}/doctors")
    Uni<Response> doctors(@PathParam("clinicId") String clinicId);

    @GET
    @Path("/doctors/{doctorId}/appointments")
    Uni<Response> doctorAppointments(@HeaderParam("Authorization") String bearer, @PathParam("doctorId") String doctorId,
            @QueryParam("from") String from, @QueryParam("days") int days);

    @POST
    @Path("/care-appointments/{appointmentId}/notes")
    Uni<Response> note(@HeaderParam("Authorization") String bearer, @PathParam("appointmentId") String appointmentId,
            Map<String, Object> note);

    @POST
    @Path("/care-appointments/{appointmentId}/cancellation")
    Uni<Response> cancelByStaff(@HeaderParam("Authorization") String bearer, @PathParam("appointmentId") String appointmentId,
            Map<String, Object> change);

    // staff: doctors and calendars

    @POST
    @Path("/clinics/{clinicId}/doctors")
    Uni<Response> addDoctor(@HeaderParam("Authorization") String bearer, @PathParam("clinicId") String clinicId,
            Map<String, Object> doctor);

    @GET
    @Path("/doctors/{doctorId}/calendar")
    Uni<Response> calendar(@HeaderParam("Authorization") String bearer, @PathParam("doctorId") String doctorId);

    @PUT
    @Path("/doctors/{doctorId}/weekly-hours")
    Uni<Response> weeklyHours(@HeaderParam("Authorization") String bearer, @PathParam("doctorId") String doctorId,
            Map<String, Object> week);

    @PUT
    @Path("/doctors/{doctorId}/exceptions/{date}")
    Uni<Response> putException(@HeaderParam("Authorization") String bearer, @PathParam("doctorId") String doctorId,
            @PathParam("date") String date, Map<String, Object> exception);

    @DELETE
    @Path("/doctors/{doctorId}/exceptions/{date}")
    Uni<Response> removeException(@HeaderParam("Authorization") String bearer, @PathParam("doctorId") String doctorId,
            @PathParam("date") String date);

    @POST
    @Path("/doctors/{doctorId}/appointment-types")
    Uni<Response> addType(@HeaderParam("Authorization") String bearer, @PathParam("doctorId") String doctorId,
            Map<String, Object> type);

    @POST
    @Path("/care-appointments/{appointmentId}/move")
    Uni<Response> moveByStaff(@HeaderParam("Authorization") String bearer, @PathParam("appointmentId") String appointmentId,
            Map<String, Object> change);
}
