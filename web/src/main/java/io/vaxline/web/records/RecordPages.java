package io.vaxline.web.records;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vaxline.web.BookingApi;
import io.vaxline.web.Session;

/**
 * A person's records (records' REST API, with the household's own token): their documents and images with how far
 * each is read, their prescriptions, and the pharmacy prescriptions go to. The upload is a plain form: the file is
 * passed on to records as it came, and a refusal (too large, a type records does not take, a virus) is shown next to
 * the form in the person's language, saying what to do. The documents' status is a list the page's script asks for
 * again until every document is done or failed; without script, reloading the page shows the same.
 */
@Path("/me/records")
@Produces(MediaType.TEXT_HTML)
public class RecordPages {

    @Inject
    @RestClient
    RecordsApi records;

    @Inject
    @RestClient
    BookingApi booking;

    @Inject
    @Location("records/person.html")
    Template personPage;

    @Inject
    @Location("records/documents.html")
    Template documentList;

    @Context
    HttpHeaders headers;

    @ConfigProperty(name = "vaxline.web.time-zone", defaultValue = "Europe/Stockholm")
    ZoneId zone;

    /** records' largest document (the same DOCUMENTS_MAX_BYTES): a larger file is refused here, not sent on to be refused. */
    @ConfigProperty(name = "vaxline.web.records.max-bytes", defaultValue = "10485760")
    long maxBytes;

    @GET
    @Path("{personId}")
    public Uni<Response> page(@PathParam("personId") String personId, @QueryParam("uploaded") String uploaded,
            @QueryParam("pharmacy") String pharmacyChosen, @QueryParam("lang") String lang) {
        return signedIn(personId, bearer -> view(bearer, personId, Session.locale(lang, headers))
                .map(view -> view == null ? loggedOut(personId)
                        : html(view.data("uploaded", uploaded != null).data("pharmacyChosen", pharmacyChosen != null), 200, lang)));
    }

    /** The list of documents alone, for the page's script to follow their status. */
    @GET
    @Path("{personId}/documents")
    public Uni<Response> documents(@PathParam("personId") String personId) {
        return signedIn(personId, bearer -> records.documents(bearer, personId).map(answer -> {
            if (answer.getStatus() != 200) {
                return Response.status(answer.getStatus()).build();
            }
            Locale locale = Session.locale(null, headers);
            return html(documentList.data("personId", personId).data("documents", documents(answer.readEntity(JsonNode.class), locale)),
                    200, null);
        }));
    }

    @POST
    @Path("{personId}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@PathParam("personId") String personId, @RestForm("file") FileUpload file) {
        return signedIn(personId, bearer -> {
            if (file == null || file.fileName() == null || file.fileName().isBlank()) {
                return refused(bearer, personId, UploadRefusal.NO_FILE);
            }
            if (file.size() > maxBytes) {
                return refused(bearer, personId, UploadRefusal.TOO_LARGE);
            }
            return records.upload(bearer, personId, ClientMultipartForm.create().fileUpload(file)).chain(answer -> {
                if (answer.getStatus() == 202) {
                    return Uni.createFrom().item(redirect("/me/records/" + personId + "?uploaded=1"));
                }
                if (answer.getStatus() == 401) {
                    return Uni.createFrom().item(loggedOut(personId));
                }
                return refused(bearer, personId, UploadRefusal.of(answer.getStatus(), problem(answer)));
            }).onFailure().recoverWithUni(() -> refused(bearer, personId, UploadRefusal.UNAVAILABLE));
        });
    }

    @POST
    @Path("{personId}/pharmacy")
    public Uni<Response> choosePharmacy(@PathParam("personId") String personId, @FormParam("pharmacyId") String pharmacyId) {
        return signedIn(personId, bearer -> records.choosePharmacy(bearer, personId, Map.of("pharmacyId", pharmacyId == null ? "" : pharmacyId))
                .chain(answer -> {
                    if (answer.getStatus() == 204) {
                        return Uni.createFrom().item(redirect("/me/records/" + personId + "?pharmacy=1#pharmacy"));
                    }
                    if (answer.getStatus() == 401) {
                        return Uni.createFrom().item(loggedOut(personId));
                    }
                    return view(bearer, personId, Session.locale(null, headers)).map(view -> view == null ? loggedOut(personId)
                            : html(view.data("pharmacyError", true), 422, null));
                }));
    }

    /** An image's thumbnail, fetched with the household's token (an img element cannot send it itself). */
    @GET
    @Path("{personId}/documents/{documentId}/thumbnail")
    @Produces("image/png")
    public Uni<Response> thumbnail(@PathParam("personId") String personId, @PathParam("documentId") String documentId) {
        return signedIn(personId, bearer -> records.thumbnail(bearer, personId, documentId).map(answer -> answer.getStatus() == 200
                ? Response.ok(answer.readEntity(byte[].class), "image/png").header("Cache-Control", "private, no-store").build()
                : Response.status(answer.getStatus() == 401 ? 401 : 404).build()));
    }

    private Uni<Response> refused(String bearer, String personId, UploadRefusal refusal) {
        return view(bearer, personId, Session.locale(null, headers)).map(view -> view == null ? loggedOut(personId)
                : html(view.data("refusal", refusal.key()), refusal == UploadRefusal.UNAVAILABLE ? 503 : 422, null));
    }

    /** The page's data, or null when the household's token is no longer good; 404 for a person not of the household. */
    private Uni<TemplateInstance> view(String bearer, String personId, Locale locale) {
        Uni<Response> people = booking.people(bearer);
        Uni<Response> documents = orNull(records.documents(bearer, personId));
        Uni<Response> prescriptions = orNull(records.prescriptions(bearer, personId));
        Uni<Response> pharmacies = orNull(records.pharmacies());
        Uni<Response> chosen = orNull(records.chosenPharmacy(bearer, personId));
        return Uni.combine().all().unis(people, documents, prescriptions, pharmacies, chosen).asTuple().map(all -> {
            if (all.getItem1().getStatus() == 401) {
                return null;
            }
            String name = null;
            for (JsonNode person : all.getItem1().readEntity(JsonNode.class)) {
                if (personId.equals(person.path("personId").asText())) {
                    name = person.path("name").asText();
                }
            }
            if (name == null) {
                throw new NotFoundException("Not a person of this household");
            }
            JsonNode documentsFound = ok(all.getItem2());
            JsonNode prescriptionsFound = ok(all.getItem3());
            JsonNode pharmaciesFound = ok(all.getItem4());
            JsonNode chosenFound = ok(all.getItem5());
            Map<String, String> pharmacyNames = new LinkedHashMap<>();
            if (pharmaciesFound != null) {
                pharmaciesFound.forEach(p -> pharmacyNames.put(p.path("pharmacyId").asText(), p.path("name").asText()));
            }
            String chosenId = chosenFound == null ? null : chosenFound.path("pharmacyId").asText(null);
            return personPage.data("personId", personId).data("name", name)
                    .data("documents", documentsFound == null ? List.of() : documents(documentsFound, locale))
                    .data("pending", documentsFound != null && pending(documentsFound))
                    .data("prescriptions", prescriptionsFound == null ? List.of() : prescriptions(prescriptionsFound, pharmacyNames, locale))
                    .data("pharmacies", pharmacyNames.entrySet().stream().map(p -> Map.of("pharmacyId", p.getKey(), "name", p.getValue(),
                            "chosen", p.getKey().equals(chosenId))).toList())
                    .data("chosenPharmacy", chosenId == null ? null : pharmacyNames.getOrDefault(chosenId, chosenId))
                    .data("unavailable", documentsFound == null || prescriptionsFound == null || pharmaciesFound == null)
                    .data("maxMegabytes", Math.max(1, maxBytes / (1024 * 1024)))
                    .data("uploaded", false).data("pharmacyChosen", false).data("refusal", null).data("pharmacyError", false);
        });
    }

    private List<Map<String, Object>> documents(JsonNode found, Locale locale) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode d : found) {
            DocumentStep step = DocumentStep.of(d.path("status").asText());
            Map<String, Object> document = new HashMap<>();
            document.put("documentId", d.path("documentId").asText());
            document.put("fileName", d.path("fileName").asText());
            document.put("step", step.key());
            document.put("stepNumber", step.number());
            document.put("steps", DocumentStep.STEPS);
            document.put("final", step.isFinal());
            document.put("reason", d.hasNonNull("reason") ? d.path("reason").asText() : null);
            document.put("thumbnail", d.path("thumbnail").asBoolean());
            document.put("uploadedAt", when(d.path("uploadedAt").asText(), locale));
            list.add(document);
        }
        return list;
    }

    private static boolean pending(JsonNode documents) {
        for (JsonNode d : documents) {
            if (!DocumentStep.of(d.path("status").asText()).isFinal()) {
                return true;
            }
        }
        return false;
    }

    private List<Map<String, Object>> prescriptions(JsonNode found, Map<String, String> pharmacyNames, Locale locale) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode p : found) {
            Map<String, Object> prescription = new HashMap<>();
            prescription.put("prescriptionId", p.path("prescriptionId").asText());
            prescription.put("medication", p.path("medication").asText());
            prescription.put("dosage", p.hasNonNull("dosage") ? p.path("dosage").asText() : null);
            prescription.put("dispensed", "dispensed".equals(p.path("status").asText()));
            String pharmacyId = p.path("pharmacyId").asText();
            prescription.put("pharmacy", pharmacyNames.getOrDefault(pharmacyId, pharmacyId));
            prescription.put("issuedAt", when(p.path("issuedAt").asText(), locale));
            prescription.put("dispensedAt", p.hasNonNull("dispensedAt") ? when(p.path("dispensedAt").asText(), locale) : null);
            list.add(prescription);
        }
        return list;
    }

    private String when(String instant, Locale locale) {
        return Instant.parse(instant).atZone(zone)
                .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale));
    }

    private Uni<Response> signedIn(String personId, java.util.function.Function<String, Uni<Response>> then) {
        return Session.bearer(headers).map(then).orElseGet(() -> Uni.createFrom().item(loggedOut(personId)));
    }

    /** records away: the page still shows what it can, and says the rest cannot be reached just now. */
    private static Uni<Response> orNull(Uni<Response> call) {
        return call.onFailure().recoverWithNull();
    }

    private static JsonNode ok(Response answer) {
        return answer != null && answer.getStatus() == 200 ? answer.readEntity(JsonNode.class) : null;
    }

    private static JsonNode problem(Response answer) {
        try {
            return answer.hasEntity() ? answer.readEntity(JsonNode.class) : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private Response html(TemplateInstance page, int status, String lang) {
        Locale locale = Session.locale(lang, headers);
        Response.ResponseBuilder answer = Response.status(status).entity(page.setLocale(locale).data("lang", locale.getLanguage()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store");
        if (lang != null && Session.LANGUAGES.contains(lang)) {
            answer.cookie(Session.language(lang));
        }
        return answer.build();
    }

    private static Response loggedOut(String personId) {
        return redirect("/?next=" + URLEncoder.encode("/me/records/" + personId, StandardCharsets.UTF_8));
    }

    private static Response redirect(String to) {
        return Response.seeOther(URI.create(to)).build();
    }
}
