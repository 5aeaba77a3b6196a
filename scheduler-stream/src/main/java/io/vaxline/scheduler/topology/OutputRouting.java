package io.vaxline.scheduler.topology;

import java.nio.charset.StandardCharsets;

import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Sends each record the ledger emits to the topic of its type (booking-events, slot-availability),
 * or, when it carries a dead-letter reason, to the dead-letter topic of the topic it came from.
 */
final class OutputRouting implements TopicNameExtractor<String, SpecificRecord> {

    @Override
    public String extract(String key, SpecificRecord value, RecordContext context) {
        TopicSpec topic = Topics.forValueType(value.getClass());
        return context.headers().lastHeader(DeadLetters.REASON) == null ? topic.name() : topic.deadLetterTopic();
    }

    /** Headers that send {@code value} to the dead-letter topic of its own topic, with the reason. */
    static Headers deadLetter(SpecificRecord value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TOPIC, Topics.forValueType(value.getClass()).name().getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
