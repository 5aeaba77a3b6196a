package io.vaxline.web.console;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vaxline.web.Session;
import io.vaxline.web.records.RecordsApi;
import io.vaxline.web.records.Snippet;

/**
 * A doctor searches the text of a patient's documents (records' full-text search), signed in to the clinic console
 * with their staff token. records lets only the patient's doctor search (one who has prescribed for the patient);
 * its refusal is shown as a message that says so, with the form kept.
 */
@Path("/clinic/{clinicId}/documents")
@Produces(MediaType.TEXT_HTML)
public class PatientDocuments {

    @Inject
    @RestClient
    RecordsApi records;

    @Inject
    @RestClient
    ConsoleApi booking;

    @Inject
    @Location("console/documents.html")
    Template page;

    @Context
    HttpHeaders headers;

    @ConfigProperty(name = "vaxline.web.secure-cookies", defaultValue = "false")
    boolean secureCookies;

    @GET
    public Uni<Response> search(@PathParam("clinicId") String clinicId, @QueryParam("person") String person,
            @QueryParam("q") String q, @QueryParam("lang") String lang) {
        Optional<String> bearer = Session.staffBearer(headers);
        if (bearer.isEmpty()) {
            return Uni.createFrom().item(Response.seeOther(URI.create("/clinic/login")).build());
        }
        Locale locale = Session.locale(lang, headers);
        String patient = person == null ? "" : person.strip();
        String words = q == null ? "" : q.strip();
        return clinic(clinicId).chain(day -> {
            TemplateInstance view = withClinic(day).data("person", patient).data("q", words).data("hits", null)
                    .data("outcome", null);
            if (patient.isEmpty() && words.isEmpty()) {
                return Uni.createFrom().item(html(view, 200, locale, lang));
            }
            if (patient.isEmpty() || words.isEmpty() || words.length() > 200) {
                return Uni.createFrom().item(html(view.data("outcome", "invalid"), 422, locale, lang));
            }
            return records.search(bearer.get(), patient, words).map(answer -> switch (answer.getStatus()) {
                case 200 -> html(view.data("hits", hits(answer.readEntity(JsonNode.class), day.zone(), locale)), 200, locale, lang);
                case 401 -> Response.seeOther(URI.create("/clinic/login?expired=true")).cookie(Session.staffLoggedOut(secureCookies))
                        .build();
                case 403 -> html(view.data("outcome", "refused"), 403, locale, lang);
                case 422 -> html(view.data("outcome", "invalid"), 422, locale, lang);
                default -> html(view.data("outcome", "unavailable"), 503, locale, lang);
            }).onFailure().recoverWithItem(() -> html(view.data("outcome", "unavailable"), 503, locale, lang));
        });
    }

    private static List<Map<String, Object>> hits(JsonNode found, ZoneId zone, Locale locale) {
        List<Map<String, Object>> hits = new ArrayList<>();
        for (JsonNode hit : found) {
            hits.add(Map.of("documentId", hit.path("documentId").asText(), "fileName", hit.path("fileName").asText(),
                    "snippet", Snippet.html(hit.path("snippet").asText("")),
                    "uploadedAt", Instant.parse(hit.path("uploadedAt").asText()).atZone(zone)
                            .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale))));
        }
        return hits;
    }

    /** The clinic's name and time zone, from booking-api's public slots answer (as the console's other pages). */
    private Uni<Console.ClinicDay> clinic(String clinicId) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return booking.slots(clinicId, today.toString(), null).map(answer -> {
            if (answer.getStatus() != 200) {
                return new Console.ClinicDay(clinicId, clinicId, ZoneOffset.UTC, today);
            }
            JsonNode clinic = answer.readEntity(JsonNode.class);
            ZoneId zone = ZoneId.of(clinic.path("timeZone").asText("UTC"));
            return new Console.ClinicDay(clinicId, clinic.path("name").asText(clinicId), zone, LocalDate.now(zone));
        }).onFailure().recoverWithItem(() -> new Console.ClinicDay(clinicId, clinicId, ZoneOffset.UTC, today));
    }

    private TemplateInstance withClinic(Console.ClinicDay day) {
        Optional<StaffClaims> claims = Session.staffBearer(headers).flatMap(b -> StaffClaims.read(b.substring(7)));
        return page.data("clinic", day).data("clinicId", day.clinicId()).data("date", day.date().toString())
                .data("section", "documents").data("who", claims.map(StaffClaims::staffName).orElse(""))
                .data("admin", claims.map(StaffClaims::admin).orElse(false));
    }

    private static Response html(TemplateInstance view, int status, Locale locale, String lang) {
        Response.ResponseBuilder answer = Response.status(status)
                .entity(view.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store");
        if (lang != null && Session.LANGUAGES.contains(lang)) {
            answer.cookie(Session.language(lang));
        }
        return answer.build();
    }
}
