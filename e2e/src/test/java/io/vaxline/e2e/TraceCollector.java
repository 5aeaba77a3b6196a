package io.vaxline.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP (protobuf) trace receiver on loopback that keeps what the services export in memory:
 * the services of the e2e stack send their spans here, and a test finds one trace among them. It keeps
 * at most {@link #LIMIT} spans (the oldest are dropped), so a rush cannot fill the test's heap.
 */
final class TraceCollector implements AutoCloseable {

    static final int LIMIT = 200_000;

    /** One exported span: the service (resource attribute service.name) and the span's own fields. */
    record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    private final HttpServer server;
    private final LinkedHashMap<String, CollectedSpan> spans = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CollectedSpan> eldest) {
            return size() > LIMIT;
        }
    };

    TraceCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    /** The endpoint to give the services (OTEL_EXPORTER_OTLP_ENDPOINT, protocol http/protobuf). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<CollectedSpan> trace(String traceId) {
        return spans.values().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    synchronized List<CollectedSpan> all() {
        return new ArrayList<>(spans.values());
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            keep(request);
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            byte[] ok = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            if (ok.length > 0) {
                exchange.getResponseBody().write(ok);
            }
        }
    }

    private synchronized void keep(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                    .map(v -> v.getStringValue()).findFirst().orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    String spanId = hex.formatHex(span.getSpanId().toByteArray());
                    spans.put(spanId, new CollectedSpan(service, hex.formatHex(span.getTraceId().toByteArray()), spanId,
                            hex.formatHex(span.getParentSpanId().toByteArray()), span.getName()));
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
