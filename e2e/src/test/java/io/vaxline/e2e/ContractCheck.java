package io.vaxline.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.vaxline.contract.Contract;
import io.vaxline.contract.Exchange;
import io.vaxline.devstack.client.Api;

/**
 * Holds every call the end-to-end tests make through {@link Api} to the document of the service it
 * calls, as the Quarkus tests' REST Assured calls are: an undeclared answer fails the test.
 */
final class ContractCheck implements Api.Observer {

    static final ContractCheck INSTANCE = new ContractCheck();

    private ContractCheck() {
    }

    @Override
    public void exchanged(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
            int status, Map<String, List<String>> responseHeaders, String responseBody) {
        Exchange exchange = new Exchange(method, uri, requestHeaders, bytes(requestBody), status, responseHeaders,
                bytes(responseBody));
        Contract.of(exchange.service()).check(exchange);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
