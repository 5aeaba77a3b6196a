package io.vaxline.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The person's pages: log in with a code, the household (who may book from when, appointments,
 * certificates), finding a clinic and a time, booking, moving and cancelling. Plain HTML forms
 * that post and redirect, so everything works without JavaScript; every answer of booking-api a
 * person can meet (wrong code, too many codes, slot taken with the fresh free slots, an outcome
 * still on its way) has its own page or message.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @RestClient
    BookingApi api;

    @Inject
    @RestClient
    CertificateApi certificates;

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

    @Inject
    Template offer;

    @Inject
    Template certificate;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    @ConfigProperty(name = "vaxline.web.secure-cookies", defaultValue = "false")
    boolean secureCookies;

    @ConfigProperty(name = "vaxline.web.near", defaultValue = "59.33,18.06")
    String near;

    @ConfigProperty(name = "vaxline.web.service", defaultValue = "covid-19")
    String service;

    // ---- logging in ----

    @GET
    public Response start(@QueryParam("lang") String lang, @QueryParam("next") String next) {
        Locale locale = Session.locale(lang, headers);
        if (lang == null && Session.bearer(headers).isPresent()) {
            return redirect(local(next).orElse("/me"));
        }
        return page(login.data("phone", "").data("next", local(next).orElse(null)).data("error", null), locale, lang);
    }

    @POST
    @Path("login")
    public Uni<Response> sendCode(@FormParam("phone") String phone, @FormParam("next") String next) {
        Locale locale = locale();
        String typed = phone == null ? "" : phone;
        return api.requestCode(browser(), Map.of("phone", typed, "language", locale.getLanguage()))
                .map(answer -> switch (answer.getStatus()) {
                    case 202 -> redirect("/login/code?phone=" + encode(typed) + local(next).map(n -> "&next=" + encode(n)).orElse(""));
                    default -> page(login.data("phone", typed).data("next", local(next).orElse(null))
                            .data("error", problem(answer)), locale, null);
                });
    }

    @GET
    @Path("login/code")
    public Response codePage(@QueryParam("phone") String phone, @QueryParam("next") String next) {
        return page(code.data("phone", phone).data("next", local(next).orElse(null)).data("error", null), locale(), null);
    }

    @POST
    @Path("login/code")
    public Uni<Response> verify(@FormParam("phone") String phone, @FormParam("code") String typed,
            @FormParam("next") String next) {
        return api.verifyCode(browser(), Map.of("phone", phone == null ? "" : phone, "code", typed == null ? "" : typed.strip()))
                .map(answer -> {
                    if (answer.getStatus() == 200) {
                        JsonNode loggedIn = answer.readEntity(JsonNode.class);
                        return Response.seeOther(URI.create(local(next).orElse("/me"))).cookie(Session.token(
                                loggedIn.path("token").asText(), Instant.parse(loggedIn.path("expiresAt").asText()),
                                secureCookies)).build();
                    }
                    return page(code.data("phone", phone).data("next", local(next).orElse(null))
                            .data("error", problem(answer)), locale(), null);
                });
    }

    @GET
    @Path("logout")
    public Response logout() {
        return Response.seeOther(URI.create("/")).cookie(Session.loggedOut(secureCookies)).build();
    }

    // ---- the household ----

    @GET
    @Path("me")
    public Uni<Response> me(@QueryParam("booked") String booked, @QueryParam("moved") String moved,
            @QueryParam("cancelled") String cancelled, @QueryParam("corrected") String corrected, @QueryParam("lang") String lang) {
        Locale locale = Session.locale(lang, headers);
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        return householdPage(bearer, locale, null, booked).map(page -> page == null ? loggedOut()
                : page(page.data("booked", booked).data("moved", moved).data("cancelled", cancelled).data("corrected", corrected),
                        locale, lang));
    }

    /**
     * After a booking: the day offered for the series' next dose at the same clinic, unless the person
     * holds that dose already or the series has no further dose (null then).
     */
    private Uni<Map<String, Object>> nextDoseOffer(List<Map<String, Object>> appointments, String booked, Locale locale) {
        Map<String, Object> made = booked == null ? null : appointments.stream()
                .filter(a -> booked.equals(a.get("appointmentId")) && "BOOKED".equals(a.get("status"))).findFirst().orElse(null);
        if (made == null) {
            return Uni.createFrom().nullItem();
        }
        int dose = ((Number) made.get("doseNumber")).intValue();
        boolean holdsNext = appointments.stream().anyMatch(a -> "BOOKED".equals(a.get("status"))
                && made.get("personId").equals(a.get("personId")) && made.get("service").equals(a.get("service"))
                && ((Number) a.get("doseNumber")).intValue() == dose + 1);
        if (holdsNext) {
            return Uni.createFrom().nullItem();
        }
        return api.nextDose(String.valueOf(made.get("clinicId")), String.valueOf(made.get("service")),
                String.valueOf(made.get("slotStart")), dose).map(answer -> {
                    if (answer.getStatus() != 200) {
                        return null;
                    }
                    JsonNode offer = answer.readEntity(JsonNode.class);
                    LocalDate date = LocalDate.parse(offer.path(offer.hasNonNull("date") ? "date" : "recommended").asText());
                    Map<String, Object> next = new LinkedHashMap<>();
                    next.put("personId", made.get("personId"));
                    next.put("clinicId", made.get("clinicId"));
                    next.put("doseNumber", offer.path("doseNumber").asInt());
                    next.put("date", date.toString());
                    next.put("dateText", date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale)));
                    next.put("earliestText", LocalDate.parse(offer.path("earliest").asText())
                            .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)));
                    next.put("free", offer.hasNonNull("date"));
                    return next;
                }).onFailure().recoverWithNull();
    }

    /** The household page's data, or null when the token is no longer good. */
    private Uni<TemplateInstance> householdPage(String bearer, Locale locale, String error) {
        return householdPage(bearer, locale, error, null);
    }

    private Uni<TemplateInstance> householdPage(String bearer, Locale locale, String error, String booked) {
        return api.people(bearer).chain(answer -> {
            if (answer.getStatus() == 401) {
                return Uni.createFrom().nullItem();
            }
            List<Map<String, Object>> people = list(answer.readEntity(JsonNode.class));
            for (Map<String, Object> person : people) {
                Object from = person.get("eligibleFrom");
                person.put("eligibleFromText", from == null ? null
                        : LocalDate.parse(from.toString()).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)));
            }
            Uni<List<Map<String, Object>>> withCertificates = Uni.join().all(people.stream().map(person -> certificates
                    .ofPerson(bearer, person.get("personId").toString())
                    .map(found -> {
                        person.put("certificates", found.getStatus() == 200
                                ? withIssued(list(found.readEntity(JsonNode.class)), locale) : List.of());
                        person.put("certificatesUnavailable", found.getStatus() >= 500);
                        return person;
                    })
                    .onFailure().recoverWithItem(() -> {
                        person.put("certificates", List.of());
                        person.put("certificatesUnavailable", true);
                        return person;
                    })).toList()).andFailFast();
            return (people.isEmpty() ? Uni.createFrom().item(people) : withCertificates)
                    .chain(withCerts -> api.appointments(bearer).map(a -> list(a.readEntity(JsonNode.class))))
                    .chain(appointments -> named(appointments).chain(named -> nextDoseOffer(named, booked, locale)
                            .map(next -> household
                                    .data("people", people)
                                    .data("appointments", withTimes(named, locale, FormatStyle.MEDIUM))
                                    .data("nextDose", next)
                                    .data("booked", null).data("moved", null).data("cancelled", null).data("corrected", null)
                                    .data("correcting", null).data("error", error))));
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
        person.put("language", locale().getLanguage());
        return api.addPerson(bearer, person).chain(added -> {
            if (added.getStatus() == 401) {
                return Uni.createFrom().item(loggedOut());
            }
            if (added.getStatus() != 201) {
                return householdPage(bearer, locale(), problem(added))
                        .map(page -> page == null ? loggedOut() : page(page, locale(), null));
            }
            // A token that names the new person too, so they can be booked for.
            return api.refreshToken(bearer).map(refreshed -> {
                JsonNode token = refreshed.readEntity(JsonNode.class);
                return Response.seeOther(URI.create("/me")).cookie(Session.token(token.path("token").asText(),
                        Instant.parse(token.path("expiresAt").asText()), secureCookies)).build();
            });
        });
    }

    /**
     * A correction of a person's details, sent as the form has them (blank e-mail: none); booking-api
     * says what is wrong, field by field, and the page shows it with that person's form open.
     */
    @POST
    @Path("me/people/{personId}/correct")
    public Uni<Response> correctPerson(@PathParam("personId") String personId, @FormParam("name") String name,
            @FormParam("birthYear") String birthYear, @FormParam("birthDate") String birthDate, @FormParam("email") String email,
            @FormParam("language") String language, @FormParam("reason") String reason) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        Map<String, Object> correction = new LinkedHashMap<>();
        correction.put("name", name == null ? null : name.strip());
        String year = birthYear == null ? "" : birthYear.strip();
        correction.put("birthYear", year.matches("\\d{1,4}") ? Integer.valueOf(year) : null);
        correction.put("birthDate", birthDate == null || birthDate.isBlank() ? null : birthDate.strip());
        correction.put("email", email == null ? "" : email.strip());
        correction.put("language", language == null || language.isBlank() ? null : language.strip());
        correction.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        return api.correctPerson(bearer, personId, correction).chain(answer -> {
            if (answer.getStatus() == 401) {
                return Uni.createFrom().item(loggedOut());
            }
            if (answer.getStatus() != 200) {
                return householdPage(bearer, locale(), problem(answer))
                        .map(page -> page == null ? loggedOut() : page(page.data("correcting", personId), locale(), null));
            }
            return Uni.createFrom().item(Response.seeOther(URI.create("/me?corrected=1")).build());
        });
    }

    // ---- finding a clinic and a time ----

    /**
     * Clinics with a free time that day, nearest first: from the browser's location when the person
     * shares it, from a town they pick (the towns of the clinics themselves), or from the default point.
     */
    @GET
    @Path("book")
    public Uni<Response> findClinic(@QueryParam("person") String person, @QueryParam("date") String date,
            @QueryParam("near") String from, @QueryParam("reschedule") String reschedule) {
        LocalDate day = day(date);
        String point = from != null && from.matches("-?\\d{1,2}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?") ? from : near;
        return api.clinics(point, day.toString(), service, 200).map(found -> {
            List<Map<String, Object>> all = found.stream().map(Pages::map).toList();
            return page(clinics.data("person", person).data("reschedule", reschedule).data("near", point)
                    .data("date", day.toString()).data("clinics", all.stream().limit(20).toList())
                    .data("areas", areas(all, point)), locale(), null);
        });
    }

    /** The towns of the clinics found (an address's last part), each with a clinic's position to search from. */
    private static List<Map<String, Object>> areas(List<Map<String, Object>> clinics, String chosen) {
        Map<String, Map<String, Object>> towns = new java.util.TreeMap<>();
        for (Map<String, Object> clinic : clinics) {
            String address = String.valueOf(clinic.get("address"));
            String town = address.substring(address.lastIndexOf(',') + 1).strip();
            if (!town.isEmpty() && !towns.containsKey(town)) {
                String at = clinic.get("latitude") + "," + clinic.get("longitude");
                towns.put(town, Map.of("name", town, "near", at, "chosen", at.equals(chosen)));
            }
        }
        return new ArrayList<>(towns.values());
    }

    @GET
    @Path("book/slots")
    public Uni<Response> slotsPage(@QueryParam("person") String person, @QueryParam("clinic") String clinic,
            @QueryParam("date") String date, @QueryParam("reschedule") String reschedule,
            @QueryParam("waiting") Integer waiting, @QueryParam("left") boolean left) {
        String day = day(date).toString();
        return api.slots(clinic, day, service).chain(answer -> {
            if (answer.getStatus() != 200) {
                return Uni.createFrom().item(redirect("/book?person=" + encode(person) + "&date=" + day));
            }
            JsonNode found = answer.readEntity(JsonNode.class);
            boolean moving = reschedule != null && !reschedule.isBlank();
            Uni<Map<String, Object>> followUp = moving || found.path("slots").isEmpty() ? Uni.createFrom().nullItem()
                    : followUpOffer(person, clinic, found.path("slots").get(0).path("start").asText());
            return followUp.map(offer -> page(slotsOf(person, clinic, day, reschedule, found, found.path("slots"), false, null)
                    .data("followUp", offer).data("waiting", waiting).data("left", left), locale(), null));
        });
    }

    /**
     * The day and times offered for the next dose of the series, to book with this one: the person's
     * next dose is one more than the appointments of the service they hold (doses given are counted by
     * scheduler-stream, which refuses a pair that does not fit, saying why). Null when the series has no
     * further dose or no day has a free time.
     */
    private Uni<Map<String, Object>> followUpOffer(String person, String clinic, String firstSlot) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null || person == null) {
            return Uni.createFrom().nullItem();
        }
        return api.appointments(bearer).chain(held -> {
            long booked = held.getStatus() != 200 ? 0 : list(held.readEntity(JsonNode.class)).stream()
                    .filter(a -> person.equals(a.get("personId")) && service.equals(a.get("service"))
                            && "BOOKED".equals(a.get("status"))).count();
            return api.nextDose(clinic, service, firstSlot, (int) booked + 1);
        }).map(answer -> {
            if (answer.getStatus() != 200) {
                return null;
            }
            JsonNode offer = answer.readEntity(JsonNode.class);
            if (!offer.hasNonNull("date")) {
                return null;
            }
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("doseNumber", offer.path("doseNumber").asInt());
            next.put("dateText", LocalDate.parse(offer.path("date").asText())
                    .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale())));
            next.put("slots", withTimes(list(offer.path("slots")), locale(), FormatStyle.SHORT));
            return next;
        }).onFailure().recoverWithNull();
    }

    private TemplateInstance slotsOf(String person, String clinic, String date, String reschedule, JsonNode day,
            JsonNode free, boolean taken, String error) {
        String dateText = day(date).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale()));
        return slots.data("person", person).data("clinic", clinic).data("date", date).data("dateText", dateText)
                .data("reschedule", reschedule)
                .data("day", map(day)).data("slots", withTimes(list(free), locale(), FormatStyle.SHORT))
                .data("key", UUID.randomUUID().toString()).data("taken", taken).data("error", error);
    }

    /** Books the chosen time, or moves an appointment to it ({@code reschedule} names the appointment). */
    @POST
    @Path("book")
    public Uni<Response> book(@FormParam("person") String person, @FormParam("clinic") String clinic,
            @FormParam("date") String date, @FormParam("slot") String slot, @FormParam("key") String key,
            @FormParam("reschedule") String reschedule, @FormParam("followUp") String followUp) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        boolean moving = reschedule != null && !reschedule.isBlank();
        Map<String, Object> booking = new LinkedHashMap<>();
        if (!moving) {
            booking.put("personId", person);
            booking.put("service", service);
            if (followUp != null && !followUp.isBlank()) {
                booking.put("followUpSlotStart", followUp);
            }
        }
        booking.put("clinicId", clinic);
        booking.put("slotStart", slot);
        Uni<Response> sent = moving ? api.reschedule(bearer, key, reschedule, booking) : api.book(bearer, key, booking);
        return sent.chain(answer -> switch (answer.getStatus()) {
            case 200 -> Uni.createFrom().item(redirect("/me?moved=" + answer.readEntity(JsonNode.class).path("appointmentId").asText()));
            case 201 -> Uni.createFrom().item(redirect("/me?booked=" + answer.readEntity(JsonNode.class).path("appointmentId").asText()));
            case 202 -> Uni.createFrom().item(redirect("/book/wait?request=" + answer.readEntity(JsonNode.class).path("requestId").asText()
                    + (moving ? "&moving=true" : "")));
            case 401 -> Uni.createFrom().item(loggedOut());
            default -> {
                JsonNode problem = answer.readEntity(JsonNode.class);
                boolean taken = "SLOT_FULL".equals(problem.path("reason").asText());
                // The time went while the person chose: show the day's free times as they are now, here.
                yield api.slots(clinic, date, service).map(fresh -> {
                    JsonNode day = fresh.getStatus() == 200 ? fresh.readEntity(JsonNode.class) : JSON.createObjectNode();
                    JsonNode free = problem.has("availability") ? problem.path("availability") : day.path("slots");
                    return page(slotsOf(person, clinic, date, reschedule, day, free, taken,
                            taken ? null : problemText(problem)), locale(), null);
                });
            }
        });
    }

    /** Joins the line for a full day: a time that frees is held for the first in line, who is texted a link. */
    @POST
    @Path("book/waitlist")
    public Uni<Response> joinWaitlist(@FormParam("person") String person, @FormParam("clinic") String clinic,
            @FormParam("date") String date, @FormParam("key") String key) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        Map<String, Object> join = new LinkedHashMap<>();
        join.put("personId", person);
        join.put("clinicId", clinic);
        join.put("service", service);
        join.put("date", date);
        String back = "/book/slots?person=" + encode(person) + "&clinic=" + encode(clinic) + "&date=" + encode(date);
        return api.joinWaitlist(bearer, key, join).chain(answer -> switch (answer.getStatus()) {
            case 201 -> Uni.createFrom().item(redirect(back + "&waiting=" + answer.readEntity(JsonNode.class).path("position").asInt()));
            case 202 -> Uni.createFrom().item(redirect(back + "&waiting=0"));
            case 401 -> Uni.createFrom().item(loggedOut());
            default -> {
                String error = problem(answer);
                yield api.slots(clinic, date, service).map(fresh -> {
                    JsonNode day = fresh.getStatus() == 200 ? fresh.readEntity(JsonNode.class) : JSON.createObjectNode();
                    return page(slotsOf(person, clinic, date, null, day, day.path("slots"), false, error), locale(), null);
                });
            }
        });
    }

    /** Leaves the line for the day: back to the day's times, saying so (a seat held for the person goes to the next). */
    @POST
    @Path("book/waitlist/leave")
    public Uni<Response> leaveWaitlist(@FormParam("person") String person, @FormParam("clinic") String clinic,
            @FormParam("date") String date, @FormParam("key") String key) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        String back = "/book/slots?person=" + encode(person) + "&clinic=" + encode(clinic) + "&date=" + encode(date);
        return api.leaveWaitlist(bearer, key, person, clinic, service, date).chain(answer -> switch (answer.getStatus()) {
            case 200, 202 -> Uni.createFrom().item(redirect(back + "&left=true"));
            case 401 -> Uni.createFrom().item(loggedOut());
            default -> {
                String error = problem(answer);
                yield api.slots(clinic, date, service).map(fresh -> {
                    JsonNode day = fresh.getStatus() == 200 ? fresh.readEntity(JsonNode.class) : JSON.createObjectNode();
                    return page(slotsOf(person, clinic, date, null, day, day.path("slots"), false, error), locale(), null);
                });
            }
        });
    }

    /** The page a waitlist offer's text links to: the held time is booked from here, by the person it is held for. */
    @GET
    @Path("offers/{offerId}")
    public Uni<Response> offerPage(@PathParam("offerId") String offerId, @QueryParam("person") String person) {
        if (Session.bearer(headers).isEmpty()) {
            // Logging in (a code by text) comes back here: the link works from the text message alone.
            return Uni.createFrom().item(redirect("/?next=" + encode("/offers/" + offerId + "?person=" + encode(person))));
        }
        return Uni.createFrom().item(page(offer.data("offer", offerId).data("person", person)
                .data("key", UUID.randomUUID().toString()).data("error", null), locale(), null));
    }

    @POST
    @Path("offers/{offerId}")
    public Uni<Response> acceptOffer(@PathParam("offerId") String offerId, @FormParam("person") String person,
            @FormParam("key") String key) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        Map<String, Object> accept = new LinkedHashMap<>();
        accept.put("personId", person);
        return api.acceptOffer(bearer, key, offerId, accept).map(answer -> switch (answer.getStatus()) {
            case 201 -> redirect("/me?booked=" + answer.readEntity(JsonNode.class).path("appointmentId").asText());
            case 202 -> redirect("/book/wait?request=" + answer.readEntity(JsonNode.class).path("requestId").asText());
            case 401 -> loggedOut();
            default -> page(offer.data("offer", offerId).data("person", person).data("key", key)
                    .data("error", problem(answer)), locale(), null);
        });
    }

    @GET
    @Path("book/wait")
    public Uni<Response> wait(@QueryParam("request") String requestId, @QueryParam("moving") boolean moving) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        return api.outcome(bearer, requestId).map(answer -> switch (answer.getStatus()) {
            case 200, 201 -> redirect("/me?" + (moving ? "moved=" : "booked=") + answer.readEntity(JsonNode.class).path("appointmentId").asText());
            case 409 -> page(waiting.data("request", requestId).data("moving", moving).data("error", problem(answer)), locale(), null);
            default -> page(waiting.data("request", requestId).data("moving", moving).data("error", null), locale(), null);
        });
    }

    // ---- an appointment ----

    @POST
    @Path("appointments/{appointmentId}/cancel")
    public Uni<Response> cancel(@PathParam("appointmentId") String appointmentId) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/"));
        }
        return api.cancel(bearer, UUID.randomUUID().toString(), appointmentId).chain(answer -> switch (answer.getStatus()) {
            case 200, 202, 204 -> Uni.createFrom().item(redirect("/me?cancelled=" + appointmentId));
            case 401 -> Uni.createFrom().item(loggedOut());
            default -> householdPage(bearer, locale(), problem(answer))
                    .map(page -> page == null ? loggedOut() : page(page, locale(), null));
        });
    }

    /** The appointment as a calendar event (RFC 5545), for the phone's calendar. */
    @GET
    @Path("appointments/{appointmentId}.ics")
    @Produces("text/calendar")
    public Uni<Response> calendar(@PathParam("appointmentId") String appointmentId) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/me")));
        }
        return api.appointments(bearer).chain(answer -> {
            if (answer.getStatus() == 401) {
                return Uni.createFrom().item(loggedOut());
            }
            Optional<Map<String, Object>> found = list(answer.readEntity(JsonNode.class)).stream()
                    .filter(a -> appointmentId.equals(a.get("appointmentId"))).findFirst();
            if (found.isEmpty()) {
                return Uni.createFrom().item(Response.status(404).type(MediaType.TEXT_PLAIN_TYPE)
                        .entity("No such appointment in your household.").build());
            }
            Msg words = words();
            return named(List.of(found.get())).map(named -> Response.ok(Calendar.event(named.get(0),
                            words.calendar_summary(String.valueOf(named.get(0).get("service")), String.valueOf(named.get(0).get("clinicName"))),
                            words.calendar_description(String.valueOf(named.get(0).get("confirmationCode")))))
                    .type("text/calendar; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"vaccination-" + appointmentId + ".ics\"").build());
        });
    }

    // ---- a certificate ----

    /** The certificate's QR on screen and its PDF; the texted link lands here after logging in. */
    @GET
    @Path("certificates/{certificateId}")
    public Uni<Response> certificatePage(@PathParam("certificateId") String certificateId) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/certificates/" + certificateId)));
        }
        return certificates.certificate(bearer, certificateId).map(answer -> switch (answer.getStatus()) {
            case 200 -> {
                Map<String, Object> found = map(answer.readEntity(JsonNode.class));
                found.put("qrSvg", Qr.svg(String.valueOf(found.get("qr")), "QR"));
                withIssued(List.of(found), locale());
                yield page(certificate.data("c", found).data("error", null), locale(), null);
            }
            case 401 -> loggedOut("/certificates/" + certificateId);
            default -> page(certificate.data("c", null).data("error", problem(answer)), locale(), null);
        });
    }

    @GET
    @Path("certificates/{certificateId}.pdf")
    @Produces({ "application/pdf", MediaType.TEXT_HTML })
    public Uni<Response> certificatePdf(@PathParam("certificateId") String certificateId) {
        String bearer = Session.bearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(redirect("/?next=" + encode("/certificates/" + certificateId)));
        }
        return certificates.pdf(bearer, certificateId).map(answer -> switch (answer.getStatus()) {
            case 200 -> Response.ok(answer.readEntity(byte[].class), "application/pdf")
                    .header("Content-Disposition", "attachment; filename=\"vaccination-certificate-" + certificateId + ".pdf\"")
                    .build();
            case 401 -> loggedOut("/certificates/" + certificateId);
            default -> page(certificate.data("c", null).data("error", problem(answer)), locale(), null);
        });
    }

    // ---- helpers ----

    /** The appointments with their clinic's name and address (from the clinic's public day page). */
    private Uni<List<Map<String, Object>>> named(List<Map<String, Object>> appointments) {
        if (appointments.isEmpty()) {
            return Uni.createFrom().item(appointments);
        }
        return Uni.join().all(appointments.stream().map(a -> api.slots(String.valueOf(a.get("clinicId")),
                        String.valueOf(a.get("localStart")).substring(0, 10), service)
                .map(day -> {
                    JsonNode clinic = day.getStatus() == 200 ? day.readEntity(JsonNode.class) : JSON.createObjectNode();
                    a.put("clinicName", clinic.path("name").asText(String.valueOf(a.get("clinicId"))));
                    a.put("clinicAddress", clinic.path("address").asText(""));
                    return a;
                }).onFailure().recoverWithItem(() -> {
                    a.put("clinicName", a.get("clinicId"));
                    a.put("clinicAddress", "");
                    return a;
                })).toList()).andFailFast();
    }

    private Response page(TemplateInstance page, Locale locale, String chosenLanguage) {
        Response.ResponseBuilder answer = Response.ok(page.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (chosenLanguage != null && Session.LANGUAGES.contains(chosenLanguage)) {
            answer.cookie(Session.language(chosenLanguage));
        }
        return answer.build();
    }

    private Msg words() {
        String language = locale().getLanguage();
        return "en".equals(language) ? MessageBundles.get(Msg.class)
                : MessageBundles.get(Msg.class, Localized.Literal.of(language));
    }

    private Locale locale() {
        return Session.locale(null, headers);
    }

    private String browser() {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private LocalDate day(String date) {
        try {
            return date == null || date.isBlank() ? LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(1) : LocalDate.parse(date);
        } catch (java.time.format.DateTimeParseException e) {
            return LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(1);
        }
    }

    /**
     * Only a path on this site (never another site's address) may be where a login leads: letters,
     * digits and the few marks a path and query of these pages use, at most 500 characters.
     */
    public static Optional<String> local(String next) {
        return next != null && next.length() <= 500 && next.matches("/[A-Za-z0-9/_.?=&%-]*") && !next.startsWith("//")
                ? Optional.of(next) : Optional.empty();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }

    /** Each item's clinic-local start ({@code localStart}) as the person reads times: "when" (day and time) and "time". */
    private static List<Map<String, Object>> withTimes(List<Map<String, Object>> items, Locale locale, FormatStyle style) {
        for (Map<String, Object> item : items) {
            Object start = item.get("localStart");
            if (start != null) {
                ZonedDateTime at = ZonedDateTime.parse(start.toString());
                item.put("when", at.format(DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale)));
                item.put("time", at.format(DateTimeFormatter.ofLocalizedTime(style).withLocale(locale)));
            }
        }
        return items;
    }

    private static List<Map<String, Object>> withIssued(List<Map<String, Object>> certificates, Locale locale) {
        for (Map<String, Object> c : certificates) {
            Object issued = c.get("issuedAt");
            if (issued != null) {
                c.put("issued", Instant.parse(issued.toString()).atZone(ZoneOffset.UTC).toLocalDate()
                        .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)));
            }
        }
        return certificates;
    }

    private Response loggedOut() {
        return Response.seeOther(URI.create("/")).cookie(Session.loggedOut(secureCookies)).build();
    }

    private Response loggedOut(String next) {
        return Response.seeOther(URI.create("/?next=" + encode(next))).cookie(Session.loggedOut(secureCookies)).build();
    }

    private static Response redirect(String to) {
        return Response.seeOther(URI.create(to)).build();
    }

    private static String problem(Response answer) {
        try {
            return problemText(answer.readEntity(JsonNode.class));
        } catch (RuntimeException e) {
            return "Something went wrong (" + answer.getStatus() + "); try again.";
        }
    }

    private static String problemText(JsonNode problem) {
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
        return node == null || !node.isArray() ? new ArrayList<>() : new ArrayList<>(JSON.convertValue(node, List.class));
    }
}
