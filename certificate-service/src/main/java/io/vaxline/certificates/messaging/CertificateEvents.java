package io.vaxline.certificates.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.certificates.ledger.CertificateLedger.Outcome;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Announces what an applied event did on the certificates topic. The events are built from the
 * stored certificates, with ids derived from the certificate ids, so announcing again after a crash
 * (the input is re-read and found already applied, its certificates read back) repeats the same
 * events, which readers dedupe.
 */
@ApplicationScoped
public class CertificateEvents {

    @Inject
    @Channel("certificates")
    MutinyEmitter<SpecificRecord> certificates;

    public Uni<Void> announce(Outcome outcome) {
        List<Uni<Void>> sends = new ArrayList<>();
        outcome.revoked().forEach(c -> sends.add(send(c.certificateId, revoked(c))));
        outcome.issued().forEach(c -> sends.add(send(c.certificateId, issued(c))));
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
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
        return DerivedIds.of(kind, certificateId);
    }

    private Uni<Void> send(String key, SpecificRecord event) {
        return certificates.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
