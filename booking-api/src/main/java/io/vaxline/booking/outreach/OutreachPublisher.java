package io.vaxline.booking.outreach;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Outreach's own producers: invitations and reports to notification-requests (a channel of its own,
 * with a short linger, since a wave sends a thousand at a time) and acknowledgements to outreach.
 */
@ApplicationScoped
public class OutreachPublisher {

    @Inject
    @Channel("outreach-requests")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4 * Campaigns.PUBLISH_BATCH)
    MutinyEmitter<SpecificRecord> requests;

    @Inject
    @Channel("outreach")
    MutinyEmitter<SpecificRecord> outreach;

    public Uni<Void> invitation(String patientId, SpecificRecord event) {
        return send(requests, patientId, event);
    }

    public Uni<Void> report(String campaignId, SpecificRecord event) {
        return send(requests, campaignId, event);
    }

    public Uni<Void> acknowledgement(String invitationId, SpecificRecord event) {
        return send(outreach, invitationId, event);
    }

    private static Uni<Void> send(MutinyEmitter<SpecificRecord> emitter, String key, SpecificRecord value) {
        return emitter.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
