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
 * the fee paid on the provider's checkout page (Stripe's, or the local provider's test card form here), then the
 * household's doctor appointments with their video links, notes, diagnoses and payments, and cancelling one. Through care's public REST API, with the person's own token.
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

    @Inject
    @Location("care/checkout.html")
    Template careCheckout;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "vaxline.web.public-url")
    java.util.Optional<String> publicUrl;

    @Context
    HttpHeaders headers;

    @Context
    jakarta.ws.rs.core.UriInfo uri;

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
            @FormParam("person") String person, @FormParam("type") String type, @FormParam("slot") String slot) {
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
        // A fee is paid on the provider's checkout page (Stripe's, or the local provider's below), which comes back here.
        body.put("returnUrl", origin() + "/care/appointments");
        return book(bearer, "web-" + UUID.randomUUID(), body, 20).chain(answer -> switch (answer.getStatus()) {
            case 201 -> {
                JsonNode booked = answer.readEntity(JsonNode.class);
                String checkout = booked.path("checkoutUrl").asText(null);
                yield Uni.createFrom().item(redirect(checkout != null ? checkout
                        : "/care/appointments?booked=" + encode(booked.path("appointmentId").asText())));
            }
            case 202 -> Uni.createFrom().item(redirect("/care/appointments"));
            case 401 -> Uni.createFrom().item(redirect("/?next=" + encode("/care/doctors/" + doctorId)));
            case 402 -> doctor(bearer, doctorId, day, "payment", null);
            case 409 -> doctor(bearer, doctorId, day, "taken", null);
            default -> doctor(bearer, doctorId, day, "other", null);
        });
    }

    /**
     * Books, asking again with the same Idempotency-Key while the decision is on its way (202), so the person reaches the
     * appointment, and a fee its payment page, once scheduler-stream has decided (within seconds).
     */
    private Uni<Response> book(String bearer, String key, Map<String, Object> body, int attempts) {
        return care.book(bearer, key, body).chain(answer -> answer.getStatus() != 202 || attempts <= 1
                ? Uni.createFrom().item(answer)
                : Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(250))
                        .chain(() -> book(bearer, key, body, attempts - 1)));
    }

    @GET
    @Path("checkout/{reference}")
    public Uni<Response> checkoutPage(@PathParam("reference") String reference, @QueryParam("lang") String lang) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/care/checkout/" + reference)));
        }
        return checkout(bearer, reference, Map.of(), Map.of(), lang);
    }

    /**
     * The local provider's card form: a test card is checked here and only its payment method is reported to care (as
     * Stripe's page reports by webhook); declined, or given up, the appointment is cancelled and its time is free again.
     */
    @POST
    @Path("checkout/{reference}")
    public Uni<Response> pay(@PathParam("reference") String reference, @FormParam("action") String action,
            @FormParam("name") String name, @FormParam("number") String number, @FormParam("expiry") String expiry,
            @FormParam("cvc") String cvc) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/care/checkout/" + reference)));
        }
        Map<String, Object> report;
        if ("cancel".equals(action)) {
            report = Map.of("cancelled", true);
        } else {
            TestCards.Checked checked = TestCards.check(name, number, expiry, cvc, java.time.YearMonth.now());
            if (!checked.errors().isEmpty()) {
                Map<String, String> typed = new LinkedHashMap<>();
                typed.put("name", name == null ? "" : name);
                typed.put("number", number == null ? "" : number);
                typed.put("expiry", expiry == null ? "" : expiry);
                return checkout(bearer, reference, checked.errors(), typed, null);
            }
            report = Map.of("paymentMethod", checked.paymentMethod());
        }
        return care.completeLocalCheckout(bearer, reference, report).chain(answer -> {
            if (answer.getStatus() == 401) {
                return Uni.createFrom().item(redirect("/?next=" + encode("/care/checkout/" + reference)));
            }
            if (answer.getStatus() != 200) {
                // Decided already (paid, declined, expired) or not this household's: the appointments say how it stands.
                return Uni.createFrom().item(redirect("/care/appointments"));
            }
            JsonNode decided = answer.readEntity(JsonNode.class);
            String appointment = encode(decided.path("appointment").path("appointmentId").asText());
            return Uni.createFrom().item(redirect("/care/appointments?" + ("SUCCEEDED".equals(decided.path("status").asText())
                    ? "paid=" : "cancel".equals(action) ? "gaveup=" : "unpaid=") + appointment));
        });
    }

    @POST
    @Path("appointments/{appointmentId}/cancel")
    public Uni<Response> cancel(@PathParam("appointmentId") String appointmentId) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/care/appointments")));
        }
        return care.cancelOwn(bearer, appointmentId, "web-cancel-" + appointmentId).map(answer -> switch (answer.getStatus()) {
            case 200, 202 -> redirect("/care/appointments?cancelled=" + encode(appointmentId));
            case 401 -> redirect("/?next=" + encode("/care/appointments"));
            default -> redirect("/care/appointments?notcancelled=" + encode(appointmentId));
        });
    }

    private Uni<Response> checkout(String bearer, String reference, Map<String, String> errors, Map<String, String> typed,
            String lang) {
        Locale locale = Session.locale(lang, headers);
        return care.localCheckout(bearer, reference).map(answer -> {
            if (answer.getStatus() == 401) {
                return redirect("/?next=" + encode("/care/checkout/" + reference));
            }
            if (answer.getStatus() != 200) {
                return Response.status(404).type(MediaType.TEXT_PLAIN_TYPE).entity("No such payment.").build();
            }
            JsonNode found = answer.readEntity(JsonNode.class);
            if (!"PENDING".equals(found.path("status").asText())) {
                return redirect("/care/appointments");
            }
            JsonNode a = found.path("appointment");
            Map<String, Object> checkout = new LinkedHashMap<>();
            checkout.put("reference", reference);
            checkout.put("amount", fee(found.path("amountMinor").asLong(), found.path("currency").asText()));
            checkout.put("doctorName", a.path("doctorName").asText());
            checkout.put("typeName", a.path("typeName").asText());
            checkout.put("when", ZonedDateTime.parse(a.path("localStart").asText())
                    .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT).withLocale(locale)));
            Response page = page(careCheckout.data("checkout", checkout).data("errors", errors).data("typed", typed), locale, lang);
            return errors.isEmpty() ? page : Response.fromResponse(page).status(422).build();
        });
    }

    /** Where people reach these pages: WEB_PUBLIC_URL, else the address this request came to. */
    private String origin() {
        String base = publicUrl.filter(u -> !u.isBlank()).orElseGet(() -> uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @GET
    @Path("appointments")
    public Uni<Response> appointments(@QueryParam("booked") String booked, @QueryParam("paid") String paid,
            @QueryParam("unpaid") String unpaid, @QueryParam("gaveup") String gaveUp, @QueryParam("cancelled") String cancelled,
            @QueryParam("notcancelled") String notCancelled, @QueryParam("lang") String lang) {
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
                boolean upcoming = ZonedDateTime.parse(a.path("localStart").asText()).toInstant().isAfter(java.time.Instant.now());
                item.put("cancellable", upcoming && "BOOKED".equals(a.path("status").asText()));
                String charge = null;
                boolean refunded = false;
                for (JsonNode p : a.path("payments")) {
                    if ("REFUND".equals(p.path("kind").asText())) {
                        refunded |= "SUCCEEDED".equals(p.path("status").asText());
                    } else {
                        charge = p.path("status").asText();
                    }
                }
                // One word for the money: paid, refunded, waiting to be paid (with the page to pay on), or refused.
                item.put("payment", refunded ? "refunded" : charge == null ? null : switch (charge) {
                    case "SUCCEEDED" -> "paid";
                    case "PENDING" -> "pending";
                    default -> "failed";
                });
                item.put("refundable", null);
                item.put("late", false);
                if ("SUCCEEDED".equals(charge) && !refunded && a.hasNonNull("refundableUntil")) {
                    java.time.Instant until = java.time.Instant.parse(a.path("refundableUntil").asText());
                    item.put("refundable", until.isAfter(java.time.Instant.now()) ? until.atZone(ZonedDateTime.parse(a.path("localStart")
                            .asText()).getZone()).format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
                                    .withLocale(locale)) : null);
                    item.put("late", !until.isAfter(java.time.Instant.now()));
                }
                list.add(item);
            }
            Map<String, String> notice = new LinkedHashMap<>();
            for (String[] n : new String[][] { { "booked", booked }, { "paid", paid }, { "unpaid", unpaid }, { "gaveup", gaveUp },
                    { "cancelled", cancelled }, { "notcancelled", notCancelled } }) {
                if (n[1] != null) {
                    notice.put("kind", n[0]);
                    notice.put("appointment", n[1]);
                }
            }
            return page(careAppointments.data("appointments", list).data("notice", notice.isEmpty() ? null : notice), locale, lang);
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
