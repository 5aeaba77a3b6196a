package io.vaxline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class ContractProxyTest {

    private static HttpResponse<String> post(String url, String body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url + "/things"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void passesCallsOnAndNamesTheExchangesTheDocumentDoesNotAllow() throws Exception {
        try (ThingsService service = new ThingsService(); ContractProxy proxy = ContractProxy.start(service.url())) {
            service.answers(201, "application/json", "{\"id\": \"t-1\"}");
            HttpResponse<String> declared = post(proxy.url(), "{\"name\": \"cup\"}");
            assertThat(declared.statusCode()).isEqualTo(201);
            assertThat(declared.body()).isEqualTo("{\"id\": \"t-1\"}");
            assertThat(proxy.violations()).isEmpty();

            service.answers(418, "text/plain", "I'm a teapot");
            HttpResponse<String> undeclared = post(proxy.url(), "{\"name\": \"cup\"}");
            assertThat(undeclared.statusCode()).isEqualTo(418);
            assertThat(proxy.violations()).singleElement().asString()
                    .contains("POST /things answered 418").contains("validation.response.status.unknown");
        }
    }
}
