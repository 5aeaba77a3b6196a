package io.vaxline.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A validating reverse proxy on loopback: passes every call on to one service and holds each
 * exchange to that service's document, as an integrator's validating proxy (Prism) would. Used to
 * run the README's session, which calls the services with curl, through the contract.
 */
public final class ContractProxy implements AutoCloseable {

    /** Headers the JDK client sets itself, or that describe the hop rather than the call. */
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final String target;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    private ContractProxy(String target) throws IOException {
        this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(workers);
        server.start();
    }

    /** A proxy in front of the service at {@code target} (e.g. {@code http://127.0.0.1:8080}). */
    public static ContractProxy start(String target) throws IOException {
        return new ContractProxy(target);
    }

    /** Where to call instead of the service. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every exchange the document did not allow so far, described. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    private void forward(HttpExchange call) throws IOException {
        try (call) {
            byte[] body = call.getRequestBody().readAllBytes();
            URI uri = URI.create(target + call.getRequestURI().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(call.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            call.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                    requestHeaders.put(name, values);
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (IOException e) {
                violations.add(call.getRequestMethod() + " " + uri + " could not be passed on: " + e);
                call.sendResponseHeaders(502, -1);
                return;
            }
            Exchange exchange = new Exchange(call.getRequestMethod(), uri, requestHeaders, body, answer.statusCode(),
                    answer.headers().map(), answer.body());
            try {
                Contract.of(target).describeViolations(exchange).ifPresent(violations::add);
            } catch (RuntimeException e) {
                violations.add(call.getRequestMethod() + " " + uri + " could not be checked: " + e);
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    call.getResponseHeaders().put(name, values);
                }
            });
            boolean empty = answer.body().length == 0 || answer.statusCode() == 204 || answer.statusCode() == 304
                    || "HEAD".equals(call.getRequestMethod());
            call.sendResponseHeaders(answer.statusCode(), empty ? -1 : answer.body().length);
            if (!empty) {
                try (OutputStream out = call.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        client.close();
    }
}
