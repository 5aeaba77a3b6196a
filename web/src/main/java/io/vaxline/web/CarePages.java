package io.vaxline.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * Booking a doctor (care): the doctor's appointment types and free slots of a day, a person of the household,
 * the fee paid with the configured provider, then the household's doctor appointments with their video links,
 * notes and diagnoses. Through care's public REST API, with the person's own token.
 */
@Path("/care")
@Produces(MediaType.TEXT_HTML)
public class CarePages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    @RestClient
    CareApi care;

    @Inject
    @RestClient
    BookingApi booking;

    @Inject
    @Location("care/doctor.html")
    Template careDoctor;

    @Inject
    @Location("care/appointments.html")
    Template careAppointments;

    @Context
    HttpHeaders headers;

    @GET
    @Path("doctors/{doctorId}")
    public Uni<Response> doctorPage(@PathParam("doctorId") String doctorId, @QueryParam("date") String date,
            @QueryParam("lang") String lang) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/care/doctors/" + doctorId + (date == null ? "" : "?date=" + date))));
        }
        return doctor(bearer, doctorId, date == null ? LocalDate.now().plusDays(1) : LocalDate.parse(date), null, lang);
    }

    @POST
    @Path("doctors/{doctorId}/book")
    public Uni<Response> book(@PathParam("doctorId") String doctorId, @FormParam("date") String date,
            @FormParam("person") String person, @FormParam("type") String type, @FormParam("slot") String slot,
            @FormParam("paymentMethod") String paymentMethod) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/care/doctors/" + doctorId)));
        }
        LocalDate day = LocalDate.parse(date);
        if (person == null || type == null || slot == null) {
            return doctor(bearer, doctorId, day, "choose", null);
        }
        Map<String, Object> body = new LinkedHashMap<>(Map.of("personId", person, "doctorId", doctorId, "typeId", type,
                "slotStart", slot));
        if (paymentMethod != null && !paymentMethod.isBlank()) {
            body.put("paymentMethod", paymentMethod);
        }
        return care.book(bearer, "web-" + UUID.randomUUID(), body).chain(answer -> switch (answer.getStatus()) {
            case 201 -> Uni.createFrom().item(redirect("/care/appointments?booked="
                    + encode(answer.readEntity(JsonNode.class).path("appointmentId").asText())));
            case 202 -> Uni.createFrom().item(redirect("/care/appointments"));
            case 401 -> Uni.createFrom().item(redirect("/?next=" + encode("/care/doctors/" + doctorId)));
            case 402 -> doctor(bearer, doctorId, day, "payment", null);
            case 409 -> doctor(bearer, doctorId, day, "taken", null);
            default -> doctor(bearer, doctorId, day, "other", null);
        });
    }

    @GET
    @Path("appointments")
    public Uni<Response> appointments(@QueryParam("booked") String booked, @QueryParam("lang") String lang) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/care/appointments")));
        }
        Locale locale = Session.locale(lang, headers);
        return care.mine(bearer).map(answer -> {
            if (answer.getStatus() == 401) {
                return redirect("/?next=" + encode("/care/appointments"));
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (JsonNode a : answer.readEntity(JsonNode.class)) {
                Map<String, Object> item = JSON.convertValue(a, MAP);
                item.put("when", ZonedDateTime.parse(a.path("localStart").asText())
                        .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT).withLocale(locale)));
                item.put("fee", fee(a.path("feeMinor").asLong(), a.path("currency").asText()));
                list.add(item);
            }
            return page(careAppointments.data("appointments", list).data("booked", booked), locale, lang);
        });
    }

    private Uni<Response> doctor(String bearer, String doctorId, LocalDate day, String error, String lang) {
        Locale locale = Session.locale(lang, headers);
        return care.doctor(doctorId).chain(found -> {
            if (found.getStatus() != 200) {
                return Uni.createFrom().item(Response.status(404).type(MediaType.TEXT_PLAIN_TYPE).entity("No such doctor.").build());
            }
            Map<String, Object> doctor = JSON.convertValue(found.readEntity(JsonNode.class), MAP);
            List<Map<String, Object>> types = new ArrayList<>();
            boolean anyFee = false;
            for (Object t : (List<?>) doctor.get("types")) {
                Map<String, Object> type = new LinkedHashMap<>(JSON.convertValue(t, MAP));
                long minor = ((Number) type.get("feeMinor")).longValue();
                anyFee |= minor > 0;
                type.put("fee", minor == 0 ? null : fee(minor, String.valueOf(type.get("currency"))));
                type.put("video", "VIDEO".equals(type.get("mode")));
                types.add(type);
            }
            boolean fees = anyFee;
            return care.slots(doctorId, day.toString()).chain(slotsAnswer -> booking.people(bearer).map(people -> {
                if (people.getStatus() == 401) {
                    return redirect("/?next=" + encode("/care/doctors/" + doctorId));
                }
                List<Map<String, Object>> slots = new ArrayList<>();
                if (slotsAnswer.getStatus() == 200) {
                    for (JsonNode slot : slotsAnswer.readEntity(JsonNode.class).path("slots")) {
                        slots.add(Map.of("start", slot.path("start").asText(), "time", ZonedDateTime.parse(slot.path("localStart").asText())
                                .format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale))));
                    }
                }
                List<Map<String, Object>> household = new ArrayList<>();
                for (JsonNode p : people.readEntity(JsonNode.class)) {
                    household.add(Map.of("personId", p.path("personId").asText(), "name", p.path("name").asText()));
                }
                return page(careDoctor.data("doctor", doctor).data("types", types).data("slots", slots).data("people", household)
                        .data("date", day.toString()).data("fees", fees).data("error", error), locale, lang);
            }));
        });
    }

    private static String fee(long minor, String currency) {
        return String.format(Locale.ROOT, "%d.%02d %s", minor / 100, minor % 100, currency);
    }

    private Response page(TemplateInstance page, Locale locale, String chosenLanguage) {
        Response.ResponseBuilder answer = Response.ok(page.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (chosenLanguage != null && Session.LANGUAGES.contains(chosenLanguage)) {
            answer.cookie(Session.language(chosenLanguage));
        }
        return answer.build();
    }

    private static Response redirect(String to) {
        return Response.seeOther(URI.create(to)).build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
