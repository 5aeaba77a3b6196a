package io.vaxline.notifier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An HTTP endpoint standing in for AWS SNS, on 127.0.0.1 and a free port: it keeps every request the
 * AWS SDK really sent (form parameters and headers) and answers as SNS does. Phone numbers choose the
 * answer: ...0002 is throttled twice before it is accepted, ...0003 always gets a 500, ...0004 is
 * refused as an invalid parameter, ...0005 is accepted but its first request is answered only after
 * {@link #SLOW_ANSWER} (after the client's timeout: SNS took the message, the client does not know);
 * any other number is accepted at once. Requests are served concurrently, as SNS does.
 */
public class FakeSnsEndpoint implements QuarkusTestResourceLifecycleManager {

    public static final String THROTTLED_TWICE = "+46701110002";
    public static final String ALWAYS_FAILING = "+46701110003";
    public static final String REFUSED = "+46701110004";
    public static final String SLOW_ONCE = "+46701110005";
    static final java.time.Duration SLOW_ANSWER = java.time.Duration.ofSeconds(3);

    /** What the SDK sent, and when it arrived. */
    public record Received(String method, String path, Map<String, String> headers, Map<String, String> form,
            java.time.Instant at) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return Map.of(
                "vaxline.sms.channel", "sns",
                "vaxline.sns.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "vaxline.sns.region", "eu-north-1",
                "vaxline.sns.sender-id", "Vaxline",
                "vaxline.sns.access-key-id", "AKIDTEST",
                "vaxline.sns.secret-access-key", "test-secret",
                // The client gives up on a call before the slow answer comes; the lease outlasts a call.
                "vaxline.sns.timeout", "PT1S",
                "vaxline.notifier.delivery-lease", "PT4S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static List<Received> to(String phone) {
        return RECEIVED.stream().filter(r -> phone.equals(r.form().get("PhoneNumber"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, form,
                java.time.Instant.now()));

        String phone = form.getOrDefault("PhoneNumber", "");
        int call = CALLS.computeIfAbsent(phone, p -> new AtomicInteger()).incrementAndGet();
        if (SLOW_ONCE.equals(phone) && call == 1) {
            try {
                Thread.sleep(SLOW_ANSWER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (THROTTLED_TWICE.equals(phone) && call <= 2) {
            respond(exchange, 400, error("Sender", "Throttling", "Rate exceeded"));
        } else if (ALWAYS_FAILING.equals(phone)) {
            respond(exchange, 500, error("Receiver", "InternalError", "Internal service error"));
        } else if (REFUSED.equals(phone)) {
            respond(exchange, 400, error("Sender", "InvalidParameter", "Invalid parameter: PhoneNumber"));
        } else {
            respond(exchange, 200, """
                    <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                      <PublishResult><MessageId>%s</MessageId></PublishResult>
                      <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
                    </PublishResponse>""".formatted(UUID.randomUUID(), UUID.randomUUID()));
        }
    }

    private static String error(String type, String code, String message) {
        return """
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>%s</RequestId>
                </ErrorResponse>""".formatted(type, code, message, UUID.randomUUID());
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
