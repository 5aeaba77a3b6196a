package io.vaxline.scheduler.topology;

import java.nio.charset.StandardCharsets;

import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.TopicSpec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the raw value of an input record. A record that is not Avro, not in the registry, or of a
 * type that does not belong on its topic is marked as failed with the reason in dead-letter
 * headers, so the topology parks it on {@code <topic>-dlq} inside the same transaction instead of
 * stopping or dropping it.
 */
final class DecodeProcessor implements FixedKeyProcessor<String, byte[], Decoded> {

    private final TopicSpec topic;
    private final Deserializer<SpecificRecord> deserializer;
    private FixedKeyProcessorContext<String, Decoded> context;

    DecodeProcessor(TopicSpec topic, Deserializer<SpecificRecord> deserializer) {
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        byte[] raw = record.value();
        String failure;
        Throwable cause = null;
        if (raw == null) {
            failure = "record has no value";
        } else {
            try {
                SpecificRecord value = deserializer.deserialize(topic.name(), record.headers(), raw);
                if (topic.valueTypes().contains(value.getClass())) {
                    context.forward(record.withValue(Decoded.ok(raw, value)));
                    return;
                }
                failure = value.getClass().getSimpleName() + " does not belong on topic " + topic.name();
            } catch (RuntimeException e) {
                cause = rootCause(e);
                failure = "not a valid Avro record of a registered schema: " + e.getMessage()
                        + (cause == e ? "" : " (" + cause + ")");
            }
        }
        Headers headers = record.headers();
        headers.add(DeadLetters.REASON, bytes(failure));
        if (cause != null) {
            headers.add(DeadLetters.CAUSE, bytes(cause.getClass().getName()));
        }
        headers.add(DeadLetters.TOPIC, bytes(topic.name()));
        context.recordMetadata().map(RecordMetadata::partition)
                .ifPresent(p -> headers.add(DeadLetters.PARTITION, bytes(String.valueOf(p))));
        context.recordMetadata().map(RecordMetadata::offset)
                .ifPresent(o -> headers.add(DeadLetters.OFFSET, bytes(String.valueOf(o))));
        context.forward(record.withValue(Decoded.failed(raw, failure)));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
