package io.vaxline.contract;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * A REST Assured filter that holds every call to the document of the service it calls (see {@link
 * Contract}): a test whose call gets an answer the document does not declare fails there, naming
 * the operation, the status and what is missing.
 *
 * <p>With {@code -Dvaxline.contract.record=<file>} violations are written to the file instead of
 * failing the test, to see all of them from one run while a document is being written.
 */
public final class ContractValidationFilter implements OrderedFilter {

    static final String RECORD = "vaxline.contract.record";

    /** Installs the filter in REST Assured's defaults once, for every later {@code given()}. */
    public static synchronized void installInRestAssured() {
        if (RestAssured.filters().stream().noneMatch(ContractValidationFilter.class::isInstance)) {
            RestAssured.filters(new ContractValidationFilter());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification requestSpec, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        // REST Assured adds a preemptive bearer token after the filters; as a header the check sees it too.
        if (requestSpec.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme bearer) {
            requestSpec.auth().none().header("Authorization", "Bearer " + bearer.getAccessToken());
        }
        Response response = context.next(requestSpec, responseSpec);
        URI uri = URI.create(requestSpec.getURI());
        if (!Contract.covers(uri.getPath())) {
            return response;
        }
        Contract contract = Contract.of(uri.getScheme() + "://" + uri.getAuthority());
        Request request = RestAssuredRequest.of(requestSpec);
        com.atlassian.oai.validator.model.Response answer = RestAssuredResponse.of(response);
        String record = System.getProperty(RECORD);
        if (record == null) {
            contract.check(request, answer);
        } else {
            contract.describeViolations(request, answer).ifPresent(text -> append(Path.of(record), text));
        }
        return response;
    }

    private static synchronized void append(Path file, String text) {
        try {
            Files.writeString(file, text + "\n\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outermost, so it sees the call as sent and the answer as the test receives it. */
    @Override
    public int getOrder() {
        return OrderedFilter.HIGHEST_PRECEDENCE;
    }
}
