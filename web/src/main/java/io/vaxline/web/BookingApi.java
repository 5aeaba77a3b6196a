package io.vaxline.web;

import java.util.List;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * booking-api's public REST API, as the pages use it. Answers come back as a {@link Response} so a
 * page can tell a 409 with fresh availability or a 202 from a 201 without exceptions.
 */
@RegisterRestClient(configKey = "booking-api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface BookingApi {

    String AUTHORIZATION = "Authorization";

    /** The browser's address goes along: booking-api limits codes per address, and every browser comes through here. */
    String FORWARDED_FOR = "X-Forwarded-For";

    @POST
    @Path("/otp")
    Uni<Response> requestCode(@HeaderParam(FORWARDED_FOR) String browser, Map<String, String> body);

    @POST
    @Path("/otp/verify")
    Uni<Response> verifyCode(@HeaderParam(FORWARDED_FOR) String browser, Map<String, String> body);

    @GET
    @Path("/me/people")
    Uni<Response> people(@HeaderParam(AUTHORIZATION) String bearer);

    @POST
    @Path("/me/people")
    Uni<Response> addPerson(@HeaderParam(AUTHORIZATION) String bearer, Map<String, Object> person);

    @POST
    @Path("/me/people/{personId}/corrections")
    Uni<Response> correctPerson(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId,
            Map<String, Object> correction);

    @POST
    @Path("/me/token")
    Uni<Response> refreshToken(@HeaderParam(AUTHORIZATION) String bearer);

    @GET
    @Path("/me/appointments")
    Uni<Response> appointments(@HeaderParam(AUTHORIZATION) String bearer);

    @GET
    @Path("/clinics")
    Uni<List<JsonNode>> clinics(@QueryParam("near") String near, @QueryParam("date") String date,
            @QueryParam("service") String service, @QueryParam("limit") int limit);

    @GET
    @Path("/clinics/{clinicId}/slots")
    Uni<Response> slots(@PathParam("clinicId") String clinicId, @QueryParam("date") String date,
            @QueryParam("service") String service);

    @GET
    @Path("/clinics/{clinicId}/next-dose")
    Uni<Response> nextDose(@PathParam("clinicId") String clinicId, @QueryParam("service") String service,
            @QueryParam("after") String after, @QueryParam("dose") int dose);

    @POST
    @Path("/appointments")
    Uni<Response> book(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            Map<String, Object> booking);

    @GET
    @Path("/appointments/requests/{requestId}")
    Uni<Response> outcome(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("requestId") String requestId);

    @PUT
    @Path("/appointments/{appointmentId}")
    Uni<Response> reschedule(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @PathParam("appointmentId") String appointmentId, Map<String, Object> move);

    @DELETE
    @Path("/appointments/{appointmentId}")
    Uni<Response> cancel(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @PathParam("appointmentId") String appointmentId);

    @GET
    @Path("/appointment-links/{token}")
    Uni<Response> link(@PathParam("token") String token);

    @POST
    @Path("/appointment-links/{token}/cancel")
    Uni<Response> cancelByLink(@PathParam("token") String token, @HeaderParam("Idempotency-Key") String key,
            Map<String, Object> body);

    @POST
    @Path("/appointment-links/{token}/reschedule")
    Uni<Response> rescheduleByLink(@PathParam("token") String token, @HeaderParam("Idempotency-Key") String key,
            Map<String, Object> body);
    @POST
    @Path("/waitlist")
    Uni<Response> joinWaitlist(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            Map<String, Object> join);

    @jakarta.ws.rs.DELETE
    @Path("/waitlist")
    Uni<Response> leaveWaitlist(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @jakarta.ws.rs.QueryParam("personId") String personId, @jakarta.ws.rs.QueryParam("clinicId") String clinicId,
            @jakarta.ws.rs.QueryParam("service") String service, @jakarta.ws.rs.QueryParam("date") String date);

    @POST
    @Path("/waitlist/offers/{offerId}/accept")
    Uni<Response> acceptOffer(@HeaderParam(AUTHORIZATION) String bearer, @HeaderParam("Idempotency-Key") String key,
            @PathParam("offerId") String offerId, Map<String, Object> accept);
}
