package io.vaxline.booking.outreach;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.security.Tokens;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Outreach for administrators: upload patient lists, preview a cohort and its cost, create and launch
 * campaigns, invite the non-responders again, and read the funnel, the reports and the exports.
 */
@Path("/admin/outreach")
@RolesAllowed(Tokens.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class OutreachResource {

    private static final String ID = "[0-9a-f-]{36}";
    private static final String CSV = "text/csv";

    public record Created(Campaigns.Campaign campaign, Campaigns.Cohort cohort) {
    }

    @Inject
    JsonWebToken token;

    @Inject
    PatientLists lists;

    @Inject
    Campaigns campaigns;

    @Inject
    OutreachReports reports;

    /** A patient list as CSV, streamed; the answer counts the rows and names every rejected row and field. */
    @POST
    @Path("/patient-lists")
    @Consumes({ CSV, MediaType.TEXT_PLAIN })
    public PatientLists.Upload upload(@QueryParam("name") @DefaultValue("patient list") @Size(max = 200) String name,
            InputStream body) {
        return lists.upload(name, token.getSubject(), body);
    }

    @GET
    @Path("/patient-lists")
    public Uni<List<PatientLists.Upload>> uploads() {
        return lists.recent();
    }

    /** One upload, while it runs (counts so far) or after. */
    @GET
    @Path("/patient-lists/{uploadId}")
    public Uni<PatientLists.Upload> uploadStatus(@PathParam("uploadId") @Pattern(regexp = ID) String uploadId) {
        return lists.find(uploadId).map(found -> found.orElseThrow(() -> new NotFoundException("No upload " + uploadId)));
    }

    @POST
    @Path("/cohort-preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Campaigns.Cohort preview(Criteria criteria) {
        return campaigns.preview(criteria == null ? new Criteria(null, null, null, null) : criteria);
    }

    @POST
    @Path("/campaigns")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Campaigns.Request request) {
        Campaigns.Campaign campaign = campaigns.create(request, token.getSubject());
        return Response.created(URI.create("/admin/outreach/campaigns/" + campaign.campaignId()))
                .entity(new Created(campaign, campaigns.preview(campaign.criteria()))).build();
    }

    @GET
    @Path("/campaigns")
    public List<Campaigns.Campaign> all() {
        return campaigns.all();
    }

    /** The campaign, with its progress: invitations made and queued on Kafka. */
    @GET
    @Path("/campaigns/{campaignId}")
    public Campaigns.Campaign campaign(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.require(campaignId);
    }

    @GET
    @Path("/campaigns/{campaignId}/preview")
    public Campaigns.Cohort campaignPreview(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.preview(campaigns.require(campaignId).criteria());
    }

    /** Starts wave 1: 202, the campaign's progress shows how far it got. */
    @POST
    @Path("/campaigns/{campaignId}/launch")
    public Response launch(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return accepted(campaigns.launch(campaignId));
    }

    /** Invites again everyone who has not opened their link (a new wave, new links). */
    @POST
    @Path("/campaigns/{campaignId}/follow-up")
    public Response followUp(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return accepted(campaigns.followUp(campaignId));
    }

    @GET
    @Path("/campaigns/{campaignId}/funnel")
    public OutreachReports.Funnel funnel(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.funnel(campaignId);
    }

    @GET
    @Path("/campaigns/{campaignId}/reports")
    public List<OutreachReports.Report> reports(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.reports(campaignId);
    }

    /** A report of the non-responders now, besides the weekly one. */
    @POST
    @Path("/campaigns/{campaignId}/reports")
    public Response reportNow(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        OutreachReports.Report report = reports.now(campaignId);
        return Response.created(URI.create("/admin/outreach/campaigns/" + campaignId + "/reports/" + report.reportId() + ".csv"))
                .entity(report).build();
    }

    @GET
    @Path("/campaigns/{campaignId}/reports/{reportId}.csv")
    @Produces(CSV)
    public Response reportCsv(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId,
            @PathParam("reportId") @Pattern(regexp = ID) String reportId) {
        return download(reports.reportCsv(campaignId, reportId), "not-responded-" + reportId + ".csv");
    }

    @GET
    @Path("/campaigns/{campaignId}/acknowledged.csv")
    @Produces(CSV)
    public Response acknowledged(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return download(reports.acknowledgedCsv(campaignId), "acknowledged-" + campaignId + ".csv");
    }

    @GET
    @Path("/campaigns/{campaignId}/answers.csv")
    @Produces(CSV)
    public Response answers(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return download(reports.answersCsv(campaignId), "answers-" + campaignId + ".csv");
    }

    private static Response accepted(Campaigns.Campaign campaign) {
        return Response.accepted(campaign).location(URI.create("/admin/outreach/campaigns/" + campaign.campaignId())).build();
    }

    private static Response download(jakarta.ws.rs.core.StreamingOutput body, String filename) {
        return Response.ok(body, CSV + "; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }
}
