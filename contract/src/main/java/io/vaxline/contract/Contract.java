package io.vaxline.contract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * One service's OpenAPI document, as the running service serves it at {@code /q/openapi}, and the
 * check of an exchange against it.
 *
 * <p>The response is always checked: its status must be declared for the operation, and its body
 * must match the declared schema for its content type. The request is checked when the service
 * accepted it (an answer below 400): a request the document calls invalid must not be carried out.
 * A request the service refused is not held to the document, because tests send bad requests on
 * purpose to see them refused; that the refusal itself is declared is checked all the same.
 */
public final class Contract {

    /** Paths that are Quarkus' own (health, metrics, the document itself), not the service's API. */
    public static final String PLATFORM_PATHS = "/q/";

    private static final Map<String, Contract> BY_SERVICE = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String service;
    private final OpenApiInteractionValidator validator;

    private Contract(String service, String document) {
        this.service = service;
        // allOf merged before validating: a problem with extension members is Problem plus its members.
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withResolveCombinators(true).build();
    }

    /** The contract of the service at {@code baseUrl} (e.g. {@code http://127.0.0.1:8081}), read once. */
    public static Contract of(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return BY_SERVICE.computeIfAbsent(base, url -> new Contract(url, document(url)));
    }

    /** A contract from a document in hand (the filter's own test). */
    public static Contract ofDocument(String service, String document) {
        return new Contract(service, document);
    }

    /** The document the service at {@code baseUrl} serves, as JSON. */
    public static String document(String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(baseUrl + "/q/openapi answered " + response.statusCode()
                        + "; a service checked against its contract must publish it");
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + baseUrl + "/q/openapi: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the path is one the contract covers. */
    public static boolean covers(String path) {
        return !path.startsWith(PLATFORM_PATHS);
    }

    /** What in this exchange the document does not allow; empty when it agrees. */
    public List<String> violations(Request request, Response response) {
        if (!covers(request.getPath())) {
            return List.of();
        }
        boolean refused = response.getStatus() >= 400;
        ValidationReport report = validator.validate(request, response);
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(refused && m.getKey().startsWith("validation.request.")))
                .map(m -> m.getKey() + ": " + m.getMessage()
                        + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                .toList();
    }

    /** Fails with every violation of the exchange, naming the call and the answer. */
    public void check(Exchange exchange) {
        check(exchange.request(), exchange.response());
    }

    /** Fails with every violation of the exchange, naming the call and the answer. */
    public void check(Request request, Response response) {
        describeViolations(request, response).ifPresent(text -> {
            throw new ContractViolation(text);
        });
    }

    /** The violations of an exchange, described for a failure message; empty when it agrees. */
    public Optional<String> describeViolations(Exchange exchange) {
        return describeViolations(exchange.request(), exchange.response());
    }

    /** The violations of an exchange, described for a failure message; empty when it agrees. */
    public Optional<String> describeViolations(Request request, Response response) {
        List<String> violations = violations(request, response);
        return violations.isEmpty() ? Optional.empty() : Optional.of(describe(request, response, violations));
    }

    private String describe(Request request, Response response, List<String> violations) {
        return request.getMethod() + " " + request.getPath() + " answered " + response.getStatus()
                + ", which " + service + "/q/openapi does not allow:\n  - " + String.join("\n  - ", violations)
                + "\nDeclare the answer on the operation (@APIResponse), or fix the service. Body: "
                + response.getResponseBody().map(b -> {
                    try {
                        String text = b.toString(StandardCharsets.UTF_8);
                        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
                    } catch (IOException e) {
                        return "(unreadable)";
                    }
                }).orElse("(none)");
    }

    /** A service answered, or was asked, what its own document does not allow. */
    public static final class ContractViolation extends AssertionError {
        public ContractViolation(String message) {
            super(message);
        }
    }
}
