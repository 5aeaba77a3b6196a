package io.vaxline.records.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The S3 path through the real AWS SDK against an endpoint on 127.0.0.1 that keeps what it is sent and checks how:
 * path-style addressing, a signed request, the bytes as given.
 */
class S3StorageTest {

    private HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int failWith;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + path + " " + (authorization != null && authorization.startsWith(
                    "AWS4-HMAC-SHA256 Credential=test-key/") ? "signed" : "unsigned"));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failWith != 0) {
                exchange.sendResponseHeaders(failWith, -1);
            } else if (exchange.getRequestMethod().equals("PUT")) {
                String sha = String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256"));
                objects.put(path, sha.startsWith("STREAMING-") ? unchunked(body) : body);
                exchange.getResponseHeaders().add("ETag", "\"1\"");
                exchange.sendResponseHeaders(200, -1);
            } else if (objects.containsKey(path)) {
                byte[] object = objects.get(path);
                exchange.sendResponseHeaders(200, object.length);
                exchange.getResponseBody().write(object);
            } else {
                byte[] missing = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(404, missing.length);
                exchange.getResponseBody().write(missing);
            }
            exchange.close();
        });
        server.start();
    }

    /** The payload of an aws-chunked body (what the SDK sends over plain HTTP: signed chunks, then a checksum trailer). */
    private static byte[] unchunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0], 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not an aws-chunked body");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private S3Storage storage() {
        return new S3Storage("records-documents", "eu-north-1",
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), Optional.of("test-key"),
                Optional.of("test-secret"));
    }

    @Test
    void objectsArePutAndReadBackPathStyleAndSigned() {
        try (S3Storage storage = storage()) {
            byte[] content = "sealed bytes".getBytes(StandardCharsets.UTF_8);
            storage.put("doc-1", content);
            assertThat(objects.get("/records-documents/doc-1")).isEqualTo(content);
            assertThat(storage.get("doc-1")).isEqualTo(content);
            assertThat(storage.get("doc-2")).isNull();
            assertThat(requests).containsExactly("PUT /records-documents/doc-1 signed", "GET /records-documents/doc-1 signed",
                    "GET /records-documents/doc-2 signed");
        }
    }

    @Test
    void aBucketAnsweringUnavailableIsAnOutageToWaitOut() {
        try (S3Storage storage = storage()) {
            failWith = 503;
            assertThatThrownBy(() -> storage.put("doc-3", new byte[] { 1 })).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("records-documents");
            assertThatThrownBy(() -> storage.get("doc-3")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void aBucketThatCannotBeReachedIsAnOutageToWaitOut() {
        try (S3Storage storage = storage()) {
            server.stop(0);
            assertThatThrownBy(() -> storage.get("doc-4")).isInstanceOf(UncheckedIOException.class);
        }
    }
}
