package io.vaxline.notifier.delivery;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * NotificationSent / NotificationFailed on the notifications topic for every attempt's outcome,
 * keyed by the source event. Event ids are derived from source event, channel, attempt and outcome,
 * so an outcome written again after a crash carries the same id and readers can drop the repeat.
 */
@ApplicationScoped
public class Audit {

    /**
     * A batch sends its audit events together and then awaits them: they wait here while the sink
     * has as many in flight as it allows. Each consumer awaits its batch's before it polls again, so
     * what waits is bounded by the consumers' batches.
     */
    @Inject
    @Channel("notifications")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<SpecificRecord> notifications;

    @Inject
    MeterRegistry meters;

    /** A message the provider took: audited, and counted in {@code vaxline_notifications_total}. */
    public Uni<Void> sent(OutgoingMessage message, String channel, int attempt, String providerMessageId) {
        count(message, channel, "sent");
        return sentAgain(message, channel, attempt, providerMessageId);
    }

    /** A message that failed ({@code willRetry}: an attempt did): audited and counted. */
    public Uni<Void> failed(OutgoingMessage message, String channel, int attempt, String reason, boolean willRetry) {
        count(message, channel, willRetry ? "retrying" : "failed");
        return failedAgain(message, channel, attempt, reason, willRetry);
    }

    /** The audit event of a delivery that ended before a crash, written again (same id), not counted again. */
    public Uni<Void> sentAgain(OutgoingMessage message, String channel, int attempt, String providerMessageId) {
        return emit(message.sourceEventId(), NotificationSent.newBuilder()
                .setEventId(id(message, channel, attempt, "sent"))
                .setOccurredAt(Instant.now())
                .setSourceEventId(message.sourceEventId())
                .setChannel(channel)
                .setKind(message.kind())
                .setPersonId(message.personId())
                .setProviderMessageId(providerMessageId)
                .setAttempt(attempt)
                .build());
    }

    /** The audit event of a delivery that ended before a crash, written again (same id), not counted again. */
    public Uni<Void> failedAgain(OutgoingMessage message, String channel, int attempt, String reason, boolean willRetry) {
        return emit(message.sourceEventId(), NotificationFailed.newBuilder()
                .setEventId(id(message, channel, attempt, "failed"))
                .setOccurredAt(Instant.now())
                .setSourceEventId(message.sourceEventId())
                .setChannel(channel)
                .setKind(message.kind())
                .setPersonId(message.personId())
                .setReason(reason)
                .setAttempt(attempt)
                .setWillRetry(willRetry)
                .build());
    }

    private void count(OutgoingMessage message, String channel, String result) {
        meters.counter("vaxline.notifications", "channel", channel, "kind", message.kind(), "result", result).increment();
    }

    private Uni<Void> emit(String key, SpecificRecord event) {
        return notifications.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }

    private static String id(OutgoingMessage message, String channel, int attempt, String outcome) {
        return DerivedIds.of("delivery", message.sourceEventId(), channel, attempt, outcome);
    }
}
