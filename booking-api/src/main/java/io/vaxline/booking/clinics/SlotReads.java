package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vaxline.booking.clinics.ClinicDirectory.Clinic;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The read a rush repeats most, {@code GET /clinics/{clinicId}/slots?date=…}, answered before RESTEasy: a public
 * read of bytes already kept per view ({@link ClinicDays}) has no use for what RESTEasy does first for every
 * request (routing, a URL-template lookup for metrics that builds a request mapper per request, bean validation,
 * context propagation); in the JFR of the reads figure that framework work was most of a read's cost
 * (bench/REPORT.md).
 *
 * <p>Only the plain, valid form is answered here: a clinic this service knows, an ISO date, an optional service id
 * and {@code priority=true|false}, nothing else in the query, JSON acceptable. Everything else (an unknown clinic, a
 * bad date, an encoded character, another parameter, another method) goes on to {@link ClinicResource#slots}, which
 * answers it as before, with the problem named. The answer is the same bytes and content type either way; the
 * request keeps its id (the filter before this one) and its metrics and traces are labelled with the route's
 * template, as RESTEasy labels them.
 */
@ApplicationScoped
public class SlotReads {

    static final String TEMPLATE = "/clinics/{clinicId}/slots";
    /** After the request id (1000), before authentication (200) and RESTEasy's own filters. */
    static final int PRIORITY = 300;
    private static final String PREFIX = "/clinics/";
    private static final String SUFFIX = "/slots";
    private static final Pattern ID = Pattern.compile(ClinicRequests.ID);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Where Quarkus' HTTP metrics and traces look for the matched route's template (a request-context local). */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    /** A plain slots question, parsed from the request. */
    record Question(String clinicId, LocalDate date, String service, boolean priority) {
    }

    @Inject
    ClinicDirectory clinics;

    @Inject
    ClinicDays days;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Optional<Question> question = request.method() == HttpMethod.GET ? question(request.path(), request.query())
                : Optional.empty();
        Optional<Clinic> clinic = question.filter(q -> acceptsJson(request.getHeader(HttpHeaders.ACCEPT)))
                .flatMap(q -> clinics.find(q.clinicId()));
        if (clinic.isEmpty()) {
            rc.next();
            return;
        }
        Question q = question.get();
        byte[] body = days.answer(clinic.get(), q.date(), q.service(), q.priority());
        if (request instanceof HttpServerRequestInternal internal) {
            internal.context().putLocal(URL_PATH_TEMPLATE, TEMPLATE);
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(body));
    }

    /** What RESTEasy would answer with JSON for: no Accept header, or one naming JSON or anything. */
    static boolean acceptsJson(String accept) {
        return accept == null || accept.isEmpty()
                || (accept.indexOf(';') < 0 && (accept.contains("application/json") || accept.contains("*/*")));
    }

    /** The question when {@code path} and {@code query} are the plain, valid form; else nothing. */
    static Optional<Question> question(String path, String query) {
        if (path == null || query == null || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)
                || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return Optional.empty();
        }
        String clinicId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (!ID.matcher(clinicId).matches()) {
            return Optional.empty();
        }
        String date = null;
        String service = null;
        String priority = null;
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                return Optional.empty();
            }
            String name = pair.substring(0, equals);
            String value = pair.substring(equals + 1);
            switch (name) {
                case "date" -> {
                    if (date != null || !DATE.matcher(value).matches()) {
                        return Optional.empty();
                    }
                    date = value;
                }
                case "service" -> {
                    if (service != null || !ID.matcher(value).matches()) {
                        return Optional.empty();
                    }
                    service = value;
                }
                case "priority" -> {
                    if (priority != null || !(value.equals("true") || value.equals("false"))) {
                        return Optional.empty();
                    }
                    priority = value;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (date == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Question(clinicId, LocalDate.parse(date), service, "true".equals(priority)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
