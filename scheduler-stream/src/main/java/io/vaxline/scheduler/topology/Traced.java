package io.vaxline.scheduler.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs a processor inside a span whose parent is the trace context in the record's
 * {@code traceparent} header (W3C Trace Context, as the services' Kafka clients write it), so one
 * booking is one trace from booking-api's REST call through the person guard and the clinic ledger to
 * the notifier. Kafka Streams carries no context by itself: what a processor emits while its span is
 * current gets that span's context in its headers ({@link #headers()}), and the next hop, a repartition
 * topic or another service, continues from there. A record without the header starts no trace (the
 * sampler's parent-based rule); with the SDK off (the default) the tracer does nothing.
 */
final class Traced implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final String name;
    private final Tracer tracer;
    private final Processor<String, SpecificRecord, String, SpecificRecord> processor;
    private ProcessorContext<String, SpecificRecord> context;

    Traced(String name, Tracer tracer, Processor<String, SpecificRecord, String, SpecificRecord> processor) {
        this.name = name;
        this.tracer = tracer;
        this.processor = processor;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        processor.init(context);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Context parent = W3C.extract(Context.root(), record.headers(), GETTER);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            processor.process(record);
            return;
        }
        Span span = tracer.spanBuilder(name + " " + record.value().getSchema().getName())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", context.recordMetadata().map(m -> m.topic()).orElse(""))
                .setAttribute("vaxline.processor", name)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            processor.process(record);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public void close() {
        processor.close();
    }

    /** Fresh headers for a record emitted now: the current span's context, if there is one. */
    static Headers headers() {
        RecordHeaders headers = new RecordHeaders();
        if (Span.current().getSpanContext().isValid()) {
            W3C.inject(Context.current(), headers, SETTER);
        }
        return headers;
    }

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header header = carrier.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> SETTER = (carrier, key, value) -> {
        carrier.remove(key);
        carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
}
