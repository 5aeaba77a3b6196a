package io.vaxline.contract;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;

/**
 * A call and its answer as seen on the wire (by {@link ContractProxy}, or by a test's own HTTP
 * client), for {@link Contract#check(Exchange)}.
 */
public record Exchange(String method, URI uri, Map<String, List<String>> requestHeaders, byte[] requestBody,
        int status, Map<String, List<String>> responseHeaders, byte[] responseBody) {

    /** The service's base URL: scheme, host and port. */
    public String service() {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    Request request() {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
        requestHeaders.forEach(request::withHeader);
        if (requestBody != null && requestBody.length > 0) {
            request.withBody(requestBody);
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                request.withQueryParam(name, value);
            }
        }
        return request.build();
    }

    Response response() {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        responseHeaders.forEach((name, values) -> {
            if (name != null) {
                response.withHeader(name, values);
            }
        });
        if (responseBody != null && responseBody.length > 0) {
            response.withBody(responseBody);
        }
        return response.build();
    }
}
