package io.vaxline.certificates.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.certificates.ledger.CertificateLedger.Outcome;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Announces what an applied event did on the certificates topic. The events are rebuilt from the
 * stored certificates, with ids derived from the certificate ids, so announcing again after a crash
 * (the input is re-read and found already applied) repeats the same events, which readers dedupe.
 */
@ApplicationScoped
public class CertificateEvents {

    @Inject
    @Channel("certificates")
    MutinyEmitter<SpecificRecord> certificates;

    public Uni<Void> announce(Outcome outcome) {
        List<String> ids = new ArrayList<>(outcome.revoked());
        ids.addAll(outcome.issued());
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> Certificate.<Certificate>list("certificateId in ?1", ids))
                .chain(found -> Uni.join().all(found.stream().map(c -> send(c.certificateId,
                        outcome.revoked().contains(c.certificateId) ? revoked(c) : issued(c))).toList())
                        .andFailFast())
                .replaceWithVoid();
    }

    static CertificateIssued issued(Certificate c) {
        return CertificateIssued.newBuilder().setEventId(eventId("issued", c.certificateId)).setOccurredAt(c.issuedAt)
                .setCertificateId(c.certificateId).setPersonId(c.personId).setVaccinationEventId(c.vaccinationEventId)
                .setDoseNumber(c.doseNumber).setSeriesDoses(c.seriesDoses).setExpiresAt(c.expiresAt).setKeyId(c.keyId)
                .setReplacesCertificateId(c.replacesCertificateId).build();
    }

    static CertificateRevoked revoked(Certificate c) {
        return CertificateRevoked.newBuilder().setEventId(eventId("revoked", c.certificateId)).setOccurredAt(c.revokedAt)
                .setCertificateId(c.certificateId).setPersonId(c.personId).setReason(c.revocationReason)
                .setReplacedByCertificateId(c.replacedByCertificateId).build();
    }

    private static String eventId(String kind, String certificateId) {
        return UUID.nameUUIDFromBytes((kind + ":" + certificateId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Uni<Void> send(String key, SpecificRecord event) {
        return certificates.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
