package io.vaxline.web.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vaxline.web.Session;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The administrators' pages: log in with the API key, clinics and their staff tokens, priority
 * occupations, and outreach (patient lists, cohorts, campaigns, funnel, reports, follow-up). A UI
 * over booking-api's REST API and nothing more: every form is sent on as one call, and the page shows
 * what the API answered, a problem's fields beside their inputs, with everything typed kept. Plain
 * forms that post and redirect; the little script there is (upload progress, copying a token) only
 * adds to pages that work without it. Pages are never cached (they show tokens and people's counts).
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminPages {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    @RestClient
    AdminApi api;

    @Inject
    PatientListUploads uploads;

    @Inject
    @Location("admin/login")
    Template login;

    @Inject
    @Location("admin/home")
    Template home;

    @Inject
    @Location("admin/clinics")
    Template clinics;

    @Inject
    @Location("admin/clinic")
    Template clinic;

    @Inject
    @Location("admin/staff-token")
    Template staffToken;

    @Inject
    @Location("admin/occupations")
    Template occupations;

    @Inject
    @Location("admin/services")
    Template services;

    @Inject
    @Location("admin/outreach")
    Template outreach;

    @Inject
    @Location("admin/upload")
    Template upload;

    @Inject
    @Location("admin/upload-progress")
    Template uploadProgress;

    @Inject
    @Location("admin/campaign")
    Template campaign;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @Context
    HttpServerRequest request;

    @ConfigProperty(name = "vaxline.web.secure-cookies", defaultValue = "false")
    boolean secureCookies;

    @ConfigProperty(name = "vaxline.web.near", defaultValue = "59.33,18.06")
    String near;

    @ConfigProperty(name = "vaxline.web.service", defaultValue = "covid-19")
    String service;

    // ---- login

    @GET
    @Path("login")
    public Response loginPage(@QueryParam("next") String next, @QueryParam("lang") String lang) {
        return page(login.data("next", NextPath.safe(next)).data("answer", null).data("retryAfter", null), lang);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logIn(@FormParam("apiKey") String apiKey, @FormParam("next") String next) {
        String to = NextPath.safe(next);
        // The browser's address goes along: booking-api limits key logins per address, and every browser comes through here.
        String browser = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return api.login(browser, Map.of("apiKey", apiKey == null ? "" : apiKey.strip())).map(response -> {
            if (response.getStatus() == 200) {
                Answer answer = Answer.of(response);
                return Response.seeOther(URI.create(to)).cookie(Session.staff(answer.body().path("token").asText(),
                        Instant.parse(answer.body().path("expiresAt").asText()), secureCookies)).build();
            }
            String retryAfter = response.getHeaderString("Retry-After");
            return page(login.data("next", to).data("answer", Answer.of(response)).data("retryAfter", retryAfter), null);
        }).onFailure().recoverWithItem(e -> page(login.data("next", to).data("answer", Answer.unreachable(e))
                .data("retryAfter", null), null));
    }

    @POST
    @Path("logout")
    public Response logOut() {
        return Response.seeOther(URI.create("/admin/login")).cookie(Session.staffLoggedOut(secureCookies)).build();
    }

    @GET
    public Response home(@QueryParam("lang") String lang) {
        if (Session.staffBearer(headers).isEmpty()) {
            return toLogin();
        }
        return page(home.instance(), lang);
    }

    // ---- clinics

    @GET
    @Path("clinics")
    public Uni<Response> clinicList(@QueryParam("near") String at, @QueryParam("date") String date,
            @QueryParam("service") String wanted, @QueryParam("registered") String registered,
            @QueryParam("lang") String lang) {
        if (Session.staffBearer(headers).isEmpty()) {
            return Uni.createFrom().item(toLogin());
        }
        Map<String, String> search = new LinkedHashMap<>();
        search.put("near", blank(at) ? near : at.strip());
        search.put("date", blank(date) ? LocalDate.now(ZoneOffset.UTC).toString() : date.strip());
        search.put("service", blank(wanted) ? service : wanted.strip());
        Map<String, String> form = Map.of("timeZone", "Europe/Stockholm", "services", service);
        return ask(api.clinics(search.get("near"), search.get("date"), search.get("service"), 200))
                .map(found -> page(clinics.data("search", search).data("found", found).data("registered", registered)
                        .data("form", form).data("answer", null), lang));
    }

    @POST
    @Path("clinics")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> register(@FormParam("clinicId") String clinicId, @FormParam("name") String name,
            @FormParam("address") String address, @FormParam("postcode") String postcode,
            @FormParam("latitude") String latitude, @FormParam("longitude") String longitude,
            @FormParam("timeZone") String timeZone, @FormParam("services") String services) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/clinics"));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clinicId", clinicId);
        form.put("name", name);
        form.put("address", address);
        form.put("postcode", postcode);
        form.put("latitude", latitude);
        form.put("longitude", longitude);
        form.put("timeZone", timeZone);
        form.put("services", services);
        Map<String, Object> body = clinicBody(form);
        body.put("clinicId", blank(clinicId) ? null : clinicId.strip());
        return ask(api.registerClinic(bearer, body)).chain(answer -> {
            if (answer.status() == 201) {
                return Uni.createFrom().item(redirect("/admin/clinics/" + answer.body().path("clinicId").asText()
                        + "?registered=1"));
            }
            if (signedOut(answer)) {
                return Uni.createFrom().item(toLogin("/admin/clinics"));
            }
            Map<String, String> search = Map.of("near", near, "date", LocalDate.now(ZoneOffset.UTC).toString(), "service", service);
            return ask(api.clinics(near, search.get("date"), service, 200)).map(found -> page(clinics.data("search", search)
                    .data("found", found).data("registered", null).data("form", form).data("answer", answer), null));
        });
    }

    @GET
    @Path("clinics/{clinicId}")
    public Uni<Response> clinicPage(@PathParam("clinicId") String clinicId, @QueryParam("registered") String registered,
            @QueryParam("updated") String updated, @QueryParam("lang") String lang) {
        if (Session.staffBearer(headers).isEmpty()) {
            return Uni.createFrom().item(toLogin());
        }
        // The public day view names the clinic, its address and time zone; the rest is typed again to change it.
        return ask(api.clinicDay(clinicId, LocalDate.now(ZoneOffset.UTC).toString())).map(day -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("timeZone", "Europe/Stockholm");
            form.put("services", service);
            form.put("active", "true");
            if (day.ok() && day.data() instanceof Map<?, ?> known) {
                form.put("name", String.valueOf(known.get("name")));
                form.put("address", String.valueOf(known.get("address")));
                form.put("timeZone", String.valueOf(known.get("timeZone")));
            }
            return page(clinic.data("clinicId", clinicId).data("form", form).data("answer", null)
                    .data("registered", registered).data("updated", updated).data("staffName", "")
                    .data("tokenAnswer", null), lang);
        });
    }

    @POST
    @Path("clinics/{clinicId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> update(@PathParam("clinicId") String clinicId, @FormParam("name") String name,
            @FormParam("address") String address, @FormParam("postcode") String postcode,
            @FormParam("latitude") String latitude, @FormParam("longitude") String longitude,
            @FormParam("timeZone") String timeZone, @FormParam("services") String services,
            @FormParam("active") String active) {
        String bearer = Session.staffBearer(headers).orElse(null);
        String here = "/admin/clinics/" + clinicId;
        if (bearer == null) {
            return Uni.createFrom().item(toLogin(here));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("address", address);
        form.put("postcode", postcode);
        form.put("latitude", latitude);
        form.put("longitude", longitude);
        form.put("timeZone", timeZone);
        form.put("services", services);
        form.put("active", active == null ? "false" : "true");
        Map<String, Object> body = clinicBody(form);
        body.put("active", active != null);
        return ask(api.updateClinic(bearer, clinicId, body)).map(answer -> {
            if (answer.ok()) {
                return redirect(here + "?updated=1");
            }
            if (signedOut(answer)) {
                return toLogin(here);
            }
            return page(clinic.data("clinicId", clinicId).data("form", form).data("answer", answer)
                    .data("registered", null).data("updated", null).data("staffName", "").data("tokenAnswer", null), null);
        });
    }

    @POST
    @Path("clinics/{clinicId}/staff-tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> issueStaffToken(@PathParam("clinicId") String clinicId, @FormParam("staffName") String staffName) {
        String bearer = Session.staffBearer(headers).orElse(null);
        String here = "/admin/clinics/" + clinicId;
        if (bearer == null) {
            return Uni.createFrom().item(toLogin(here));
        }
        return ask(api.staffToken(bearer, clinicId, Map.of("staffName", staffName == null ? "" : staffName.strip())))
                .map(answer -> {
                    if (answer.status() == 200) {
                        // Shown once, on this answer to the POST: never in a URL, never cached.
                        return page(staffToken.data("clinicId", clinicId).data("staffName", staffName)
                                .data("token", answer.body().path("token").asText())
                                .data("expiresAt", when(answer.body().path("expiresAt").asText())), null);
                    }
                    if (signedOut(answer)) {
                        return toLogin(here);
                    }
                    Map<String, String> form = Map.of("timeZone", "Europe/Stockholm", "services", service, "active", "true");
                    return page(clinic.data("clinicId", clinicId).data("form", form).data("answer", null)
                            .data("registered", null).data("updated", null).data("staffName", staffName)
                            .data("tokenAnswer", answer), null);
                });
    }

    // ---- services and their dose series

    @GET
    @Path("services")
    public Uni<Response> serviceList(@QueryParam("lang") String lang, @QueryParam("done") String done) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/services"));
        }
        return servicePage(Map.of(), null, done, lang);
    }

    @POST
    @Path("services")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> defineService(@FormParam("service") String service, @FormParam("doses") String doses,
            @FormParam("minIntervalDays") String minIntervalDays,
            @FormParam("recommendedIntervalDays") String recommendedIntervalDays,
            @FormParam("targetDisease") String targetDisease) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/services"));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("service", service);
        form.put("doses", doses);
        form.put("minIntervalDays", minIntervalDays);
        form.put("recommendedIntervalDays", recommendedIntervalDays);
        form.put("targetDisease", targetDisease);
        String name = service == null ? "" : service.strip();
        if (name.isEmpty()) {
            return servicePage(form, Answer.of(422, problem("service", "must not be blank")), null, null);
        }
        Map<String, Object> series = new LinkedHashMap<>();
        for (String field : List.of("doses", "minIntervalDays", "recommendedIntervalDays")) {
            String value = form.get(field) == null ? "" : form.get(field).strip();
            if (!value.isEmpty() && !value.matches("\\d{1,4}")) {
                return servicePage(form, Answer.of(422, problem(field, "must be a whole number of " + (field.equals("doses")
                        ? "doses" : "days"))), null, null);
            }
            series.put(field, value.isEmpty() ? null : Integer.valueOf(value));
        }
        series.put("targetDisease", targetDisease == null || targetDisease.isBlank() ? null : targetDisease.strip());
        return ask(api.defineService(bearer, name, series))
                .chain(answer -> answer.ok() ? Uni.createFrom().item(redirect("/admin/services?done=defined"))
                        : signedOut(answer) ? Uni.createFrom().item(toLogin("/admin/services"))
                        : servicePage(form, answer, null, null));
    }

    private Uni<Response> servicePage(Map<String, String> form, Answer answer, String done, String lang) {
        return ask(api.services()).map(list -> page(services.data("list", list).data("form", form).data("answer", answer)
                .data("done", done), lang));
    }

    // ---- priority occupations

    @GET
    @Path("priority-occupations")
    public Uni<Response> occupationList(@QueryParam("lang") String lang, @QueryParam("done") String done) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin());
        }
        return occupationPage(bearer, Map.of(), null, done, lang);
    }

    @POST
    @Path("priority-occupations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addOccupation(@FormParam("code") String code, @FormParam("description") String description) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/priority-occupations"));
        }
        String c = code == null ? "" : code.strip();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("description", description);
        if (c.isEmpty()) {
            return occupationPage(bearer, form, Answer.of(422, problem("code", "must not be blank")), null, null);
        }
        return ask(api.markOccupation(bearer, c, Map.of("description", description == null ? "" : description.strip())))
                .chain(answer -> answer.ok() ? Uni.createFrom().item(redirect("/admin/priority-occupations?done=added"))
                        : signedOut(answer) ? Uni.createFrom().item(toLogin("/admin/priority-occupations"))
                        : occupationPage(bearer, form, answer, null, null));
    }

    @POST
    @Path("priority-occupations/{code}/remove")
    public Uni<Response> removeOccupation(@PathParam("code") String code) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/priority-occupations"));
        }
        return ask(api.unmarkOccupation(bearer, code)).chain(answer -> answer.ok()
                ? Uni.createFrom().item(redirect("/admin/priority-occupations?done=removed"))
                : signedOut(answer) ? Uni.createFrom().item(toLogin("/admin/priority-occupations"))
                : occupationPage(bearer, Map.of(), answer, null, null));
    }

    private Uni<Response> occupationPage(String bearer, Map<String, String> form, Answer answer, String done, String lang) {
        return ask(api.occupations(bearer)).map(list -> signedOut(list) ? toLogin("/admin/priority-occupations")
                : page(occupations.data("list", list).data("form", form).data("answer", answer).data("done", done), lang));
    }

    // ---- outreach

    @GET
    @Path("outreach")
    public Uni<Response> outreachPage(@QueryParam("lang") String lang) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin());
        }
        return outreach(bearer, Map.of(), null, null, null, lang);
    }

    @POST
    @Path("outreach/patient-lists")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadList(@RestForm("name") String name, @RestForm("file") FileUpload file) throws IOException {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return toLogin("/admin/outreach");
        }
        String listName = blank(name) ? "patient list" : name.strip();
        if (file == null || file.uploadedFile() == null || file.size() == 0) {
            return page(upload.data("name", name).data("answer", Answer.of(422, problem("file",
                    "choose a CSV file with a header row (patient_ref, given_name, birth_date, …)"))), null);
        }
        PatientListUploads.Upload started = uploads.start(file.uploadedFile(), listName, file.fileName(), bearer);
        return redirect("/admin/outreach/uploads/" + started.id);
    }

    @GET
    @Path("outreach/patient-lists")
    public Response uploadForm(@QueryParam("lang") String lang) {
        if (Session.staffBearer(headers).isEmpty()) {
            return toLogin();
        }
        return page(upload.data("name", "").data("answer", null), lang);
    }

    /** An upload's progress; {@code part=status} answers only the status region, which the page's script refreshes. */
    @GET
    @Path("outreach/uploads/{id}")
    public Uni<Response> uploadStatus(@PathParam("id") String id, @QueryParam("part") String part,
            @QueryParam("lang") String lang) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin());
        }
        PatientListUploads.Upload found = uploads.find(id, bearer).orElse(null);
        if (found == null) {
            return Uni.createFrom().item(Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(render(outreachNotFound(), lang)).build());
        }
        Uni<Map<String, Object>> counts = found.running() ? ask(api.uploads(bearer)).map(recent -> running(recent, found))
                : Uni.createFrom().item(found.answer().data() instanceof Map<?, ?> m ? cast(m) : Map.of());
        return counts.map(c -> {
            TemplateInstance view = uploadProgress.data("upload", found).data("counts", c).data("part", "status".equals(part));
            return page(view, lang);
        });
    }

    @POST
    @Path("outreach/cohort-preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> preview(@FormParam("name") String name, @FormParam("message") String message,
            @FormParam("conditions") String conditions, @FormParam("minAge") String minAge,
            @FormParam("maxAge") String maxAge, @FormParam("postcodePrefixes") String postcodes,
            @FormParam("questions") String questions) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/outreach"));
        }
        Map<String, String> form = campaignForm(name, message, conditions, minAge, maxAge, postcodes, questions);
        return ask(api.preview(bearer, criteria(form))).chain(answer -> signedOut(answer)
                ? Uni.createFrom().item(toLogin("/admin/outreach"))
                : outreach(bearer, form, answer.ok() ? answer : null, answer.ok() ? null : answer, "preview", null));
    }

    @POST
    @Path("outreach/campaigns")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createCampaign(@FormParam("name") String name, @FormParam("message") String message,
            @FormParam("conditions") String conditions, @FormParam("minAge") String minAge,
            @FormParam("maxAge") String maxAge, @FormParam("postcodePrefixes") String postcodes,
            @FormParam("questions") String questions) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin("/admin/outreach"));
        }
        Map<String, String> form = campaignForm(name, message, conditions, minAge, maxAge, postcodes, questions);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", trimmed(name));
        body.put("message", trimmed(message));
        body.put("criteria", criteria(form));
        List<Map<String, Object>> fields;
        try {
            fields = Questions.parse(questions);
        } catch (IllegalArgumentException e) {
            return outreach(bearer, form, null, Answer.of(422, problem("questions", e.getMessage())), "create", null);
        }
        body.put("form", fields);
        return ask(api.createCampaign(bearer, body)).chain(answer -> {
            if (answer.status() == 201) {
                return Uni.createFrom().item(redirect("/admin/outreach/campaigns/"
                        + answer.body().path("campaign").path("campaignId").asText() + "?answered=created-201"));
            }
            return signedOut(answer) ? Uni.createFrom().item(toLogin("/admin/outreach"))
                    : outreach(bearer, form, null, answer, "create", null);
        });
    }

    @GET
    @Path("outreach/campaigns/{campaignId}")
    public Uni<Response> campaignPage(@PathParam("campaignId") String campaignId, @QueryParam("answered") String answered,
            @QueryParam("lang") String lang) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin());
        }
        return campaign(bearer, campaignId, answered, null, lang);
    }

    @POST
    @Path("outreach/campaigns/{campaignId}/{action:launch|follow-up|reports}")
    public Uni<Response> campaignAction(@PathParam("campaignId") String campaignId, @PathParam("action") String action) {
        String bearer = Session.staffBearer(headers).orElse(null);
        String here = "/admin/outreach/campaigns/" + campaignId;
        if (bearer == null) {
            return Uni.createFrom().item(toLogin(here));
        }
        Uni<Response> call = switch (action) {
            case "launch" -> api.launch(bearer, campaignId);
            case "follow-up" -> api.followUp(bearer, campaignId);
            default -> api.reportNow(bearer, campaignId);
        };
        return ask(call).chain(answer -> answer.ok()
                ? Uni.createFrom().item(redirect(here + "?answered=" + action + "-" + answer.status()))
                : signedOut(answer) ? Uni.createFrom().item(toLogin(here))
                : campaign(bearer, campaignId, null, answer, null));
    }

    @GET
    @Path("outreach/campaigns/{campaignId}/reports/{reportId}.csv")
    @Produces("text/csv")
    public Uni<Response> reportCsv(@PathParam("campaignId") String campaignId, @PathParam("reportId") String reportId) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin());
        }
        return api.reportCsv(bearer, campaignId, reportId).map(r -> csv(r, "not-responded-" + reportId + ".csv"));
    }

    @GET
    @Path("outreach/campaigns/{campaignId}/{export:acknowledged|answers}.csv")
    @Produces("text/csv")
    public Uni<Response> exportCsv(@PathParam("campaignId") String campaignId, @PathParam("export") String export) {
        String bearer = Session.staffBearer(headers).orElse(null);
        if (bearer == null) {
            return Uni.createFrom().item(toLogin());
        }
        return api.exportCsv(bearer, campaignId, export).map(r -> csv(r, export + "-" + campaignId + ".csv"));
    }

    private Uni<Response> campaign(String bearer, String campaignId, String answered, Answer error, String lang) {
        String here = "/admin/outreach/campaigns/" + campaignId;
        return ask(api.campaign(bearer, campaignId)).chain(found -> {
            if (signedOut(found)) {
                return Uni.createFrom().item(toLogin(here));
            }
            return Uni.combine().all().unis(ask(api.campaignPreview(bearer, campaignId)), ask(api.funnel(bearer, campaignId)),
                    ask(api.reports(bearer, campaignId))).asTuple().map(t -> {
                        String[] said = answered == null ? new String[0] : answered.split("-(?=\\d{3}$)");
                        return page(campaign.data("campaignId", campaignId).data("found", found)
                                .data("cohort", t.getItem1()).data("funnel", t.getItem2()).data("reports", t.getItem3())
                                .data("answeredAction", said.length == 2 ? said[0] : null)
                                .data("answeredStatus", said.length == 2 ? said[1] : null)
                                .data("error", error), lang);
                    });
        });
    }

    private Uni<Response> outreach(String bearer, Map<String, String> form, Answer preview, Answer error, String step,
            String lang) {
        return Uni.combine().all().unis(ask(api.uploads(bearer)), ask(api.campaigns(bearer))).asTuple()
                .map(t -> signedOut(t.getItem2()) ? toLogin("/admin/outreach")
                        : page(outreach.data("uploads", t.getItem1()).data("campaigns", t.getItem2()).data("form", form)
                                .data("preview", preview).data("answer", error).data("step", step), lang));
    }

    private TemplateInstance outreachNotFound() {
        return upload.data("name", "").data("answer", Answer.of(404, problem("upload",
                "this upload is not known here (the page's server restarted, or it was started by another login)")));
    }

    // ---- helpers

    static Map<String, String> campaignForm(String name, String message, String conditions, String minAge, String maxAge,
            String postcodes, String questions) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("message", message);
        form.put("conditions", conditions);
        form.put("minAge", minAge);
        form.put("maxAge", maxAge);
        form.put("postcodePrefixes", postcodes);
        form.put("questions", questions);
        return form;
    }

    static Map<String, Object> criteria(Map<String, String> form) {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("conditions", split(form.get("conditions")));
        criteria.put("minAge", number(form.get("minAge")));
        criteria.put("maxAge", number(form.get("maxAge")));
        criteria.put("postcodePrefixes", split(form.get("postcodePrefixes")));
        return criteria;
    }

    private static Map<String, Object> clinicBody(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", trimmed(form.get("name")));
        body.put("address", trimmed(form.get("address")));
        body.put("postcode", blank(form.get("postcode")) ? null : form.get("postcode").strip());
        body.put("latitude", decimal(form.get("latitude")));
        body.put("longitude", decimal(form.get("longitude")));
        body.put("timeZone", trimmed(form.get("timeZone")));
        body.put("services", split(form.get("services")));
        return body;
    }

    /** Words separated by commas, semicolons or spaces. */
    static List<String> split(String text) {
        if (blank(text)) {
            return List.of();
        }
        return Arrays.stream(text.split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A whole number, or the text itself so booking-api names what is wrong with it; null when empty. */
    private static Object number(String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return text.strip();
        }
    }

    private static Object decimal(String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return Double.valueOf(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return text.strip();
        }
    }

    private static String trimmed(String text) {
        return text == null ? null : text.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    static com.fasterxml.jackson.databind.JsonNode problem(String field, String message) {
        com.fasterxml.jackson.databind.node.ObjectNode problem = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        problem.put("title", "Invalid request");
        problem.put("detail", field + ": " + message);
        problem.putArray("errors").addObject().put("field", field).put("message", message);
        return problem;
    }

    private static String when(String instant) {
        try {
            return UTC.format(Instant.parse(instant));
        } catch (RuntimeException e) {
            return instant;
        }
    }

    /** booking-api's counts of its upload of this list that runs now, if it started by now. */
    private static Map<String, Object> running(Answer recent, PatientListUploads.Upload upload) {
        if (recent.data() instanceof List<?> all) {
            for (Object u : all) {
                if (u instanceof Map<?, ?> m && "RUNNING".equals(m.get("status")) && upload.listName.equals(m.get("listName"))
                        && m.get("startedAt") != null
                        && !Instant.parse(String.valueOf(m.get("startedAt"))).isBefore(upload.startedAt.minusSeconds(5))) {
                    return cast(m);
                }
            }
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Response csv(Response from, String filename) {
        if (from.getStatus() != 200) {
            return Response.status(from.getStatus()).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("booking-api answered " + from.getStatus()).build();
        }
        return Response.ok(from.readEntity(String.class)).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .cacheControl(noStore()).build();
    }

    private Uni<Answer> ask(Uni<Response> call) {
        return call.map(Answer::of).onFailure().recoverWithItem(Answer::unreachable);
    }

    private static boolean signedOut(Answer answer) {
        return answer.status() == 401 || answer.status() == 403;
    }

    private Response toLogin() {
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        return toLogin(query == null ? path : path + "?" + query);
    }

    private Response toLogin(String next) {
        return Response.seeOther(URI.create("/admin/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                .cookie(Session.staffLoggedOut(secureCookies)).build();
    }

    private static Response redirect(String to) {
        return Response.seeOther(URI.create(to)).build();
    }

    private String render(TemplateInstance page, String lang) {
        Locale locale = Session.locale(lang, headers);
        return page.setLocale(locale).data("lang", locale.getLanguage()).render();
    }

    private Response page(TemplateInstance page, String lang) {
        Response.ResponseBuilder answer = Response.ok(render(page, lang))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).cacheControl(noStore());
        if (lang != null && Session.LANGUAGES.contains(lang)) {
            answer.cookie(Session.language(lang));
        }
        return answer.build();
    }

    private static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        cache.setNoCache(true);
        return cache;
    }
}
