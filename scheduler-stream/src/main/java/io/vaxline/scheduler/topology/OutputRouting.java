package io.vaxline.scheduler.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.micrometer.core.instrument.Metrics;
import io.vaxline.events.BookingRejected;
import io.vaxline.internal.SeatRelease;
import io.vaxline.internal.SeatRequest;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends each record the processors emit to the topic of its type (booking-events, slot-availability,
 * appointment-reminders), or, when it carries a dead-letter reason, to the dead-letter topic of the
 * catalogue topic it came from, named in its {@link DeadLetters#TOPIC} header.
 */
final class OutputRouting implements TopicNameExtractor<String, SpecificRecord> {

    @Override
    public String extract(String key, SpecificRecord value, RecordContext context) {
        if (context.headers().lastHeader(DeadLetters.REASON) == null) {
            TopicSpec topic = Topics.forValueType(value.getClass());
            if (topic == Topics.BOOKING_EVENTS) {
                countOutcome(value);
            }
            return topic.name();
        }
        Header source = context.headers().lastHeader(DeadLetters.TOPIC);
        String deadLetterTopic = Topics.byName(new String(source.value(), StandardCharsets.UTF_8)).deadLetterTopic();
        Metrics.counter("vaxline.dead.letters", "topic", deadLetterTopic).increment();
        return deadLetterTopic;
    }

    /**
     * {@code vaxline_booking_outcomes_total{type, reason}}: every event the stream puts on
     * booking-events, by type and, for a rejection, its reason. Counted as the record is sent, in the
     * process's global registry (Quarkus's Prometheus registry; nothing in a topology test), so a
     * transaction aborted and processed again (a task moved, a fenced producer) counts twice here.
     */
    private static void countOutcome(SpecificRecord value) {
        String reason = value instanceof BookingRejected rejected ? rejected.getReason().name() : "";
        Metrics.counter("vaxline.booking.outcomes", "type", value.getSchema().getName(), "reason", reason).increment();
    }

    /**
     * Headers that park {@code value}, being processed in {@code context}, on the dead-letter topic of
     * the catalogue topic it came from, with the reason (and the cause, when there is one).
     */
    static Headers deadLetter(ProcessingContext context, SpecificRecord value, String reason, Throwable cause) {
        Optional<RecordMetadata> read = context.recordMetadata();
        Optional<TopicSpec> readFromCatalogue = read.flatMap(m -> catalogueTopic(m.topic()));
        TopicSpec source = readFromCatalogue.orElseGet(() -> causeOf(value));
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, bytes(reason));
        if (cause != null) {
            headers.add(DeadLetters.CAUSE, bytes(String.valueOf(cause)));
        }
        headers.add(DeadLetters.TOPIC, bytes(source.name()));
        if (readFromCatalogue.isPresent()) {
            headers.add(DeadLetters.PARTITION, bytes(String.valueOf(read.get().partition())));
            headers.add(DeadLetters.OFFSET, bytes(String.valueOf(read.get().offset())));
        }
        return headers;
    }

    /**
     * The catalogue topic behind a record read from one of the topology's own repartition topics: a
     * seat request, or a release by a cancellation, comes from a command on booking-commands; the
     * release after a reschedule from the outcome on booking-events; an outcome from booking-events.
     */
    private static TopicSpec causeOf(SpecificRecord value) {
        return switch (value) {
            case SeatRequest request -> Topics.BOOKING_COMMANDS;
            case SeatRelease release -> release.getCancellation() ? Topics.BOOKING_COMMANDS : Topics.BOOKING_EVENTS;
            default -> Topics.forValueType(value.getClass());
        };
    }

    private static Optional<TopicSpec> catalogueTopic(String name) {
        return Topics.ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
