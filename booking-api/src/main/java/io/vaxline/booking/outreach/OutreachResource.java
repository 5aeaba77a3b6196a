package io.vaxline.booking.outreach;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.security.Tokens;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Outreach for administrators: upload patient lists, preview a cohort and its cost, create and launch
 * campaigns, invite the non-responders again, and read the funnel, the reports and the exports.
 */
@Path("/admin/outreach")
@RolesAllowed(Tokens.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
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

    /** A patient list as CSV, streamed (read on a worker thread); the answer counts the rows and names every rejected row and field. */
    @POST
    @Path("/patient-lists")
    @Consumes({ CSV, MediaType.TEXT_PLAIN })
    @Blocking
    public Uni<PatientLists.Upload> upload(@QueryParam("name") @DefaultValue("patient list") @Size(max = 200) String name,
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
    public Uni<Campaigns.Cohort> preview(Criteria criteria) {
        return campaigns.preview(criteria == null ? new Criteria(null, null, null, null) : criteria);
    }

    @POST
    @Path("/campaigns")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(Campaigns.Request request) {
        return campaigns.create(request, token.getSubject()).chain(campaign -> campaigns.preview(campaign.criteria())
                .map(cohort -> Response.created(URI.create("/admin/outreach/campaigns/" + campaign.campaignId()))
                        .entity(new Created(campaign, cohort)).build()));
    }

    @GET
    @Path("/campaigns")
    public Uni<List<Campaigns.Campaign>> all() {
        return campaigns.all();
    }

    /** The campaign, with its progress: invitations made and queued on Kafka. */
    @GET
    @Path("/campaigns/{campaignId}")
    public Uni<Campaigns.Campaign> campaign(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.require(campaignId);
    }

    @GET
    @Path("/campaigns/{campaignId}/preview")
    public Uni<Campaigns.Cohort> campaignPreview(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.require(campaignId).chain(campaign -> campaigns.preview(campaign.criteria()));
    }

    /** Starts wave 1: 202, the campaign's progress shows how far it got. */
    @POST
    @Path("/campaigns/{campaignId}/launch")
    public Uni<Response> launch(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.launch(campaignId).map(OutreachResource::accepted);
    }

    /** Invites again everyone who has not opened their link (a new wave, new links). */
    @POST
    @Path("/campaigns/{campaignId}/follow-up")
    public Uni<Response> followUp(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.followUp(campaignId).map(OutreachResource::accepted);
    }

    @GET
    @Path("/campaigns/{campaignId}/funnel")
    public Uni<OutreachReports.Funnel> funnel(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.funnel(campaignId);
    }

    @GET
    @Path("/campaigns/{campaignId}/reports")
    public Uni<List<OutreachReports.Report>> reports(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.reports(campaignId);
    }

    /** A report of the non-responders now, besides the weekly one. */
    @POST
    @Path("/campaigns/{campaignId}/reports")
    public Uni<Response> reportNow(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.now(campaignId).map(report -> Response.created(URI.create("/admin/outreach/campaigns/" + campaignId
                + "/reports/" + report.reportId() + ".csv")).entity(report).build());
    }

    @GET
    @Path("/campaigns/{campaignId}/reports/{reportId}.csv")
    @Produces(CSV)
    public RestMulti<String> reportCsv(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId,
            @PathParam("reportId") @Pattern(regexp = ID) String reportId) {
        return download(reports.reportCsv(campaignId, reportId), "not-responded-" + reportId + ".csv");
    }

    @GET
    @Path("/campaigns/{campaignId}/acknowledged.csv")
    @Produces(CSV)
    public RestMulti<String> acknowledged(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return download(reports.acknowledgedCsv(campaignId), "acknowledged-" + campaignId + ".csv");
    }

    @GET
    @Path("/campaigns/{campaignId}/answers.csv")
    @Produces(CSV)
    public RestMulti<String> answers(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return download(reports.answersCsv(campaignId), "answers-" + campaignId + ".csv");
    }

    private static Response accepted(Campaigns.Campaign campaign) {
        return Response.accepted(campaign).location(URI.create("/admin/outreach/campaigns/" + campaign.campaignId())).build();
    }

    /** Streams the CSV as it is read; a campaign or report that does not exist answers 404 before anything is sent. */
    private static RestMulti<String> download(Uni<Multi<String>> body, String filename) {
        return RestMulti.fromUniResponse(body, csv -> csv, csv -> Map.of("Content-Disposition",
                List.of("attachment; filename=\"" + filename + "\"")));
    }
}
