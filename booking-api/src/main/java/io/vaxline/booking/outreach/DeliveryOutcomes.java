package io.vaxline.booking.outreach;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Delivery outcomes of outreach invitations, from the notifier's audit on the notifications topic:
 * each channel of an invitation becomes SENT, RETRYING or FAILED (a SENT channel stays SENT). The
 * audit is keyed by the invitation (the invitation's event id is its id), so outcomes arrive in order.
 */
@ApplicationScoped
public class DeliveryOutcomes {

    static final String KIND = "outreach-invitation";

    @Inject
    RecordDecoder decoder;

    @Inject
    Pool db;

    @Inject
    OutageRetry outages;

    @Incoming("outreach-deliveries")
    public Uni<Void> onOutcome(ConsumerRecord<String, byte[]> record) {
        return outages.untilAvailable("outreach-deliveries", () -> record(record));
    }

    private Uni<Void> record(ConsumerRecord<String, byte[]> record) {
        SpecificRecord event = decoder.decode(Topics.NOTIFICATIONS, record.headers(), record.value());
        String status;
        String invitationId;
        String channel;
        if (event instanceof NotificationSent sent && KIND.equals(sent.getKind())) {
            status = "SENT";
            invitationId = sent.getSourceEventId();
            channel = sent.getChannel();
        } else if (event instanceof NotificationFailed failed && KIND.equals(failed.getKind())) {
            status = failed.getWillRetry() ? "RETRYING" : "FAILED";
            invitationId = failed.getSourceEventId();
            channel = failed.getChannel();
        } else {
            return Uni.createFrom().voidItem();
        }
        String column = switch (channel) {
            case "sms" -> "sms_status";
            case "email" -> "email_status";
            default -> null;
        };
        if (column == null) {
            return Uni.createFrom().voidItem();
        }
        return db.preparedQuery("UPDATE invitation SET " + column + " = CASE WHEN " + column
                + " = 'SENT' THEN 'SENT' ELSE $2 END WHERE invitation_id = $1").execute(Tuple.of(invitationId, status))
                .replaceWithVoid();
    }
}
