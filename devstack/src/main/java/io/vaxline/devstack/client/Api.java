package io.vaxline.devstack.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;

/**
 * What a person's phone or a clinic's browser does against the running stack, over plain HTTP, safe
 * to use from many threads at once. Each virtual person has an address of their own (booking-api
 * runs with X-Forwarded-For trusted in these tests), as real people behind a load balancer do.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    public record Reply(int status, JsonNode body) {
        public String text(String field) {
            return body.path(field).asText();
        }
    }

    /** Sees every call this client makes and its answer (the tests hold them to the services' documents). */
    @FunctionalInterface
    public interface Observer {
        void exchanged(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
                int status, Map<String, List<String>> responseHeaders, String responseBody);

        Observer NONE = (method, uri, requestHeaders, requestBody, status, responseHeaders, responseBody) -> {
        };
    }

    private final String bookingApiUrl;
    private final String notifierUrl;
    private final String adminApiKey;
    private final Observer observer;

    public Api(VaxlineStack stack) {
        this(stack, Observer.NONE);
    }

    public Api(VaxlineStack stack, Observer observer) {
        this(stack.url(Service.BOOKING_API), stack.url(Service.NOTIFIER),
                stack.infrastructure().endpoints().secrets().adminApiKey(), observer);
    }

    /** For a stack running in another process, known by its URLs and the administrators' API key. */
    public Api(String bookingApiUrl, String notifierUrl, String adminApiKey, Observer observer) {
        this.bookingApiUrl = bookingApiUrl;
        this.notifierUrl = notifierUrl;
        this.adminApiKey = adminApiKey;
        this.observer = observer;
    }

    private HttpResponse<String> send(HttpRequest request, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        observer.exchanged(request.method(), request.uri(), request.headers().map(), body, response.statusCode(),
                response.headers().map(), response.body());
        return response;
    }

    public Reply call(String method, String path, Object body, String token, String address, String idempotencyKey) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bookingApiUrl + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("X-Forwarded-For", address)
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            HttpResponse<String> response = send(request.build(), text);
            return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, Object body, String token, String address) {
        return call("POST", path, body, token, address, null);
    }

    public String adminToken() {
        Reply reply = post("/admin/login", "{\"apiKey\": \"" + adminApiKey + "\"}",
                null, newAddress());
        return require(reply, 200).text("token");
    }

    /** Logs in with the code the notifier texted, read from its inbox as the person would read their phone. */
    public String login(String phone, String address) {
        Instant asked = Instant.now();
        require(post("/otp", "{\"phone\": \"" + phone + "\"}", null, address), 202);
        String code = awaitCode(phone, asked);
        return require(post("/otp/verify", "{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}", null, address), 200)
                .text("token");
    }

    public String addPerson(String token, String name, int birthYear) {
        return require(post("/me/people", "{\"name\": \"" + name + "\", \"birthYear\": " + birthYear + "}", token,
                newAddress()), 201).text("personId");
    }

    public JsonNode inbox(String phone) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create(notifierUrl + "/inbox/" + phone)).GET().build(), null);
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createArrayNode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one-time code texted to {@code phone} at or after {@code asked}, read from the notifier's inbox (up to 60 s). */
    public String awaitCode(String phone, Instant asked) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode message : inbox(phone)) {
                Matcher code = CODE.matcher(message.path("text").asText());
                if (code.find() && !Instant.parse(message.path("sentAt").asText()).isBefore(asked)) {
                    return code.group(1);
                }
            }
            sleep(100);
        }
        throw new AssertionError("No code reached " + phone + " within 60 s");
    }

    public static Reply require(Reply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    public static String newPhone() {
        return "+4670" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }

    public static String newAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
