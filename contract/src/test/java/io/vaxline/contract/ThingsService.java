package io.vaxline.contract;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A tiny service for the contract's own tests: publishes things.json and answers what it is told to. */
final class ThingsService implements AutoCloseable {

    private final HttpServer server;
    private volatile int status;
    private volatile String type;
    private volatile String body;

    ThingsService() throws IOException {
        byte[] document;
        try (InputStream in = ThingsService.class.getResourceAsStream("/things.json")) {
            document = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/openapi", exchange -> answer(exchange, 200, "application/json", document));
        server.createContext("/secret", exchange -> answer(exchange, 200, "text/plain",
                "the cake".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/things", exchange -> answer(exchange, status, type, body.getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    void answers(int status, String type, String body) {
        this.status = status;
        this.type = type;
        this.body = body;
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
