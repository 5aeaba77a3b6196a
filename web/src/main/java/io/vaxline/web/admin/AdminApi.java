package io.vaxline.web.admin;

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

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The administrators' part of booking-api's public REST API, as the administration pages use it.
 * Every answer comes back as a {@link Response}, so a page can show what the API said (a problem's
 * title, detail and fields) instead of an exception. The patient list upload is not here: it is
 * streamed from disk by {@link PatientListUploads}.
 */
@RegisterRestClient(configKey = "booking-api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AdminApi {

    String AUTHORIZATION = "Authorization";

    @POST
    @Path("/admin/login")
    Uni<Response> login(@HeaderParam("X-Forwarded-For") String browser, Map<String, String> body);

    @GET
    @Path("/clinics")
    Uni<Response> clinics(@QueryParam("near") String near, @QueryParam("date") String date,
            @QueryParam("service") String service, @QueryParam("limit") int limit);

    /** A clinic's day: its name, address and time zone (booking-api has no other read of one clinic). */
    @GET
    @Path("/clinics/{clinicId}/slots")
    Uni<Response> clinicDay(@PathParam("clinicId") String clinicId, @QueryParam("date") String date);

    @POST
    @Path("/admin/clinics")
    Uni<Response> registerClinic(@HeaderParam(AUTHORIZATION) String bearer, Map<String, Object> clinic);

    @PUT
    @Path("/admin/clinics/{clinicId}")
    Uni<Response> updateClinic(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            Map<String, Object> clinic);

    @POST
    @Path("/admin/clinics/{clinicId}/staff-tokens")
    Uni<Response> staffToken(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("clinicId") String clinicId,
            Map<String, String> staff);

    @GET
    @Path("/services")
    Uni<Response> services();

    @PUT
    @Path("/services/{service}")
    Uni<Response> defineService(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("service") String service,
            Map<String, Object> series);

    @GET
    @Path("/admin/priority-occupations")
    Uni<Response> occupations(@HeaderParam(AUTHORIZATION) String bearer);

    @PUT
    @Path("/admin/priority-occupations/{code}")
    Uni<Response> markOccupation(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("code") String code,
            Map<String, String> occupation);

    @DELETE
    @Path("/admin/priority-occupations/{code}")
    Uni<Response> unmarkOccupation(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("code") String code);

    @GET
    @Path("/admin/outreach/patient-lists")
    Uni<Response> uploads(@HeaderParam(AUTHORIZATION) String bearer);

    @GET
    @Path("/admin/outreach/patient-lists/{uploadId}")
    Uni<Response> upload(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("uploadId") String uploadId);

    @POST
    @Path("/admin/outreach/cohort-preview")
    Uni<Response> preview(@HeaderParam(AUTHORIZATION) String bearer, Map<String, Object> criteria);

    @GET
    @Path("/admin/outreach/campaigns")
    Uni<Response> campaigns(@HeaderParam(AUTHORIZATION) String bearer);

    @POST
    @Path("/admin/outreach/campaigns")
    Uni<Response> createCampaign(@HeaderParam(AUTHORIZATION) String bearer, Map<String, Object> campaign);

    @GET
    @Path("/admin/outreach/campaigns/{campaignId}")
    Uni<Response> campaign(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    @GET
    @Path("/admin/outreach/campaigns/{campaignId}/preview")
    Uni<Response> campaignPreview(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    @POST
    @Path("/admin/outreach/campaigns/{campaignId}/launch")
    Uni<Response> launch(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    @POST
    @Path("/admin/outreach/campaigns/{campaignId}/follow-up")
    Uni<Response> followUp(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    @GET
    @Path("/admin/outreach/campaigns/{campaignId}/funnel")
    Uni<Response> funnel(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    @GET
    @Path("/admin/outreach/campaigns/{campaignId}/reports")
    Uni<Response> reports(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    @POST
    @Path("/admin/outreach/campaigns/{campaignId}/reports")
    Uni<Response> reportNow(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId);

    /** A non-responder report as CSV. */
    @GET
    @Path("/admin/outreach/campaigns/{campaignId}/reports/{reportId}.csv")
    @Produces("text/csv")
    Uni<Response> reportCsv(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId,
            @PathParam("reportId") String reportId);

    /** An export: {@code acknowledged} or {@code answers}. */
    @GET
    @Path("/admin/outreach/campaigns/{campaignId}/{export}.csv")
    @Produces("text/csv")
    Uni<Response> exportCsv(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("campaignId") String campaignId,
            @PathParam("export") String export);
}
