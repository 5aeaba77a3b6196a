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
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Outreach for administrators: upload patient lists, preview a cohort and its cost, create and launch
 * campaigns, invite the non-responders again, and read the funnel, the reports and the exports.
 */
@Path("/admin/outreach")
@RolesAllowed(Tokens.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outreach", description = "Patient lists, cohorts and invitation campaigns, for programme staff")
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
    @Operation(operationId = "uploadPatientList", summary = "Upload a patient list as CSV (streamed; large files welcome)")
    @APIResponse(responseCode = "200", description = "Read: the rows added, updated, unchanged and rejected, naming each rejected row and field")
    @APIResponse(responseCode = "503", ref = ContractModel.UNAVAILABLE, description = "PostgreSQL or Kafka stopped answering; the rows before were applied")
    public Uni<PatientLists.Upload> upload(@QueryParam("name") @DefaultValue("patient list") @Size(max = 200) String name,
            InputStream body) {
        return lists.upload(name, token.getSubject(), body);
    }

    @GET
    @Path("/patient-lists")
    @Operation(operationId = "listPatientListUploads", summary = "Recent patient list uploads")
    @APIResponse(responseCode = "200", description = "The uploads, newest first")
    public Uni<List<PatientLists.Upload>> uploads() {
        return lists.recent();
    }

    /** One upload, while it runs (counts so far) or after. */
    @GET
    @Path("/patient-lists/{uploadId}")
    @Operation(operationId = "getPatientListUpload", summary = "One upload: counts so far while it runs, or its result")
    @APIResponse(responseCode = "200", description = "The upload")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such upload")
    public Uni<PatientLists.Upload> uploadStatus(@PathParam("uploadId") @Pattern(regexp = ID) String uploadId) {
        return lists.find(uploadId).map(found -> found.orElseThrow(() -> new NotFoundException("No upload " + uploadId)));
    }

    @POST
    @Path("/cohort-preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "previewCohort", summary = "How many people criteria reach, by channel, and what inviting them costs")
    @APIResponse(responseCode = "200", description = "The cohort's size and cost")
    public Uni<Campaigns.Cohort> preview(Criteria criteria) {
        return campaigns.preview(criteria == null ? new Criteria(null, null, null, null) : criteria);
    }

    @POST
    @Path("/campaigns")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createCampaign", summary = "Create a campaign (not launched yet) and preview its cohort")
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location", description = "The campaign",
            schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Created.class)))
    public Uni<Response> create(Campaigns.Request request) {
        return campaigns.create(request, token.getSubject()).chain(campaign -> campaigns.preview(campaign.criteria())
                .map(cohort -> Response.created(URI.create("/admin/outreach/campaigns/" + campaign.campaignId()))
                        .entity(new Created(campaign, cohort)).build()));
    }

    @GET
    @Path("/campaigns")
    @Operation(operationId = "listCampaigns", summary = "Every campaign, newest first")
    @APIResponse(responseCode = "200", description = "The campaigns with their progress")
    public Uni<List<Campaigns.Campaign>> all() {
        return campaigns.all();
    }

    /** The campaign, with its progress: invitations made and queued on Kafka. */
    @GET
    @Path("/campaigns/{campaignId}")
    @Operation(operationId = "getCampaign", summary = "A campaign and its progress: invitations made and queued")
    @APIResponse(responseCode = "200", description = "The campaign")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    public Uni<Campaigns.Campaign> campaign(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.require(campaignId);
    }

    @GET
    @Path("/campaigns/{campaignId}/preview")
    @Operation(operationId = "previewCampaignCohort", summary = "The campaign's cohort as it is now")
    @APIResponse(responseCode = "200", description = "The cohort's size and cost")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    public Uni<Campaigns.Cohort> campaignPreview(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.require(campaignId).chain(campaign -> campaigns.preview(campaign.criteria()));
    }

    /** Starts wave 1: 202, the campaign's progress shows how far it got. */
    @POST
    @Path("/campaigns/{campaignId}/launch")
    @Operation(operationId = "launchCampaign", summary = "Send the campaign's first wave of invitations")
    @APIResponse(responseCode = "202", description = "Started; follow the campaign's progress at Location",
            headers = @Header(name = "Location", description = "The campaign", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Campaigns.Campaign.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Already launched (use follow-up)")
    public Uni<Response> launch(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.launch(campaignId).map(OutreachResource::accepted);
    }

    /** Invites again everyone who has not opened their link (a new wave, new links). */
    @POST
    @Path("/campaigns/{campaignId}/follow-up")
    @Operation(operationId = "followUpCampaign", summary = "Invite again everyone who has not opened their link")
    @APIResponse(responseCode = "202", description = "Started; follow the campaign's progress at Location",
            headers = @Header(name = "Location", description = "The campaign", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Campaigns.Campaign.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Not launched yet")
    public Uni<Response> followUp(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return campaigns.followUp(campaignId).map(OutreachResource::accepted);
    }

    @GET
    @Path("/campaigns/{campaignId}/funnel")
    @Operation(operationId = "getCampaignFunnel", summary = "Invited, sent, acknowledged, booked, answered")
    @APIResponse(responseCode = "200", description = "The funnel's counts")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    public Uni<OutreachReports.Funnel> funnel(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.funnel(campaignId);
    }

    @GET
    @Path("/campaigns/{campaignId}/reports")
    @Operation(operationId = "listCampaignReports", summary = "The campaign's non-responder reports")
    @APIResponse(responseCode = "200", description = "The reports, newest first")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    public Uni<List<OutreachReports.Report>> reports(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.reports(campaignId);
    }

    /** A report of the non-responders now, besides the weekly one. */
    @POST
    @Path("/campaigns/{campaignId}/reports")
    @Operation(operationId = "createCampaignReport", summary = "A report of the non-responders now, besides the weekly one")
    @APIResponse(responseCode = "201", description = "Made; download it at Location", headers = @Header(name = "Location",
            description = "The report's CSV", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutreachReports.Report.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    public Uni<Response> reportNow(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return reports.now(campaignId).map(report -> Response.created(URI.create("/admin/outreach/campaigns/" + campaignId
                + "/reports/" + report.reportId() + ".csv")).entity(report).build());
    }

    @GET
    @Path("/campaigns/{campaignId}/reports/{reportId}.csv")
    @Produces(CSV)
    @Operation(operationId = "downloadCampaignReport", summary = "A non-responder report as CSV")
    @APIResponse(responseCode = "200", description = "The people who have not responded", content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign or report")
    public RestMulti<String> reportCsv(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId,
            @PathParam("reportId") @Pattern(regexp = ID) String reportId) {
        return download(reports.reportCsv(campaignId, reportId), "not-responded-" + reportId + ".csv");
    }

    @GET
    @Path("/campaigns/{campaignId}/acknowledged.csv")
    @Produces(CSV)
    @Operation(operationId = "downloadAcknowledged", summary = "Who acknowledged their invitation, as CSV")
    @APIResponse(responseCode = "200", description = "One line per acknowledgement", content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
    public RestMulti<String> acknowledged(@PathParam("campaignId") @Pattern(regexp = ID) String campaignId) {
        return download(reports.acknowledgedCsv(campaignId), "acknowledged-" + campaignId + ".csv");
    }

    @GET
    @Path("/campaigns/{campaignId}/answers.csv")
    @Produces(CSV)
    @Operation(operationId = "downloadAnswers", summary = "The answers to the campaign's form, as CSV")
    @APIResponse(responseCode = "200", description = "One line per answer", content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such campaign")
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
