package io.vaxline.certificates.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.CertificateSettings;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.certificates.ledger.UnknownHolder;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds certificates from the vaccinations topic, and keeps their holders from the people topic.
 * Each vaccinations event is applied in one transaction together with the record that it was
 * applied; its certificate events are announced after the commit and before the offset is
 * committed. An event that can never make a certificate fails, and its record is parked on
 * vaccinations-dlq with the reason; a dose of a person the people reader has not seen yet is
 * retried for a while first. While the registry or PostgreSQL cannot be reached, the record in hand
 * waits for them ({@link OutageRetry}) and is neither parked nor skipped.
 */
@ApplicationScoped
public class VaccinationConsumer {

    @Inject
    RecordDecoder decoder;

    @Inject
    CertificateLedger ledger;

    @Inject
    CertificateEvents events;

    @Inject
    CertificateSettings settings;

    @Inject
    OutageRetry outages;

    @Incoming("vaccinations")
    public Uni<Void> onVaccination(ConsumerRecord<String, byte[]> record) {
        return outages.untilAvailable("vaccinations", () -> apply(record));
    }

    private Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        SpecificRecord event = decoder.decode(Topics.VACCINATIONS, record.headers(), record.value());
        return Panache.withTransaction(() -> ledger.apply(event))
                .onFailure(UnknownHolder.class).retry().withBackOff(settings.holderWait().firstDelay(), settings.holderWait().firstDelay().multipliedBy(8))
                .atMost(settings.holderWait().attempts())
                .chain(events::announce);
    }

    @Incoming("people")
    public Uni<Void> onPerson(ConsumerRecord<String, byte[]> record) {
        return outages.untilAvailable("people", () -> {
            SpecificRecord event = decoder.decode(Topics.PEOPLE, record.headers(), record.value());
            return event instanceof PersonRegistered person ? Panache.withTransaction(() -> ledger.register(person))
                    : Uni.createFrom().voidItem();
        });
    }
}
