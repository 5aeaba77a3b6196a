package io.vaxline.certificates.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
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
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Announces what an applied event did on the certificates topic. The events are built from the
 * stored certificates, with ids derived from the certificate ids, so announcing again after a crash
 * (the input is re-read and found already applied, its certificates read back) repeats the same
 * events, which readers dedupe.
 */
@ApplicationScoped
public class CertificateEvents {

    /**
     * A poll's events are all handed over at once (up to two per record, times the consumers), more
     * than the connector takes in flight: the rest wait here, bounded by the polls in progress.
     */
    @Inject
    @Channel("certificates")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<SpecificRecord> certificates;

    /** {@code vaxline_certificates_total{event}}: certificates announced issued or revoked. */
    @Inject
    MeterRegistry meters;

    private static final String ISSUED = "issued:";

    /** Both counters exist from the start (at 0), so a rate over them is defined before the first certificate. */
    void register(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        meters.counter("vaxline.certificates", "event", "issued");
        meters.counter("vaxline.certificates", "event", "revoked");
    }

    /**
     * Sends the events of a poll's outcomes (each once, revocations before issues as each outcome
     * lists them), all at once, and completes when the broker has acknowledged every one.
     */
    public Uni<Void> announce(List<Outcome> outcomes) {
        Map<String, Announcement> announcements = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            outcome.revoked().forEach(c -> announcements.putIfAbsent(revokedId(c), new Announcement(c.certificateId, () -> revoked(c))));
            outcome.issued().forEach(c -> announcements.putIfAbsent(issuedId(c), new Announcement(c.certificateId, () -> issued(c))));
        }
        if (announcements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        announcements.keySet().forEach(id -> meters.counter("vaxline.certificates",
                "event", id.startsWith(ISSUED) ? "issued" : "revoked").increment());
        // Built when sent: a certificate revoked later in the same poll is announced as it ends up.
        List<Uni<Void>> sends = announcements.values().stream().map(a -> send(a.key(), a.event().get())).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private record Announcement(String key, Supplier<SpecificRecord> event) {
    }

    /** The map's key: the kind before the event id (announced once per poll). */
    private static String issuedId(Certificate c) {
        return ISSUED + eventId("issued", c.certificateId);
    }

    private static String revokedId(Certificate c) {
        return "revoked:" + eventId("revoked", c.certificateId);
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
