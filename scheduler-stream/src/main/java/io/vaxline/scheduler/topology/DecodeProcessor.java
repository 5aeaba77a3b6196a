package io.vaxline.scheduler.topology;

import java.nio.charset.StandardCharsets;

import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.RecordDecoder.UndecodableRecordException;
import io.vaxline.schemas.TopicSpec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the raw value of an input record. A record that cannot be decoded is marked as failed
 * with the reason in dead-letter headers, so the topology parks it on {@code <topic>-dlq}, as it
 * came, inside the same transaction instead of stopping or dropping it. A registry that cannot be
 * reached is not the record's fault: the decoder waits for it ({@link Patience}) and then fails the
 * task, so the record is decoded once the registry is back and never parked.
 */
final class DecodeProcessor implements FixedKeyProcessor<String, byte[], Decoded> {

    private final TopicSpec topic;
    private final RecordDecoder decoder;
    private final Patience patience;
    private FixedKeyProcessorContext<String, Decoded> context;

    DecodeProcessor(TopicSpec topic, RecordDecoder decoder, Patience patience) {
        this.topic = topic;
        this.decoder = decoder;
        this.patience = patience;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        byte[] raw = record.value();
        SpecificRecord value;
        try {
            value = patience.call(() -> decoder.decode(topic, record.headers(), raw));
        } catch (UndecodableRecordException e) {
            Headers headers = record.headers();
            headers.add(DeadLetters.REASON, bytes(e.getMessage()));
            if (e.getCause() != null) {
                headers.add(DeadLetters.CAUSE, bytes(String.valueOf(e.getCause())));
            }
            headers.add(DeadLetters.TOPIC, bytes(topic.name()));
            context.recordMetadata().map(RecordMetadata::partition)
                    .ifPresent(p -> headers.add(DeadLetters.PARTITION, bytes(String.valueOf(p))));
            context.recordMetadata().map(RecordMetadata::offset)
                    .ifPresent(o -> headers.add(DeadLetters.OFFSET, bytes(String.valueOf(o))));
            context.forward(record.withValue(Decoded.failed(raw, e.getMessage())));
            return;
        }
        context.forward(record.withValue(Decoded.ok(raw, value)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
