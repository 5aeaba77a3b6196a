package io.vaxline.web;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The page a texted link opens ({@code /a/<token>}): no login, one appointment, one action. A
 * cancellation link shows the appointment and asks before cancelling; a rescheduling link shows the
 * free times of a day at the same clinic and moves the appointment to the one picked. booking-api checks
 * the token on every call; this page only passes it on and says in the person's language what a refusal
 * means (expired, not a valid link). The token is in the path, so the page is sent {@code no-store} and
 * without a referrer.
 */
@Path("/a/{token}")
@Produces(MediaType.TEXT_HTML)
public class LinkPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @RestClient
    BookingApi api;

    @Inject
    Template link;

    @Context
    HttpHeaders headers;

    @ConfigProperty(name = "vaxline.web.service", defaultValue = "covid-19")
    String service;

    @GET
    public Uni<Response> show(@PathParam("token") String token, @QueryParam("date") String date, @QueryParam("lang") String lang) {
        return page(token, date, null, null, false, lang);
    }

    @POST
    public Uni<Response> cancel(@PathParam("token") String token, @FormParam("appointment") String appointmentId,
            @FormParam("key") String key) {
        return api.cancelByLink(token, key(key), Map.of("appointmentId", text(appointmentId))).chain(answer -> switch (answer.getStatus()) {
            case 200 -> page(token, null, "cancelled", null, false, null);
            case 202 -> page(token, null, "pending", null, false, null);
            default -> refused(token, answer);
        });
    }

    @POST
    @Path("move")
    public Uni<Response> move(@PathParam("token") String token, @FormParam("appointment") String appointmentId,
            @FormParam("clinic") String clinic, @FormParam("date") String date, @FormParam("slot") String slot,
            @FormParam("key") String key) {
        Map<String, Object> body = Map.of("appointmentId", text(appointmentId), "clinicId", text(clinic), "slotStart", text(slot));
        return api.rescheduleByLink(token, key(key), body).chain(answer -> switch (answer.getStatus()) {
            case 200 -> page(token, null, "moved", null, false, null);
            case 202 -> page(token, null, "pending", null, false, null);
            case 409 -> page(token, date, null, null, true, null);
            default -> refused(token, answer);
        });
    }

    /**
     * The link's page: the appointment as it is now, and what the link may do with it; {@code done} says what was
     * just done, {@code taken} that the time picked was just taken.
     */
    private Uni<Response> page(String token, String date, String done, String error, boolean taken, String lang) {
        Locale locale = Session.locale(lang, headers);
        return api.link(token).chain(answer -> {
            if (answer.getStatus() != 200) {
                return Uni.createFrom().item(problemPage(answer, locale, lang));
            }
            JsonNode found = answer.readEntity(JsonNode.class);
            JsonNode appointment = found.path("appointment");
            String clinicId = appointment.path("clinicId").asText();
            String zone = appointment.path("timeZone").asText("UTC");
            ZonedDateTime start = ZonedDateTime.parse(appointment.path("slotStart").asText()).withZoneSameInstant(java.time.ZoneId.of(zone));
            LocalDate day = day(date, start.toLocalDate());
            boolean moving = "RESCHEDULE".equals(found.path("purpose").asText());
            return api.slots(clinicId, day.toString(), appointment.path("service").asText(service)).map(slots -> {
                JsonNode clinicDay = slots.getStatus() == 200 ? slots.readEntity(JsonNode.class) : JSON.createObjectNode();
                List<Map<String, String>> free = new ArrayList<>();
                if (moving) {
                    clinicDay.path("slots").forEach(s -> {
                        ZonedDateTime at = ZonedDateTime.parse(s.path("localStart").asText());
                        free.add(Map.of("start", s.path("start").asText(),
                                "time", at.format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale))));
                    });
                }
                TemplateInstance page = link.data("token", token).data("moving", moving)
                        .data("appointmentId", appointment.path("appointmentId").asText())
                        .data("cancelled", "CANCELLED".equals(appointment.path("status").asText()))
                        .data("service", appointment.path("service").asText())
                        .data("when", start.format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", locale)))
                        .data("clinicId", clinicId)
                        .data("clinicName", clinicDay.path("name").asText(clinicId))
                        .data("clinicAddress", clinicDay.path("address").asText(""))
                        .data("date", day.toString())
                        .data("dateText", day.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale)))
                        .data("slots", free).data("taken", taken)
                        .data("key", UUID.randomUUID().toString()).data("done", done).data("error", error)
                        .data("problem", null);
                return render(page, locale, lang);
            });
        });
    }

    /** An action refused after the page was shown: the page again, with booking-api's reason. */
    private Uni<Response> refused(String token, Response answer) {
        return page(token, null, null, detail(answer), false, null);
    }

    /** A link booking-api refuses to open: expired, changed, or for an appointment that has begun. */
    private Response problemPage(Response answer, Locale locale, String lang) {
        String type = "";
        String detail = "";
        try {
            JsonNode problem = answer.readEntity(JsonNode.class);
            type = problem.path("type").asText("");
            detail = problem.path("detail").asText("");
        } catch (RuntimeException unreadable) {
            detail = "(" + answer.getStatus() + ")";
        }
        String kind = type.endsWith("/link-expired") || type.endsWith("/appointment-begun") ? "expired"
                : type.endsWith("/link-invalid") || answer.getStatus() == 404 ? "invalid" : "other";
        return render(link.data("problem", kind).data("error", detail), locale, lang);
    }

    private Response render(TemplateInstance page, Locale locale, String chosenLanguage) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        Response.ResponseBuilder answer = Response.ok(page.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).cacheControl(noStore)
                .header("Referrer-Policy", "no-referrer");
        if (chosenLanguage != null && Session.LANGUAGES.contains(chosenLanguage)) {
            answer.cookie(Session.language(chosenLanguage));
        }
        return answer.build();
    }

    private static String detail(Response answer) {
        try {
            JsonNode problem = answer.readEntity(JsonNode.class);
            return problem.path("detail").asText(problem.path("title").asText("(" + answer.getStatus() + ")"));
        } catch (RuntimeException e) {
            return "(" + answer.getStatus() + ")";
        }
    }

    private static LocalDate day(String date, LocalDate fallback) {
        try {
            return date == null || date.isBlank() ? fallback : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static String key(String key) {
        return key != null && key.matches("[A-Za-z0-9-]{8,64}") ? key : UUID.randomUUID().toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
