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
import io.smallrye.common.annotation.Blocking;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The page an outreach link opens (no login: the link's token is the key). Opening it acknowledges the
 * invitation; the page leads to booking and shows the campaign's form, whose answers come back here
 * (from the page's form, or as JSON).
 */
@Path("/o/{token}")
@Blocking
public class InvitationPageResource {

    private static final String GONE = "This link is not (or no longer) valid. Check that it was copied whole.";

    @Inject
    InvitationLinks links;

    @Inject
    Template invitation;

    @ConfigProperty(name = "vaxline.outreach.booking-url")
    String bookingUrl;

    public record Page(String campaign, String message, String greeting, String bookingUrl,
            List<io.vaxline.booking.outreach.FormField> form, boolean answered) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page(@PathParam("token") String token) {
        return html(token, open(token), false);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Page json(@PathParam("token") String token) {
        InvitationLinks.Opened opened = open(token);
        return new Page(opened.campaignName(), opened.message(), opened.givenName(), bookingUrl, opened.form(), opened.answered());
    }

    /** The page's own form. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public String answerFromPage(@PathParam("token") String token, MultivaluedMap<String, String> form) {
        answer(token, form);
        return html(token, links.open(token, false).orElseThrow(() -> new NotFoundException(GONE)), true);
    }

    /** Answers as JSON: a field's name to a text, or a list of texts for several choices. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> answerAsJson(@PathParam("token") String token, Map<String, Object> body) {
        Map<String, List<String>> given = new java.util.LinkedHashMap<>();
        (body == null ? Map.<String, Object>of() : body).forEach((name, value) -> given.put(name,
                value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : value == null ? List.of() : List.of(String.valueOf(value))));
        return answer(token, given);
    }

    private Map<String, Object> answer(String token, Map<String, List<String>> given) {
        return links.answer(token, given).orElseThrow(() -> new NotFoundException(GONE));
    }

    private InvitationLinks.Opened open(String token) {
        return links.open(token, true).orElseThrow(() -> new NotFoundException(GONE));
    }

    private String html(String token, InvitationLinks.Opened opened, boolean thanks) {
        return invitation.data("opened", opened).data("bookingUrl", bookingUrl).data("token", token)
                .data("thanks", thanks).render();
    }
}
