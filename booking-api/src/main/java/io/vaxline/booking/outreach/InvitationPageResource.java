package io.vaxline.booking.outreach;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The page an outreach link opens (no login: the link's token is the key). Opening it acknowledges the
 * invitation; the page leads to booking and shows the campaign's form, whose answers come back here
 * (from the page's form, or as JSON).
 */
@Path("/o/{token}")
@Tag(name = "Invitations", description = "The page an invitation's link opens; the link's token is the credential")
public class InvitationPageResource {

    private static final String GONE = "This link is not (or no longer) valid. Check that it was copied whole.";

    @Inject
    InvitationLinks links;

    @Inject
    Template invitation;

    @Inject
    OutreachSettings settings;

    public record Page(String campaign, String message, String greeting, String bookingUrl,
            List<io.vaxline.booking.outreach.FormField> form, boolean answered) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true) // declared with json(), as its text/html answer
    public Uni<String> page(@PathParam("token") String token) {
        return open(token).map(opened -> html(token, opened, false));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openInvitation", summary = "An invitation: its message, where to book, and its form",
            description = "Ask with Accept: text/html for the page itself. Opening counts as acknowledging the invitation.")
    @APIResponse(responseCode = "200", description = "The invitation", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Page.class)),
            @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The link is not (or no longer) valid")
    public Uni<Page> json(@PathParam("token") String token) {
        return open(token).map(opened -> new Page(opened.campaignName(), opened.message(), opened.givenName(),
                settings.bookingUrl(), opened.form(), opened.answered()));
    }

    /** The page's own form. */
    @POST
    @Operation(hidden = true) // declared with answerAsJson(), as its form body and text/html answer
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> answerFromPage(@PathParam("token") String token, MultivaluedMap<String, String> form) {
        return answer(token, form).chain(() -> links.open(token, false))
                .map(opened -> html(token, opened.orElseThrow(() -> new NotFoundException(GONE)), true));
    }

    /** Answers as JSON: a field's name to a text, or a list of texts for several choices. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "answerInvitation", summary = "Answer the invitation's form",
            description = "As JSON (a field's name to a text, or a list of texts for several choices), or as the page's form.")
    @APIResponse(responseCode = "200", description = "The answers as kept; the page thanks the person", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The link is not (or no longer) valid")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "The campaign has no form to answer")
    @RequestBody(required = false, description = "Nothing filled in is an answer too", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT)) })
    public Uni<Map<String, Object>> answerAsJson(@PathParam("token") String token, Map<String, Object> body) {
        Map<String, List<String>> given = new java.util.LinkedHashMap<>();
        (body == null ? Map.<String, Object>of() : body).forEach((name, value) -> given.put(name,
                value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : value == null ? List.of() : List.of(String.valueOf(value))));
        return answer(token, given);
    }

    private Uni<Map<String, Object>> answer(String token, Map<String, List<String>> given) {
        return links.answer(token, given).map(answers -> answers.orElseThrow(() -> new NotFoundException(GONE)));
    }

    private Uni<InvitationLinks.Opened> open(String token) {
        return links.open(token, true).map(opened -> opened.orElseThrow(() -> new NotFoundException(GONE)));
    }

    private String html(String token, InvitationLinks.Opened opened, boolean thanks) {
        return invitation.data("opened", opened).data("bookingUrl", settings.bookingUrl()).data("token", token)
                .data("thanks", thanks).render();
    }
}
