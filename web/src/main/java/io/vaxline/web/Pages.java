package io.vaxline.web;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The person's pages: log in with a code, the household, finding a slot and booking it. Plain HTML
 * forms that post and redirect, so everything works without JavaScript; every answer of booking-api
 * that a person can meet (wrong code, too many codes, slot taken with the fresh free slots, an
 * outcome still on its way) has its own page or message.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @RestClient
    BookingApi api;

    @Inject
    Template login;

    @Inject
    Template code;

    @Inject
    Template household;

    @Inject
    Template clinics;

    @Inject
    Template slots;

    @Inject
    Template waiting;

    @Context
    HttpHeaders headers;

    @ConfigProperty(name = "vaxline.web.secure-cookies", defaultValue = "false")
    boolean secureCookies;

    @ConfigProperty(name = "vaxline.web.near", defaultValue = "59.33,18.06")
    String near;

    @ConfigProperty(name = "vaxline.web.service", defaultValue = "covid-19")
    String service;

    @GET
    public Response start(@QueryParam("lang") String lang) {
        Locale locale = Session.locale(lang, headers);
        if (lang == null && Session.bearer(headers).isPresent()) {
            return redirect("/me");
        }
        return page(login.data("phone", "").data("error", null), locale, lang);
    }

    @POST
    @Path("login")
    public Uni<Response> sendCode(@FormParam("phone") String phone) {
        Locale locale = Session.locale(null, headers);
        return api.requestCode(Map.of("phone", phone == null ? "" : phone, "language", locale.getLanguage()))
                .map(answer -> switch (answer.getStatus()) {
                    case 202 -> redirect("/login/code?phone=" + java.net.URLEncoder.encode(phone, java.nio.charset.StandardCharsets.UTF_8));
                    default -> page(login.data("phone", phone).data("error", problem(answer)), locale, null);
                });
    }

    @GET
    @Path("login/code")
    public Response codePage(@QueryParam("phone") String phone) {
        return page(code.data("phone", phone).data("error", null), Session.locale(null, headers), null);
    }

    @POST
    @Path("login/code")
    public Uni<Response> verify(@FormParam("phone") String phone, @FormParam("code") String typed) {
        Locale locale = Session.locale(null, headers);
        return api.verifyCode(Map.of("phone", phone == null ? "" : phone, "code", typed == null ? "" : typed.strip()))
                .map(answer -> {
                    if (answer.getStatus() == 200) {
                        JsonNode loggedIn = answer.readEntity(JsonNode.class);
                        return Response.seeOther(URI.create("/me")).cookie(Session.token(loggedIn.path("token").asText(),
                                Instant.parse(loggedIn.path("expiresAt").asText()), secureCookies)).build();
                    }
                    return page(code.data("phone", phone).data("error", problem(answer)), locale, null);
                });
    }

    @GET
    @Path("logout")
    public Response logout() {
        return Response.seeOther(URI.create("/")).cookie(Session.loggedOut(secureCookies)).build();
    }

    @GET
    @Path("me")
    public Uni<Response> me(@QueryParam("booked") String booked, @QueryParam("lang") String lang) {
        Locale locale = Session.locale(lang, headers);
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        return api.people(bearer).chain(people -> {
            if (people.getStatus() == 401) {
                return Uni.createFrom().item(loggedOut());
            }
            return api.appointments(bearer).map(appointments -> page(household
                    .data("people", list(people.readEntity(JsonNode.class)))
                    .data("appointments", withTimes(list(appointments.readEntity(JsonNode.class)), locale, WHEN))
                    .data("booked", booked)
                    .data("error", null), locale, lang));
        });
    }

    @POST
    @Path("me/people")
    public Uni<Response> addPerson(@FormParam("name") String name, @FormParam("birthYear") String birthYear) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("name", name);
        person.put("birthYear", birthYear == null || !birthYear.strip().matches("\\d{4}") ? null : Integer.valueOf(birthYear.strip()));
        return api.addPerson(bearer, person).chain(added -> {
            if (added.getStatus() != 201) {
                String error = problem(added);
                return api.people(bearer).chain(people -> api.appointments(bearer).map(appointments -> page(household
                        .data("people", list(people.readEntity(JsonNode.class)))
                        .data("appointments", withTimes(list(appointments.readEntity(JsonNode.class)),
                                Session.locale(null, headers), WHEN))
                        .data("booked", null).data("error", error), Session.locale(null, headers), null)));
            }
            // A token that names the new person too, so they can be booked for.
            return api.refreshToken(bearer).map(refreshed -> {
                JsonNode token = refreshed.readEntity(JsonNode.class);
                return Response.seeOther(URI.create("/me")).cookie(Session.token(token.path("token").asText(),
                        Instant.parse(token.path("expiresAt").asText()), secureCookies)).build();
            });
        });
    }

    @GET
    @Path("book")
    public Uni<Response> findClinic(@QueryParam("person") String person, @QueryParam("date") String date) {
        LocalDate day = date == null || date.isBlank() ? LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(1) : LocalDate.parse(date);
        return api.clinics(near, day.toString(), service).map(found -> page(clinics.data("person", person)
                .data("date", day.toString()).data("clinics", found.stream().map(Pages::map).toList()),
                Session.locale(null, headers), null));
    }

    @GET
    @Path("book/slots")
    public Uni<Response> slotsPage(@QueryParam("person") String person, @QueryParam("clinic") String clinic,
            @QueryParam("date") String date) {
        return api.slots(clinic, date, service).map(answer -> answer.readEntity(JsonNode.class)).map(day -> page(slots
                .data("person", person).data("clinic", clinic).data("date", date).data("day", map(day))
                .data("slots", withTimes(list(day.path("slots")), Session.locale(null, headers), TIME))
                .data("key", UUID.randomUUID().toString())
                .data("taken", false).data("error", null), Session.locale(null, headers), null));
    }

    @POST
    @Path("book")
    public Uni<Response> book(@FormParam("person") String person, @FormParam("clinic") String clinic,
            @FormParam("date") String date, @FormParam("slot") String slot, @FormParam("key") String key) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("personId", person);
        booking.put("clinicId", clinic);
        booking.put("service", service);
        booking.put("slotStart", slot);
        return api.book(bearer, key, booking).chain(answer -> switch (answer.getStatus()) {
            case 201 -> Uni.createFrom().item(redirect("/me?booked=" + answer.readEntity(JsonNode.class).path("appointmentId").asText()));
            case 202 -> Uni.createFrom().item(redirect("/book/wait?request=" + answer.readEntity(JsonNode.class).path("requestId").asText()));
            case 401 -> Uni.createFrom().item(loggedOut());
            case 409 -> {
                JsonNode problem = answer.readEntity(JsonNode.class);
                // The slot went while the person chose: show the day's free slots as they are now, here.
                yield api.slots(clinic, date, service).map(fresh -> fresh.readEntity(JsonNode.class)).map(day -> page(slots
                        .data("person", person).data("clinic", clinic).data("date", date).data("day", map(day))
                        .data("slots", withTimes(problem.has("availability") ? list(problem.path("availability"))
                                : list(day.path("slots")), Session.locale(null, headers), TIME))
                        .data("key", UUID.randomUUID().toString())
                        .data("taken", "SLOT_FULL".equals(problem.path("reason").asText()))
                        .data("error", problem.path("detail").asText()), Session.locale(null, headers), null));
            }
            default -> Uni.createFrom().item(redirect("/me"));
        });
    }

    @GET
    @Path("book/wait")
    public Uni<Response> wait(@QueryParam("request") String request) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        return api.outcome(bearer, request).map(answer -> switch (answer.getStatus()) {
            case 200, 201 -> redirect("/me?booked=" + answer.readEntity(JsonNode.class).path("appointmentId").asText());
            case 409 -> page(waiting.data("request", request).data("error", problem(answer)), Session.locale(null, headers), null);
            default -> page(waiting.data("request", request).data("error", null), Session.locale(null, headers), null);
        });
    }

    @POST
    @Path("appointments/{appointmentId}/cancel")
    public Uni<Response> cancel(@PathParam("appointmentId") String appointmentId) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        return api.cancel(bearer, UUID.randomUUID().toString(), appointmentId).map(answer -> redirect("/me"));
    }

    private Response page(TemplateInstance page, Locale locale, String chosenLanguage) {
        Response.ResponseBuilder answer = Response.ok(page.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (chosenLanguage != null && Session.LANGUAGES.contains(chosenLanguage)) {
            answer.cookie(Session.language(chosenLanguage));
        }
        return answer.build();
    }

    private static final java.time.format.FormatStyle WHEN = java.time.format.FormatStyle.MEDIUM;
    private static final java.time.format.FormatStyle TIME = java.time.format.FormatStyle.SHORT;

    /** Each item's clinic-local start ({@code localStart}) as the person reads times: "when" (day and time) and "time". */
    private static List<Map<String, Object>> withTimes(List<Map<String, Object>> items, Locale locale,
            java.time.format.FormatStyle style) {
        for (Map<String, Object> item : items) {
            Object start = item.get("localStart");
            if (start != null) {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(start.toString());
                item.put("when", at.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", locale)));
                item.put("time", at.format(java.time.format.DateTimeFormatter.ofLocalizedTime(style).withLocale(locale)));
            }
        }
        return items;
    }

    private Response loggedOut() {
        return Response.seeOther(URI.create("/")).cookie(Session.loggedOut(secureCookies)).build();
    }

    private static Response redirect(String to) {
        return Response.seeOther(URI.create(to)).build();
    }

    private static String problem(Response answer) {
        JsonNode problem = answer.readEntity(JsonNode.class);
        if (problem.has("errors")) {
            StringBuilder text = new StringBuilder();
            problem.path("errors").forEach(e -> text.append(e.path("field").asText()).append(": ")
                    .append(e.path("message").asText()).append(". "));
            return text.toString().strip();
        }
        return problem.path("detail").asText(problem.path("title").asText("Something went wrong; try again."));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(JsonNode node) {
        return node == null || !node.isArray() ? List.of() : JSON.convertValue(node, List.class);
    }
}
