package io.vaxline.notifier.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkus.qute.Engine;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.OtpRequested;
import io.vaxline.notifier.channel.SmsChannel;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Texts one-time login codes; a code that has already expired is not worth sending. */
@ApplicationScoped
public class OneTimeCodes {

    @Inject
    RecordDecoder decoder;

    @Inject
    Instance<SmsChannel> sms;

    @Inject
    Engine templates;

    @Inject
    @Channel("notifications")
    MutinyEmitter<SpecificRecord> audit;

    @Incoming("notification-requests")
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        if (!(decoder.decode(Topics.NOTIFICATION_REQUESTS, record.headers(), record.value()) instanceof OtpRequested otp)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        if (otp.getExpiresAt().isBefore(now)) {
            return Uni.createFrom().voidItem();
        }
        String text = templates.getTemplate("sms/en/one-time-code")
                .data("code", otp.getCode())
                .data("minutes", Math.max(1, (Duration.between(now, otp.getExpiresAt()).toSeconds() + 59) / 60))
                .render().trim();
        return sms.get().send(otp.getPhone(), text)
                .chain(messageId -> audit.sendMessage(Message.<SpecificRecord>of(NotificationSent.newBuilder()
                                .setEventId(UUID.randomUUID().toString())
                                .setOccurredAt(Instant.now())
                                .setSourceEventId(otp.getEventId())
                                .setChannel("sms")
                                .setKind("one-time-code")
                                .setProviderMessageId(messageId)
                                .setAttempt(1)
                                .build())
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(otp.getEventId()).build())));
    }
}
