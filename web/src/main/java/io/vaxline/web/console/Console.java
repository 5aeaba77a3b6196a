package io.vaxline.web.console;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vaxline.web.Session;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The clinic console: staff (with the staff token an administrator issued) or an administrator (with
 * the administrators' API key) see a clinic's roster, record a dose from it, upload the day's CSV of
 * doses, and manage the clinic's sessions and stock, all through booking-api's public REST API.
 * Plain forms that post, so it works without JavaScript; every problem booking-api answers is shown
 * next to the form it came from, with what was typed kept.
 */
@Path("/clinic")
@Produces(MediaType.TEXT_HTML)
public class Console {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Inject
    @RestClient
    ConsoleApi api;

    @Location("console/login.html")
    Template login;

    @Location("console/roster.html")
    Template roster;

    @Location("console/dose.html")
    Template dose;

    @Location("console/upload.html")
    Template upload;

    @Location("console/uploads.html")
    Template uploads;

    @Location("console/sessions.html")
    Template sessions;

    @Location("console/confirm.html")
    Template confirm;

    @Location("console/cancel.html")
    Template cancel;

    @Location("console/move.html")
    Template move;

    @Location("console/problem.html")
    Template problemPage;

    @Location("console/doctors.html")
    Template doctorsPage;

    @Inject
    @RestClient
    io.vaxline.web.CareApi care;

    @Inject
    @RestClient
    io.vaxline.web.records.RecordsApi records;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    @ConfigProperty(name = "vaxline.web.secure-cookies", defaultValue = "false")
    boolean secureCookies;

    @ConfigProperty(name = "vaxline.web.service", defaultValue = "covid-19")
    String service;

    @ConfigProperty(name = "quarkus.rest-client.booking-api.url")
    String bookingApiUrl;

    @ConfigProperty(name = "vaxline.web.upload-timeout", defaultValue = "PT15M")
    Duration uploadTimeout;

    private static volatile ConsoleApi uploadClient;

    /** The clinic as the public slots answer names it, and the day asked for (today in its zone by default). */
    @io.quarkus.qute.TemplateData
    public record ClinicDay(String clinicId, String name, ZoneId zone, LocalDate date) {
    }

    // ---------------------------------------------------------------- login

    @GET
    @Path("login")
    public Response loginPage(@QueryParam("lang") String lang, @QueryParam("expired") boolean expired) {
        Optional<StaffClaims> claims = Session.staffBearer(headers).flatMap(b -> StaffClaims.read(b.substring(7)));
        if (lang == null && !expired && claims.isPresent() && claims.get().clinicId() != null
                && !claims.get().expired(Instant.now())) {
            return redirect("/clinic/" + claims.get().clinicId());
        }
        return page(login.data("staffError", expired ? Problem.message(ConsoleMessages.of(locale(lang)).expired()) : null)
                .data("adminError", null).data("clinicId", "").data("apiKey", ""), lang);
    }

    @POST
    @Path("login")
    public Uni<Response> staffLogin(@FormParam("token") String typed) {
        String token = typed == null ? "" : typed.strip().replaceFirst("^(?i)bearer\\s+", "");
        Locale locale = locale(null);
        Optional<StaffClaims> claims = StaffClaims.read(token);
        String refused = claims.isEmpty() ? "not_a_token"
                : claims.get().admin() && claims.get().clinicId() == null ? "admin_token"
                : claims.get().clinicId() == null ? "not_a_token"
                : claims.get().expired(Instant.now()) ? "token_expired" : null;
        if (refused != null) {
            return Uni.createFrom().item(loginFailed(Problem.message(ConsoleMessages.refusal(locale, refused)), null, "", ""));
        }
        StaffClaims staff = claims.get();
        // booking-api checks the signature and the clinic: ask it for today's roster before trusting the token.
        return api.roster("Bearer " + token, staff.clinicId(), LocalDate.now(ZoneOffset.UTC).toString()).map(answer -> {
            if (answer.getStatus() == 200) {
                return Response.seeOther(URI.create("/clinic/" + staff.clinicId()))
                        .cookie(Session.staff(token, staff.expiresAt() == null ? Instant.now().plus(8, ChronoUnit.HOURS)
                                : staff.expiresAt(), secureCookies)).build();
            }
            Problem problem = Problem.of(answer);
            return loginFailed(answer.getStatus() == 401 ? new Problem(401, ConsoleMessages.of(locale).token_refused(),
                    problem.detail(), List.of()) : problem, null, "", "");
        });
    }

    @POST
    @Path("login/admin")
    public Uni<Response> adminLogin(@FormParam("apiKey") String apiKey, @FormParam("clinicId") String clinicId) {
        String key = apiKey == null ? "" : apiKey.strip();
        String clinic = clinicId == null ? "" : clinicId.strip();
        Locale locale = locale(null);
        return api.adminLogin(request.remoteAddress().hostAddress(), Map.of("apiKey", key)).chain(answer -> {
            if (answer.getStatus() != 200) {
                Problem problem = Problem.of(answer);
                return Uni.createFrom().item(loginFailed(null, answer.getStatus() == 401
                        ? new Problem(401, ConsoleMessages.of(locale).wrong_key(), null, List.of()) : problem, clinic, ""));
            }
            JsonNode issued = answer.readEntity(JsonNode.class);
            return api.slots(clinic, LocalDate.now(ZoneOffset.UTC).toString(), null).map(found -> {
                if (found.getStatus() != 200) {
                    Problem problem = Problem.of(found);
                    return loginFailed(null, new Problem(found.getStatus(), ConsoleMessages.of(locale).no_clinic(clinic),
                            problem.detail(), problem.errors()), clinic, key);
                }
                return Response.seeOther(URI.create("/clinic/" + clinic)).cookie(Session.staff(issued.path("token").asText(),
                        Instant.parse(issued.path("expiresAt").asText()), secureCookies)).build();
            });
        });
    }

    @POST
    @Path("logout")
    public Response logout() {
        return Response.seeOther(URI.create("/clinic/login")).cookie(Session.staffLoggedOut(secureCookies)).build();
    }

    private Response loginFailed(Problem staffError, Problem adminError, String clinicId, String apiKey) {
        return page(login.data("staffError", staffError).data("adminError", adminError).data("clinicId", clinicId)
                .data("apiKey", apiKey), null, 400);
    }

    // ---------------------------------------------------------------- roster

    @GET
    @Path("{clinicId}")
    public Uni<Response> roster(@PathParam("clinicId") String clinicId, @QueryParam("date") String date,
            @QueryParam("q") String q, @QueryParam("sent") String sent, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> rosterPage(bearer, day, q,
                "check-in".equals(sent) || "no-show".equals(sent) ? sent : null, WalkInForm.empty(), lang, 200)));
    }

    /** The walk-in form on the roster: what was typed, and booking-api's answer to it. */
    @io.quarkus.qute.TemplateData
    public record WalkInForm(Map<String, String> v, Problem problem, Map<String, String> fieldErrors, String done,
            String appointmentId, String key) {
        static WalkInForm empty() {
            return new WalkInForm(Forms.of("name", "", "birthYear", "", "phone", "", "language", "en"), null, Map.of(), null, null,
                    UUID.randomUUID().toString());
        }
    }

    private Uni<Response> rosterPage(String bearer, ClinicDay day, String q, String sent, WalkInForm walkIn, String lang,
            int status) {
        return api.roster(bearer, day.clinicId(), day.date().toString()).map(answer -> {
            if (answer.getStatus() != 200) {
                return apiProblem(answer, day, lang);
            }
            List<Map<String, Object>> lines = list(answer.readEntity(JsonNode.class));
            String search = q == null ? "" : q.strip();
            List<Map<String, Object>> shown = lines.stream().filter(l -> Roster.matches(l, search)).toList();
            long attended = lines.stream().filter(l -> Boolean.TRUE.equals(l.get("attended"))).count();
            return page(withClinic(roster, day, "roster").data("q", search).data("groups", Roster.byTime(shown))
                    .data("total", lines.size()).data("shown", shown.size()).data("attended", (int) attended)
                    .data("recorded", null).data("sent", sent).data("walkIn", walkIn)
                    .data("today", day.date().equals(LocalDate.now(day.zone()))), lang, status);
        });
    }

    // ---------------------------------------------------------------- walk-ins

    /**
     * A person at the door without an appointment: booking-api registers (or finds) them and scheduler-stream seats
     * them in the session running now, checked in; the roster then shows them with "Record dose" like anyone booked.
     */
    @POST
    @Path("{clinicId}/walk-in")
    public Uni<Response> walkIn(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("name") String name, @FormParam("birthYear") String birthYear, @FormParam("phone") String phone,
            @FormParam("language") String language, @FormParam("key") String key) {
        Map<String, String> v = Forms.of("name", name, "birthYear", birthYear, "phone", phone, "language", language);
        String idempotencyKey = key != null && key.matches("[A-Za-z0-9-]{8,64}") ? key : UUID.randomUUID().toString();
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", v.get("name"));
            body.put("birthYear", v.get("birthYear").matches("\\d{4}") ? Integer.valueOf(v.get("birthYear")) : null);
            body.put("phone", v.get("phone"));
            body.put("language", v.get("language").isEmpty() ? "en" : v.get("language"));
            body.put("service", service);
            return api.walkIn(bearer, idempotencyKey, clinicId, body).chain(answer -> {
                if (answer.getStatus() == 401) {
                    return Uni.createFrom().item(expired());
                }
                if (answer.getStatus() == 201) {
                    JsonNode seated = answer.readEntity(JsonNode.class);
                    String time = String.valueOf(seated.path("localStart").asText()).length() >= 16
                            ? seated.path("localStart").asText().substring(11, 16) : "";
                    String done = ConsoleMessages.of(locale(null)).walk_in_done(v.get("name"), time,
                            seated.path("doseNumber").asText());
                    return rosterPage(bearer, day, null, null, new WalkInForm(WalkInForm.empty().v(), null, Map.of(), done,
                            seated.path("appointmentId").asText(), UUID.randomUUID().toString()), null, 200);
                }
                if (answer.getStatus() == 202) {
                    return rosterPage(bearer, day, null, null, new WalkInForm(v, null, Map.of(),
                            ConsoleMessages.of(locale(null)).walk_in_pending(), null, idempotencyKey), null, 200);
                }
                Problem problem = Problem.of(answer);
                Problem shown = answer.getStatus() == 409
                        ? new Problem(409, ConsoleMessages.of(locale(null)).walk_in_refused(), problem.detail(), List.of())
                        : problem;
                // A refusal is final for this key: a new attempt (after a seat frees) gets a new one.
                return rosterPage(bearer, day, null, null, new WalkInForm(v, shown, problem.byField(), null, null,
                        answer.getStatus() == 409 ? UUID.randomUUID().toString() : idempotencyKey), null,
                        answer.getStatus() == 409 ? 409 : 422);
            });
        }));
    }

    // ---------------------------------------------------------------- at the door

    /**
     * A check-in or no-show pressed on a roster line: sent to booking-api, then back to the roster, which shows
     * the ledger's answer once booking-api has read it (a moment); a refusal is shown as its problem.
     */
    @POST
    @Path("{clinicId}/door")
    public Uni<Response> door(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("appointment") String appointment, @FormParam("action") String action,
            @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> ("no-show".equals(action)
                ? api.noShow(bearer, clinicId, appointment) : api.checkIn(bearer, clinicId, appointment))
                .map(answer -> answer.getStatus() == 202
                        ? redirect("/clinic/" + clinicId + "?date=" + day.date() + "&sent=" + ("no-show".equals(action) ? "no-show" : "check-in"))
                        : answer.getStatus() == 401 ? expired()
                        : page(withClinic(problemPage, day, "roster").data("problem", Problem.of(answer)), lang,
                                answer.getStatus()))));
    }

    // ---------------------------------------------------------------- one dose

    @GET
    @Path("{clinicId}/dose")
    public Uni<Response> doseForm(@PathParam("clinicId") String clinicId, @QueryParam("appointment") String appointment,
            @QueryParam("date") String date, @QueryParam("correct") String correct, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> api.roster(bearer, clinicId, day.date().toString())
                .map(answer -> {
                    if (answer.getStatus() != 200) {
                        return apiProblem(answer, day, lang);
                    }
                    Map<String, Object> line = list(answer.readEntity(JsonNode.class)).stream()
                            .filter(l -> String.valueOf(l.get("appointmentId")).equals(appointment)).findFirst().orElse(null);
                    if (line == null) {
                        return page(withClinic(problemPage, day, "roster").data("problem",
                                Problem.message(ConsoleMessages.of(locale(lang)).no_appointment())), lang, 404);
                    }
                    Map<String, String> values = new HashMap<>();
                    values.put("person_id", String.valueOf(line.get("personId")));
                    values.put("appointment_id", appointment);
                    values.put("administered_at", LocalDateTime.now(day.zone()).format(MINUTES));
                    values.put("product", VaccineChoices.PRODUCTS.get(0).code());
                    values.put("manufacturer", VaccineChoices.PRODUCTS.get(0).manufacturer());
                    values.put("vaccine_type", VaccineChoices.PRODUCTS.get(0).vaccineType());
                    values.put("lot", "");
                    values.put("vaccinator", staffName().orElse(""));
                    values.put("dose_number", String.valueOf(line.get("doseNumber")));
                    values.put("series_doses", "2");
                    if (correct != null) {
                        values.put("corrects_dose_number", String.valueOf(line.get("doseNumber")));
                        values.put("reason", "");
                    }
                    return page(doseTemplate(day, line, values, null, null, null).data("correcting", correct != null), lang);
                })));
    }

    @POST
    @Path("{clinicId}/dose")
    public Uni<Response> recordDose(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("name") String name, @FormParam("time") String time, @FormParam("code") String code,
            @FormParam("person_id") String personId, @FormParam("appointment_id") String appointmentId,
            @FormParam("administered_at") String administeredAt, @FormParam("product") String product,
            @FormParam("vaccine_type") String vaccineType, @FormParam("manufacturer") String manufacturer,
            @FormParam("lot") String lot, @FormParam("vaccinator") String vaccinator,
            @FormParam("dose_number") String doseNumber, @FormParam("series_doses") String seriesDoses) {
        Map<String, String> values = new HashMap<>();
        values.put("person_id", personId);
        values.put("appointment_id", appointmentId);
        values.put("administered_at", administeredAt);
        values.put("product", product);
        values.put("vaccine_type", vaccineType);
        values.put("manufacturer", manufacturer);
        values.put("lot", lot);
        values.put("vaccinator", vaccinator);
        values.put("dose_number", doseNumber);
        values.put("series_doses", seriesDoses);
        values.replaceAll((k, v) -> v == null ? "" : v.strip());
        Map<String, Object> line = new HashMap<>();
        line.put("name", name);
        line.put("time", time);
        line.put("confirmationCode", code);
        line.put("doseNumber", doseNumber);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> api.reportDoses(bearer, clinicId,
                DoseCsv.of(DoseCsv.pick(values))).map(answer -> {
                    if (answer.getStatus() == 401) {
                        return expired();
                    }
                    if (answer.getStatus() != 200) {
                        return page(doseTemplate(day, line, values, null, null, Problem.of(answer)), null, 422);
                    }
                    JsonNode report = answer.readEntity(JsonNode.class);
                    String outcome = report.path("published").asLong() > 0 ? "published"
                            : report.path("alreadyReported").asLong() > 0 ? "already" : "rejected";
                    Map<String, String> fieldErrors = new LinkedHashMap<>();
                    report.path("errors").forEach(e -> fieldErrors.merge(e.path("field").asText(), e.path("message").asText(),
                            (a, b) -> a + "; " + b));
                    return page(doseTemplate(day, line, values, outcome, map(report), "rejected".equals(outcome)
                            ? Problem.message(ConsoleMessages.of(locale(null)).dose_rejected()) : null)
                            .data("fieldErrors", fieldErrors), null, "rejected".equals(outcome) ? 422 : 200);
                })));
    }

    /** booking-api's field names of a dose correction, as the dose form names its fields. */
    private static final Map<String, String> CORRECTION_FIELDS = Map.of("vaccineType", "vaccine_type", "doseNumber", "dose_number",
            "seriesDoses", "series_doses", "administeredAt", "administered_at", "correctsDoseNumber", "dose_number",
            "personId", "person_id");

    /**
     * A correction of a dose recorded from the roster: the same form with the dose as it should have
     * been and the reason, sent as one VaccinationCorrected (booking-api corrects the dose's latest event).
     */
    @POST
    @Path("{clinicId}/dose/correct")
    public Uni<Response> correctDose(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("name") String name, @FormParam("time") String time, @FormParam("code") String code,
            @FormParam("person_id") String personId, @FormParam("appointment_id") String appointmentId,
            @FormParam("corrects_dose_number") String correctsDoseNumber,
            @FormParam("administered_at") String administeredAt, @FormParam("product") String product,
            @FormParam("vaccine_type") String vaccineType, @FormParam("manufacturer") String manufacturer,
            @FormParam("lot") String lot, @FormParam("vaccinator") String vaccinator,
            @FormParam("dose_number") String doseNumber, @FormParam("series_doses") String seriesDoses,
            @FormParam("reason") String reason) {
        Map<String, String> values = new HashMap<>();
        values.put("person_id", personId);
        values.put("appointment_id", appointmentId);
        values.put("corrects_dose_number", correctsDoseNumber);
        values.put("administered_at", administeredAt);
        values.put("product", product);
        values.put("vaccine_type", vaccineType);
        values.put("manufacturer", manufacturer);
        values.put("lot", lot);
        values.put("vaccinator", vaccinator);
        values.put("dose_number", doseNumber);
        values.put("series_doses", seriesDoses);
        values.put("reason", reason);
        values.replaceAll((k, v) -> v == null ? "" : v.strip());
        Map<String, Object> line = new HashMap<>();
        line.put("name", name);
        line.put("time", time);
        line.put("confirmationCode", code);
        line.put("doseNumber", correctsDoseNumber);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("personId", values.get("person_id"));
            body.put("correctsDoseNumber", number(values.get("corrects_dose_number")));
            body.put("vaccineType", values.get("vaccine_type"));
            body.put("product", values.get("product"));
            body.put("manufacturer", values.get("manufacturer"));
            body.put("lot", values.get("lot"));
            body.put("doseNumber", number(values.get("dose_number")));
            body.put("seriesDoses", number(values.get("series_doses")));
            body.put("administeredAt", clinicTime(values.get("administered_at"), day.zone()));
            body.put("vaccinator", values.get("vaccinator"));
            body.put("reason", values.get("reason"));
            return api.correctDose(bearer, clinicId, body).map(answer -> {
                if (answer.getStatus() == 401) {
                    return expired();
                }
                if (answer.getStatus() != 200) {
                    Problem problem = Problem.of(answer);
                    Map<String, String> fieldErrors = new LinkedHashMap<>();
                    problem.byField().forEach((field, message) -> fieldErrors.merge(CORRECTION_FIELDS.getOrDefault(field, field),
                            message, (a, b) -> a + "; " + b));
                    return page(doseTemplate(day, line, values, null, null, problem).data("correcting", true)
                            .data("fieldErrors", fieldErrors), null, answer.getStatus() == 404 ? 404 : 422);
                }
                String status = answer.readEntity(JsonNode.class).path("status").asText();
                return page(doseTemplate(day, line, values, "already".equals(status) ? "correction-already" : "corrected", null, null)
                        .data("correcting", true), null, 200);
            });
        }));
    }

    private static Integer number(String value) {
        return value != null && value.matches("\\d{1,2}") ? Integer.valueOf(value) : null;
    }

    /** A datetime-local value in the clinic's zone, with its offset; null when it is not one (booking-api names the field). */
    private static String clinicTime(String value, ZoneId zone) {
        try {
            return LocalDateTime.parse(value).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private TemplateInstance doseTemplate(ClinicDay day, Map<String, Object> line, Map<String, String> values,
            String outcome, Map<String, Object> report, Problem problem) {
        return withClinic(dose, day, "roster").data("line", line).data("v", values).data("outcome", outcome).data("correcting", false)
                .data("report", report).data("problem", problem)
                .data("fieldErrors", problem == null ? Map.of() : problem.byField())
                .data("products", VaccineChoices.PRODUCTS).data("types", VaccineChoices.VACCINE_TYPES)
                .data("manufacturers", VaccineChoices.MANUFACTURERS);
    }

    // ---------------------------------------------------------------- cancelling one person's appointment

    @GET
    @Path("{clinicId}/cancel")
    public Uni<Response> cancelForm(@PathParam("clinicId") String clinicId, @QueryParam("appointment") String appointment,
            @QueryParam("date") String date, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> api.roster(bearer, clinicId, day.date().toString())
                .map(answer -> {
                    if (answer.getStatus() != 200) {
                        return apiProblem(answer, day, lang);
                    }
                    Map<String, Object> line = list(answer.readEntity(JsonNode.class)).stream()
                            .filter(l -> String.valueOf(l.get("appointmentId")).equals(appointment)).findFirst().orElse(null);
                    if (line == null) {
                        return page(withClinic(problemPage, day, "roster").data("problem",
                                Problem.message(ConsoleMessages.of(locale(lang)).no_appointment())), lang, 404);
                    }
                    return page(cancelTemplate(day, line, "", null, null), lang);
                })));
    }

    /** Staff cancel with a reason: booking-api carries it on the cancellation into the person's text. */
    @POST
    @Path("{clinicId}/cancel")
    public Uni<Response> cancelForPerson(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("appointment_id") String appointmentId, @FormParam("name") String name, @FormParam("time") String time,
            @FormParam("code") String code, @FormParam("reason") String reason, @FormParam("key") String key) {
        Map<String, Object> line = new HashMap<>();
        line.put("appointmentId", appointmentId);
        line.put("name", name);
        line.put("time", time);
        line.put("confirmationCode", code);
        String typed = reason == null ? "" : reason.strip();
        String idempotencyKey = key != null && key.matches("[A-Za-z0-9-]{8,64}") ? key : UUID.randomUUID().toString();
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> api.cancelForPerson(bearer, idempotencyKey, clinicId,
                appointmentId, Map.of("reason", typed)).map(answer -> switch (answer.getStatus()) {
                    case 401 -> expired();
                    case 200 -> page(cancelTemplate(day, line, typed, "cancelled", null), null);
                    case 202 -> page(cancelTemplate(day, line, typed, "pending", null), null);
                    default -> page(cancelTemplate(day, line, typed, null, Problem.of(answer)), null, answer.getStatus());
                })));
    }

    private TemplateInstance cancelTemplate(ClinicDay day, Map<String, Object> line, String reason, String outcome, Problem problem) {
        return withClinic(cancel, day, "roster").data("line", line).data("reason", reason).data("outcome", outcome)
                .data("problem", problem).data("fieldErrors", problem == null ? Map.of() : problem.byField())
                .data("key", UUID.randomUUID().toString());
    }

    // ---------------------------------------------------------------- moving one person's appointment

    /** The move form: the appointment, the free times of a day at the clinic (the appointment's day first), a reason. */
    @GET
    @Path("{clinicId}/move")
    public Uni<Response> moveForm(@PathParam("clinicId") String clinicId, @QueryParam("appointment") String appointment,
            @QueryParam("date") String date, @QueryParam("day") String toDay, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> api.roster(bearer, clinicId, day.date().toString())
                .chain(answer -> {
                    if (answer.getStatus() != 200) {
                        return Uni.createFrom().item(apiProblem(answer, day, lang));
                    }
                    Map<String, Object> line = list(answer.readEntity(JsonNode.class)).stream()
                            .filter(l -> String.valueOf(l.get("appointmentId")).equals(appointment)).findFirst().orElse(null);
                    if (line == null) {
                        return Uni.createFrom().item(page(withClinic(problemPage, day, "roster").data("problem",
                                Problem.message(ConsoleMessages.of(locale(lang)).no_appointment())), lang, 404));
                    }
                    LocalDate target = Optional.ofNullable(parseDate(toDay)).orElse(day.date());
                    return moveTemplate(day, line, target, "", null, null).map(t -> page(t, lang));
                })));
    }

    /** Staff move with a reason: booking-api carries it on the move into the person's text. */
    @POST
    @Path("{clinicId}/move")
    public Uni<Response> moveForPerson(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("appointment_id") String appointmentId, @FormParam("name") String name, @FormParam("time") String time,
            @FormParam("code") String code, @FormParam("day") String toDay, @FormParam("slot") String slot,
            @FormParam("reason") String reason, @FormParam("key") String key) {
        Map<String, Object> line = new HashMap<>();
        line.put("appointmentId", appointmentId);
        line.put("name", name);
        line.put("time", time);
        line.put("confirmationCode", code);
        String typed = reason == null ? "" : reason.strip();
        String idempotencyKey = key != null && key.matches("[A-Za-z0-9-]{8,64}") ? key : UUID.randomUUID().toString();
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> {
            LocalDate target = Optional.ofNullable(parseDate(toDay)).orElse(day.date());
            Map<String, Object> body = new HashMap<>();
            body.put("slotStart", slot == null || slot.isBlank() ? null : slot);
            body.put("reason", typed);
            return api.moveForPerson(bearer, idempotencyKey, clinicId, appointmentId, body).chain(answer -> switch (answer.getStatus()) {
                case 401 -> Uni.createFrom().item(expired());
                case 200 -> moveTemplate(day, line, target, typed, "moved", null)
                        .map(t -> page(t.data("movedTo", clinicClock(answer.readEntity(JsonNode.class).path("localStart").asText())), null));
                case 202 -> moveTemplate(day, line, target, typed, "pending", null).map(t -> page(t, null));
                default -> moveTemplate(day, line, target, typed, null, Problem.of(answer))
                        .map(t -> page(t, null, answer.getStatus()));
            });
        }));
    }

    /** booking-api's local start (an ISO date-time with offset) as the roster writes times: 2026-11-30 13:15. */
    /** HH:mm of a time in the clinic's zone as an API gives it (offset, perhaps with the zone's name after it). */
    private static String clockOf(String localStart) {
        try {
            return java.time.OffsetDateTime.parse(localStart.replaceFirst("\\[.*]$", "")).format(DateTimeFormatter.ofPattern("HH:mm"));
        } catch (DateTimeException e) {
            return localStart;
        }
    }

    private static String clinicClock(String localStart) {
        try {
            return java.time.OffsetDateTime.parse(localStart).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        } catch (DateTimeException e) {
            return localStart;
        }
    }

    private Uni<TemplateInstance> moveTemplate(ClinicDay day, Map<String, Object> line, LocalDate target, String reason,
            String outcome, Problem problem) {
        return api.slots(day.clinicId(), target.toString(), null).map(answer -> {
            List<Map<String, Object>> times = new ArrayList<>();
            if (answer.getStatus() == 200) {
                for (Map<String, Object> slot : list(answer.readEntity(JsonNode.class).path("slots"))) {
                    String start = String.valueOf(slot.get("start"));
                    Map<String, Object> choice = new HashMap<>();
                    choice.put("start", start);
                    choice.put("label", Instant.parse(start).atZone(day.zone()).format(DateTimeFormatter.ofPattern("HH:mm"))
                            + " · " + slot.get("service"));
                    times.add(choice);
                }
            }
            return withClinic(move, day, "roster").data("line", line).data("reason", reason).data("outcome", outcome)
                    .data("problem", problem).data("fieldErrors", problem == null ? Map.of() : problem.byField())
                    .data("day", target.toString()).data("times", times).data("movedTo", "")
                    .data("key", UUID.randomUUID().toString());
        });
    }

    // ---------------------------------------------------------------- the day's CSV

    @GET
    @Path("{clinicId}/upload")
    public Uni<Response> uploadPage(@PathParam("clinicId") String clinicId, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, null, lang, day -> recentUploads(bearer, clinicId)
                .map(recent -> page(withClinic(upload, day, "upload").data("report", null).data("problem", null)
                        .data("recent", recent), lang))));
    }

    /** The recent uploads alone, for the upload page's script to show an upload's counts while it runs. */
    @GET
    @Path("{clinicId}/uploads")
    public Uni<Response> uploadsFragment(@PathParam("clinicId") String clinicId, @QueryParam("lang") String lang) {
        return signedIn(bearer -> recentUploads(bearer, clinicId).map(recent -> page(uploads.data("recent", recent), lang)));
    }

    @POST
    @Path("{clinicId}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> uploadCsv(@PathParam("clinicId") String clinicId, @RestForm("file") FileUpload file) {
        return signedIn(bearer -> clinicDay(clinicId, null, null, day -> {
            if (file == null || file.size() == 0) {
                return recentUploads(bearer, clinicId).map(recent -> page(withClinic(upload, day, "upload")
                        .data("report", null).data("recent", recent)
                        .data("problem", Problem.message(ConsoleMessages.of(locale(null)).choose_file())), null, 422));
            }
            return uploadClient().uploadDoses(bearer, clinicId, file.uploadedFile().toFile()).chain(answer -> {
                if (answer.getStatus() == 401) {
                    return Uni.createFrom().item(expired());
                }
                Map<String, Object> report = answer.getStatus() == 200 ? map(answer.readEntity(JsonNode.class)) : null;
                Problem problem = report == null ? Problem.of(answer) : null;
                return recentUploads(bearer, clinicId).map(recent -> page(withClinic(upload, day, "upload")
                        .data("report", report).data("fileName", file.fileName()).data("problem", problem)
                        .data("recent", recent), null, problem == null ? 200 : 422));
            });
        }));
    }

    /**
     * The client for uploads: booking-api reads a large file for minutes, longer than the shared client
     * waits for an answer, so uploads get one of their own that waits {@code vaxline.web.upload-timeout}.
     */
    private ConsoleApi uploadClient() {
        ConsoleApi client = uploadClient;
        if (client == null) {
            client = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(bookingApiUrl))
                    .readTimeout(uploadTimeout.toMillis(), TimeUnit.MILLISECONDS).build(ConsoleApi.class);
            uploadClient = client;
        }
        return client;
    }

    private Uni<List<Map<String, Object>>> recentUploads(String bearer, String clinicId) {
        return api.uploads(bearer, clinicId).map(answer -> answer.getStatus() == 200
                ? list(answer.readEntity(JsonNode.class)) : List.<Map<String, Object>>of());
    }

    // ---------------------------------------------------------------- sessions and stock

    @GET
    @Path("{clinicId}/sessions")
    public Uni<Response> sessionsPage(@PathParam("clinicId") String clinicId, @QueryParam("date") String date,
            @QueryParam("change") String change, @QueryParam("withdraw") String withdraw, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> sessionsView(bearer, day, Forms.empty(day, service),
                null, change, withdraw).map(page -> page(page, lang))));
    }

    @POST
    @Path("{clinicId}/sessions/preview")
    public Uni<Response> previewPublish(@PathParam("clinicId") String clinicId, @FormParam("sessionId") String sessionId,
            @FormParam("service") String sessionService, @FormParam("date") String date,
            @FormParam("startTime") String startTime, @FormParam("endTime") String endTime,
            @FormParam("slotMinutes") String slotMinutes, @FormParam("seatsPerSlot") String seatsPerSlot,
            @FormParam("reservedSeatsPerSlot") String reserved, @FormParam("minAge") String minAge) {
        Map<String, String> publish = Forms.of("sessionId", sessionId, "service", sessionService, "date", date,
                "startTime", startTime, "endTime", endTime, "slotMinutes", slotMinutes, "seatsPerSlot", seatsPerSlot,
                "reservedSeatsPerSlot", reserved, "minAge", minAge);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> affected(bearer, day, publish)
                .map(lines -> lines == null ? expired() : page(withClinic(confirm, day, "sessions").data("kind", "publish")
                        .data("v", publish).data("affected", lines), null))));
    }

    @POST
    @Path("{clinicId}/sessions/publish")
    public Uni<Response> publish(@PathParam("clinicId") String clinicId, @FormParam("sessionId") String sessionId,
            @FormParam("service") String sessionService, @FormParam("date") String date,
            @FormParam("startTime") String startTime, @FormParam("endTime") String endTime,
            @FormParam("slotMinutes") String slotMinutes, @FormParam("seatsPerSlot") String seatsPerSlot,
            @FormParam("reservedSeatsPerSlot") String reserved, @FormParam("minAge") String minAge) {
        Map<String, String> publish = Forms.of("sessionId", sessionId, "service", sessionService, "date", date,
                "startTime", startTime, "endTime", endTime, "slotMinutes", slotMinutes, "seatsPerSlot", seatsPerSlot,
                "reservedSeatsPerSlot", reserved, "minAge", minAge);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> api.publishSession(bearer, clinicId,
                Forms.sessionBody(publish)).chain(answer -> {
                    if (answer.getStatus() == 401) {
                        return Uni.createFrom().item(expired());
                    }
                    Forms forms = Forms.empty(day, service).withPublish(publish);
                    if (answer.getStatus() == 201) {
                        return sessionsView(bearer, day, Forms.empty(day, service), ConsoleMessages.of(locale(null)).published(publish.get("sessionId"))).map(p -> page(p, null));
                    }
                    return sessionsView(bearer, day, forms.withProblem("publish", Problem.of(answer)), null)
                            .map(p -> page(p, null, 422));
                })));
    }

    @POST
    @Path("{clinicId}/sessions/withdraw/preview")
    public Uni<Response> previewWithdraw(@PathParam("clinicId") String clinicId, @FormParam("sessionId") String sessionId,
            @FormParam("service") String sessionService, @FormParam("date") String date,
            @FormParam("startTime") String startTime, @FormParam("endTime") String endTime,
            @FormParam("reason") String reason) {
        Map<String, String> withdraw = Forms.of("sessionId", sessionId, "service", sessionService, "date", date,
                "startTime", startTime, "endTime", endTime, "reason", reason);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> {
            if (withdraw.get("sessionId").isEmpty()) {
                Forms forms = Forms.empty(day, service).withWithdraw(withdraw).withProblem("withdraw", new Problem(422,
                        ConsoleMessages.of(locale(null)).invalid(), null,
                        List.of(new Problem.FieldError("sessionId", ConsoleMessages.of(locale(null)).required()))));
                return sessionsView(bearer, day, forms, null).map(p -> page(p, null, 422));
            }
            return affected(bearer, day, withdraw).map(lines -> lines == null ? expired()
                    : page(withClinic(confirm, day, "sessions").data("kind", "withdraw").data("v", withdraw)
                            .data("affected", lines), null));
        }));
    }

    @POST
    @Path("{clinicId}/sessions/withdraw")
    public Uni<Response> withdraw(@PathParam("clinicId") String clinicId, @FormParam("sessionId") String sessionId,
            @FormParam("service") String sessionService, @FormParam("date") String date,
            @FormParam("startTime") String startTime, @FormParam("endTime") String endTime,
            @FormParam("reason") String reason) {
        Map<String, String> withdraw = Forms.of("sessionId", sessionId, "service", sessionService, "date", date,
                "startTime", startTime, "endTime", endTime, "reason", reason);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> api.withdrawSession(bearer, clinicId,
                withdraw.get("sessionId"), withdraw.get("reason").isEmpty() ? null : withdraw.get("reason")).chain(answer -> {
                    if (answer.getStatus() == 401) {
                        return Uni.createFrom().item(expired());
                    }
                    if (answer.getStatus() == 202) {
                        return sessionsView(bearer, day, Forms.empty(day, service), ConsoleMessages.of(locale(null)).withdrawing(withdraw.get("sessionId"))).map(p -> page(p, null));
                    }
                    return sessionsView(bearer, day, Forms.empty(day, service).withWithdraw(withdraw)
                            .withProblem("withdraw", Problem.of(answer)), null).map(p -> page(p, null, 422));
                })));
    }

    @POST
    @Path("{clinicId}/stock")
    public Uni<Response> stock(@PathParam("clinicId") String clinicId, @FormParam("date") String date,
            @FormParam("service") String stockService, @FormParam("delta") String delta, @FormParam("reason") String reason) {
        Map<String, String> stock = Forms.of("service", stockService, "delta", delta, "reason", reason);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> api.adjustStock(bearer, clinicId,
                Forms.stockBody(stock)).chain(answer -> {
                    if (answer.getStatus() == 401) {
                        return Uni.createFrom().item(expired());
                    }
                    if (answer.getStatus() == 202) {
                        return sessionsView(bearer, day, Forms.empty(day, service), ConsoleMessages.of(locale(null)).stock_adjusted(stock.get("delta"), stock.get("service"))).map(p -> page(p, null));
                    }
                    return sessionsView(bearer, day, Forms.empty(day, service).withStock(stock)
                            .withProblem("stock", Problem.of(answer)), null).map(p -> page(p, null, 422));
                })));
    }

    /** The day's slots as the public API shows them (free seats only), with the roster's bookings per time. */
    private Uni<TemplateInstance> sessionsView(String bearer, ClinicDay day, Forms forms, String done) {
        return sessionsView(bearer, day, forms, done, null, null);
    }

    /** The sessions page; {@code change} or {@code withdraw} names a listed session whose values fill that form. */
    private Uni<TemplateInstance> sessionsView(String bearer, ClinicDay day, Forms given, String done, String change,
            String withdraw) {
        return Uni.combine().all().unis(api.slots(day.clinicId(), day.date().toString(), null),
                api.roster(bearer, day.clinicId(), day.date().toString()),
                api.sessions(bearer, day.clinicId(), day.date().toString())).asTuple().map(both -> {
                    List<Map<String, Object>> sessionList = both.getItem3().getStatus() == 200
                            ? list(both.getItem3().readEntity(JsonNode.class)) : List.of();
                    Forms forms = given;
                    for (Map<String, Object> session : sessionList) {
                        String id = String.valueOf(session.get("sessionId"));
                        String sessionService = String.valueOf(session.get("service"));
                        String start = String.valueOf(session.get("startTime")).substring(0, 5);
                        String end = String.valueOf(session.get("endTime")).substring(0, 5);
                        session.put("start", start);
                        session.put("end", end);
                        if (id.equals(change)) {
                            forms = forms.withPublish(Forms.of("sessionId", id, "service", sessionService,
                                    "date", day.date().toString(), "startTime", start, "endTime", end,
                                    "slotMinutes", String.valueOf(session.get("slotMinutes")),
                                    "seatsPerSlot", String.valueOf(session.get("seatsPerSlot")),
                                    "reservedSeatsPerSlot", String.valueOf(session.get("reservedSeatsPerSlot")), "minAge", ""));
                        }
                        if (id.equals(withdraw)) {
                            forms = forms.withWithdraw(Forms.of("sessionId", id, "service", sessionService,
                                    "date", day.date().toString(), "startTime", start, "endTime", end, "reason", ""));
                        }
                    }
                    List<Map<String, Object>> free = both.getItem1().getStatus() == 200
                            ? list(both.getItem1().readEntity(JsonNode.class).path("slots")) : List.of();
                    Problem rosterProblem = both.getItem2().getStatus() == 200 ? null : Problem.of(both.getItem2());
                    List<Map<String, Object>> booked = rosterProblem == null ? list(both.getItem2().readEntity(JsonNode.class))
                            : List.of();
                    return withClinic(sessions, day, "sessions").data("rows", Roster.slotTable(free, booked, day.zone()))
                            .data("rosterProblem", rosterProblem).data("f", forms).data("done", done)
                            .data("sessionList", sessionList);
                });
    }

    /** The roster lines a session change or withdrawal touches: bookings of its service from its start to its end. */
    private Uni<List<Map<String, Object>>> affected(String bearer, ClinicDay day, Map<String, String> session) {
        return api.roster(bearer, day.clinicId(), day.date().toString()).map(answer -> answer.getStatus() == 401 ? null
                : answer.getStatus() != 200 ? List.of()
                : Roster.within(list(answer.readEntity(JsonNode.class)), session.get("service"), session.get("startTime"),
                        session.get("endTime")));
    }

    // ---------------------------------------------------------------- plumbing

    // ---------------------------------------------------------------- a doctor's day (care and records)

    /**
     * A doctor's appointments of a day (care), with the patients' names from the clinic's roster (booking-api, which
     * seats them), each with its notes and forms to record a note with a diagnosis, prescribe (records, signed and
     * sent to the patient's pharmacy) or cancel it with a reason. The doctor is the one asked for, else the first.
     */
    @GET
    @Path("{clinicId}/doctors")
    public Uni<Response> doctorsDay(@PathParam("clinicId") String clinicId, @QueryParam("date") String date,
            @QueryParam("doctor") String doctor, @QueryParam("sent") String sent, @QueryParam("lang") String lang) {
        return signedIn(bearer -> clinicDay(clinicId, date, lang, day -> doctorsView(bearer, day, doctor,
                sent != null && sent.matches("note|prescribed|cancelled|moved|pending") ? sent : null, null, null, Map.of(), null)
                .map(view -> view instanceof Response r ? r : page((TemplateInstance) view, lang))));
    }

    @POST
    @Path("{clinicId}/doctors/{doctorId}/notes")
    public Uni<Response> recordNote(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @FormParam("date") String date, @FormParam("appointment_id") String appointmentId, @FormParam("text") String text,
            @FormParam("icd10Code") String code, @FormParam("icd10Display") String display) {
        Map<String, Object> note = new HashMap<>();
        note.put("text", text == null ? "" : text.strip());
        if (code != null && !code.isBlank()) {
            note.put("icd10Code", code.strip().toUpperCase(Locale.ROOT));
            note.put("icd10Display", display == null ? "" : display.strip());
        }
        return doctorAction(clinicId, doctorId, date, appointmentId, "note", Forms.of("text", String.valueOf(note.get("text")),
                "icd10Code", code == null ? "" : code, "icd10Display", display == null ? "" : display),
                bearer -> care.note(bearer, appointmentId, note), 201, "note");
    }

    @POST
    @Path("{clinicId}/doctors/{doctorId}/prescriptions")
    public Uni<Response> prescribe(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @FormParam("date") String date, @FormParam("appointment_id") String appointmentId,
            @FormParam("person_id") String personId, @FormParam("medication") String medication,
            @FormParam("atcCode") String atcCode, @FormParam("dosage") String dosage, @FormParam("quantity") String quantity) {
        Map<String, Object> prescription = new HashMap<>();
        prescription.put("personId", personId);
        prescription.put("medication", medication == null ? "" : medication.strip());
        prescription.put("dosage", dosage == null ? "" : dosage.strip());
        if (atcCode != null && !atcCode.isBlank()) {
            prescription.put("atcCode", atcCode.strip().toUpperCase(Locale.ROOT));
        }
        Integer count = number(quantity);
        if (count != null) {
            prescription.put("quantity", count);
        }
        return doctorAction(clinicId, doctorId, date, appointmentId, "prescription", Forms.of("medication",
                String.valueOf(prescription.get("medication")), "atcCode", atcCode == null ? "" : atcCode,
                "dosage", String.valueOf(prescription.get("dosage")), "quantity", quantity == null ? "" : quantity),
                bearer -> records.prescribe(bearer, prescription), 201, "prescribed");
    }

    @POST
    @Path("{clinicId}/doctors/{doctorId}/cancel")
    public Uni<Response> cancelDoctorAppointment(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @FormParam("date") String date, @FormParam("appointment_id") String appointmentId, @FormParam("reason") String reason) {
        String typed = reason == null ? "" : reason.strip();
        return doctorAction(clinicId, doctorId, date, appointmentId, "cancel", Forms.of("reason", typed),
                bearer -> care.cancelByStaff(bearer, appointmentId, Map.of("reason", typed)), 200, "cancelled");
    }

    /**
     * Staff move an appointment to another of the doctor's free times of the day, with a reason (care asks booking-api,
     * and the person is told); a 409 (the time just taken) shows the day again with the free times care listed.
     */
    @POST
    @Path("{clinicId}/doctors/{doctorId}/move")
    public Uni<Response> moveDoctorAppointment(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @FormParam("date") String date, @FormParam("appointment_id") String appointmentId,
            @FormParam("slotStart") String slotStart, @FormParam("reason") String reason) {
        String typed = reason == null ? "" : reason.strip();
        String slot = slotStart == null ? "" : slotStart.strip();
        Locale locale = locale(null);
        if (slot.isEmpty() || typed.isEmpty()) {
            // Said here in the person's language, before care is asked: care would name the same fields.
            List<Problem.FieldError> missing = new ArrayList<>();
            if (slot.isEmpty()) {
                missing.add(new Problem.FieldError("slotStart", ConsoleMessages.of(locale).move_pick_time()));
            }
            if (typed.isEmpty()) {
                missing.add(new Problem.FieldError("reason", ConsoleMessages.of(locale).move_reason_needed()));
            }
            Problem problem = new Problem(422, ConsoleMessages.of(locale).invalid(), null, missing);
            return signedIn(bearer -> clinicDay(clinicId, date, null, day -> doctorsView(bearer, day, doctorId, null,
                    appointmentId + "/move", problem, Forms.of("reason", typed, "slotStart", slot), null)
                    .map(view -> view instanceof Response r ? r : page((TemplateInstance) view, null, 422))));
        }
        Map<String, Object> change = Map.of("slotStart", slot, "reason", typed);
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> care.moveByStaff(bearer, appointmentId, change)
                .chain(answer -> {
                    if (answer.getStatus() == 401) {
                        return Uni.createFrom().item(expired());
                    }
                    if (answer.getStatus() == 200 || answer.getStatus() == 202) {
                        return Uni.createFrom().item(redirect("/clinic/" + clinicId + "/doctors?doctor=" + doctorId + "&date="
                                + day.date() + "&sent=" + (answer.getStatus() == 202 ? "pending" : "moved") + "#appointment-"
                                + appointmentId));
                    }
                    JsonNode body = body(answer);
                    Problem problem = Problem.of(answer.getStatus(), body);
                    List<Map<String, Object>> offered = null;
                    if (answer.getStatus() == 409) {
                        offered = slotChoices(body == null ? null : body.path("freeSlots"));
                        // Just taken: said in the person's language (care's detail is English and names the instant).
                        boolean taken = "SLOT_FULL".equals(body == null ? null : body.path("reason").asText());
                        problem = new Problem(409, taken ? ConsoleMessages.of(locale).move_taken()
                                : ConsoleMessages.of(locale).move_refused(), taken ? null : problem.detail(), List.of());
                    }
                    List<Map<String, Object>> free = offered;
                    Problem shown = problem;
                    return doctorsView(bearer, day, doctorId, null, appointmentId + "/move", shown,
                            Forms.of("reason", typed, "slotStart", answer.getStatus() == 409 ? "" : slot), free)
                            .map(view -> view instanceof Response r ? r : page((TemplateInstance) view, null, answer.getStatus()));
                })));
    }

    /** The free times of a day (care's slots, each with its start and its clock time in the clinic's zone), free ones only. */
    static List<Map<String, Object>> slotChoices(JsonNode slots) {
        List<Map<String, Object>> choices = new ArrayList<>();
        if (slots != null && slots.isArray()) {
            for (JsonNode slot : slots) {
                if (slot.path("free").asInt(1) > 0) {
                    choices.add(Map.of("start", slot.path("start").asText(), "time", clockOf(slot.path("localStart").asText())));
                }
            }
        }
        return choices;
    }

    private static JsonNode body(Response answer) {
        try {
            return answer.hasEntity() ? answer.readEntity(JsonNode.class) : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** Sends one form's request; done, back to the day (so a reload sends nothing again); refused, the day with the problem at that form. */
    private Uni<Response> doctorAction(String clinicId, String doctorId, String date, String appointmentId, String form,
            Map<String, String> typed, java.util.function.Function<String, Uni<Response>> send, int done, String sent) {
        return signedIn(bearer -> clinicDay(clinicId, date, null, day -> send.apply(bearer).chain(answer -> {
            if (answer.getStatus() == 401) {
                return Uni.createFrom().item(expired());
            }
            if (answer.getStatus() == done || answer.getStatus() == 202) {
                return Uni.createFrom().item(redirect("/clinic/" + clinicId + "/doctors?doctor=" + doctorId + "&date=" + day.date()
                        + "&sent=" + (answer.getStatus() == 202 ? "pending" : sent) + "#appointment-" + appointmentId));
            }
            Problem problem = Problem.of(answer);
            return doctorsView(bearer, day, doctorId, null, appointmentId + "/" + form, problem, typed, null)
                    .map(view -> view instanceof Response r ? r : page((TemplateInstance) view, null, answer.getStatus()));
        })));
    }

    /** The page, or a Response when care or booking-api refused (signed out, no such doctor). */
    private Uni<Object> doctorsView(String bearer, ClinicDay day, String doctorId, String sent, String failed, Problem problem,
            Map<String, String> typed, List<Map<String, Object>> offered) {
        return care.doctors(day.clinicId()).chain(answer -> {
            if (answer.getStatus() != 200) {
                return Uni.createFrom().item((Object) apiProblem(answer, day, null));
            }
            List<Map<String, Object>> doctors = list(answer.readEntity(JsonNode.class));
            Map<String, Object> chosen = doctors.stream().filter(d -> String.valueOf(d.get("doctorId")).equals(doctorId))
                    .findFirst().orElse(doctors.isEmpty() ? null : doctors.getFirst());
            TemplateInstance view = withClinic(doctorsPage, day, "doctors").data("doctors", doctors).data("doctor", chosen)
                    .data("sent", sent).data("failed", failed == null ? "" : failed).data("problem", problem)
                    .data("fieldErrors", problem == null ? Map.of() : problem.byField()).data("typed", typed);
            if (chosen == null) {
                return Uni.createFrom().item((Object) view.data("appointments", List.of()));
            }
            return care.doctorAppointments(bearer, String.valueOf(chosen.get("doctorId")), day.date().toString(), 1)
                    .chain(appointments -> {
                        if (appointments.getStatus() != 200) {
                            return Uni.createFrom().item((Object) apiProblem(appointments, day, null));
                        }
                        List<Map<String, Object>> ofDay = list(appointments.readEntity(JsonNode.class)).stream()
                                .filter(a -> String.valueOf(a.get("localStart")).startsWith(day.date().toString())).toList();
                        Uni<List<Map<String, Object>>> free = offered != null ? Uni.createFrom().item(offered)
                                : care.slots(String.valueOf(chosen.get("doctorId")), day.date().toString()).map(slots ->
                                        slots.getStatus() == 200 ? slotChoices(slots.readEntity(JsonNode.class).path("slots"))
                                                : List.<Map<String, Object>>of());
                        return free.chain(moveSlots -> api.roster(bearer, day.clinicId(), day.date().toString()).map(roster -> {
                            Map<String, String> names = new HashMap<>();
                            if (roster.getStatus() == 200) {
                                list(roster.readEntity(JsonNode.class)).forEach(line ->
                                        names.put(String.valueOf(line.get("appointmentId")), String.valueOf(line.get("name"))));
                            }
                            List<Map<String, Object>> shown = new ArrayList<>();
                            for (Map<String, Object> appointment : ofDay) {
                                Map<String, Object> line = new HashMap<>(appointment);
                                line.put("name", names.getOrDefault(String.valueOf(appointment.get("appointmentId")), ""));
                                // Who wrote a note: the staff name of the token's subject (clinic:<clinic>:<name>).
                                if (appointment.get("notes") instanceof List<?> notes) {
                                    List<Map<String, Object>> named = new ArrayList<>();
                                    for (Object note : notes) {
                                        Map<String, Object> n = new HashMap<>(JSON.convertValue(note, Map.class));
                                        String by = String.valueOf(n.get("recordedBy"));
                                        n.put("recordedBy", by.substring(by.lastIndexOf(':') + 1));
                                        named.add(n);
                                    }
                                    line.put("notes", named);
                                }
                                line.put("time", clockOf(String.valueOf(appointment.get("localStart"))));
                                // The form booking-api, care or records refused, shown open with the problem.
                                line.put("failedForm", failed != null && failed.startsWith(appointment.get("appointmentId") + "/")
                                        ? failed.substring(failed.indexOf('/') + 1) : "");
                                shown.add(line);
                            }
                            return (Object) view.data("appointments", shown).data("moveSlots", moveSlots)
                                    .data("moveTaken", offered != null);
                        }));
                    });
        });
    }

    /** booking-api cannot be reached (or did not answer in time): said so, instead of an error page without words. */
    @ServerExceptionMapper
    public Response unreachable(ProcessingException e) {
        return page(problemPage.data("section", "").data("problem", new Problem(503,
                ConsoleMessages.of(locale(null)).unreachable(), e.getMessage(), List.of())), null, 503);
    }

    Uni<Response> signedIn(java.util.function.Function<String, Uni<Response>> then) {
        Optional<String> bearer = Session.staffBearer(headers);
        return bearer.isEmpty() ? Uni.createFrom().item(redirect("/clinic/login")) : then.apply(bearer.get());
    }

    /** Finds the clinic (its name and time zone, from the public slots answer) and the day, then goes on. */
    Uni<Response> clinicDay(String clinicId, String date, String lang,
            java.util.function.Function<ClinicDay, Uni<Response>> then) {
        LocalDate asked = parseDate(date);
        return api.slots(clinicId, (asked == null ? LocalDate.now(ZoneOffset.UTC) : asked).toString(), null).chain(answer -> {
            if (answer.getStatus() != 200) {
                Problem problem = Problem.of(answer);
                ClinicDay unknown = new ClinicDay(clinicId, clinicId, ZoneOffset.UTC, LocalDate.now(ZoneOffset.UTC));
                return Uni.createFrom().item(page(withClinic(problemPage, unknown, "").data("problem", new Problem(
                        answer.getStatus(), ConsoleMessages.of(locale(lang)).no_clinic(clinicId), problem.detail(),
                        List.of())), lang, answer.getStatus()));
            }
            JsonNode clinic = answer.readEntity(JsonNode.class);
            ZoneId zone = ZoneId.of(clinic.path("timeZone").asText("UTC"));
            return then.apply(new ClinicDay(clinicId, clinic.path("name").asText(clinicId), zone,
                    asked == null ? LocalDate.now(zone) : asked));
        });
    }

    Response apiProblem(Response answer, ClinicDay day, String lang) {
        if (answer.getStatus() == 401) {
            return expired();
        }
        return page(withClinic(problemPage, day, "").data("problem", Problem.of(answer)), lang, answer.getStatus());
    }

    TemplateInstance withClinic(Template template, ClinicDay day, String section) {
        Optional<StaffClaims> claims = Session.staffBearer(headers).flatMap(b -> StaffClaims.read(b.substring(7)));
        return template.data("clinic", day).data("clinicId", day.clinicId()).data("date", day.date().toString())
                .data("section", section).data("who", claims.map(StaffClaims::staffName).orElse(""))
                .data("admin", claims.map(StaffClaims::admin).orElse(false));
    }

    private Optional<String> staffName() {
        return Session.staffBearer(headers).flatMap(b -> StaffClaims.read(b.substring(7)))
                .filter(c -> !c.admin()).map(StaffClaims::staffName);
    }

    Response expired() {
        return Response.seeOther(URI.create("/clinic/login?expired=true")).cookie(Session.staffLoggedOut(secureCookies))
                .build();
    }

    Locale locale(String lang) {
        return Session.locale(lang, headers);
    }

    Response page(TemplateInstance page, String lang) {
        return page(page, lang, 200);
    }

    Response page(TemplateInstance page, String lang, int status) {
        Locale locale = locale(lang);
        Response.ResponseBuilder answer = Response.status(status)
                .entity(page.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store");
        if (lang != null && Session.LANGUAGES.contains(lang)) {
            answer.cookie(Session.language(lang));
        }
        return answer.build();
    }

    static Response redirect(String to) {
        return Response.seeOther(URI.create(to)).build();
    }

    static LocalDate parseDate(String date) {
        try {
            return date == null || date.isBlank() ? null : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(JsonNode node) {
        return node == null || !node.isArray() ? new ArrayList<>() : JSON.convertValue(node, List.class);
    }
}
