package io.vaxline.certificates.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vaxline.certificates.CertificateSettings;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.certificates.ledger.CertificateLedger.Outcome;
import io.vaxline.certificates.ledger.CertificateLedger.Result;
import io.vaxline.certificates.ledger.CertificateLedger.WaitForHolder;
import io.vaxline.certificates.ledger.RejectedEvent;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.Outages;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds certificates from the vaccinations topic, and keeps their holders from the people topic
 * (a correction of a holder's name or birth details re-issues their certificates).
 *
 * <p>Vaccinations are consumed a poll at a time: the events of one poll are applied in one
 * transaction together with the records that they were applied ({@link CertificateLedger#apply}),
 * their certificate events are all sent and then awaited together after the commit, and only then
 * is the poll's offset committed. An event that can never make a certificate is parked on
 * vaccinations-dlq with the reason, on its own; the others of its poll are applied. A dose of a
 * person the people reader has not seen yet holds its poll back for a while first (the poll is tried
 * again), then, once the people reader has applied everything on its topic ({@link HolderReader}),
 * is parked; while that reader is behind, the dose waits as in an outage. While the registry or
 * PostgreSQL cannot be reached, the poll in hand waits for them ({@link OutageRetry}) and nothing of
 * it is parked or skipped. A failure the ledger does not expect (neither an outage nor a rejection)
 * is narrowed down by applying the poll's records one at a time, so only the record that causes it
 * is parked.
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

    @Inject
    HolderReader holders;

    /** How long one try waits for the holders' reader to catch up before the poll is tried again as after an outage. */
    private static final Duration HOLDERS_PATIENCE = Duration.ofSeconds(10);

    /** A record of the poll, decoded, or the reason it cannot be. */
    private record Entry(KafkaRecord<String, byte[]> record, SpecificRecord event, Throwable failure) {
    }

    @Incoming("vaccinations")
    public Uni<Void> onVaccinations(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        return outages.<List<Entry>>untilAvailable("vaccinations", () -> apply(records))
                .chain(this::park)
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** Decodes, applies and announces the poll; answers the records to park, each with its reason. */
    private Uni<List<Entry>> apply(List<KafkaRecord<String, byte[]>> records) {
        List<Entry> entries = new ArrayList<>(records.size());
        for (KafkaRecord<String, byte[]> record : records) {
            try {
                entries.add(new Entry(record, decoder.decode(Topics.VACCINATIONS, record.getHeaders(), record.getPayload()), null));
            } catch (RuntimeException e) {
                if (Outages.isOutage(e)) {
                    throw e;
                }
                entries.add(new Entry(record, null, e));
            }
        }
        List<Entry> decoded = entries.stream().filter(e -> e.failure == null).toList();
        return applyDecoded(decoded.stream().map(Entry::event).toList()).chain(results -> {
            List<Outcome> outcomes = new ArrayList<>();
            List<Entry> parked = new ArrayList<>(entries.stream().filter(e -> e.failure != null).toList());
            for (int i = 0; i < results.size(); i++) {
                Result result = results.get(i);
                if (result.rejected()) {
                    parked.add(new Entry(decoded.get(i).record, null, result.rejection()));
                } else {
                    outcomes.add(result.outcome());
                }
            }
            return events.announce(outcomes).replaceWith(parked);
        });
    }

    /**
     * One result per event. While a dose's holder is missing the whole run is tried again with
     * back-off; the last try parks such doses. A failure neither an outage nor a rejection is
     * narrowed down to the record that causes it.
     */
    private Uni<List<Result>> applyDecoded(List<SpecificRecord> run) {
        if (run.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<List<Result>> waiting = Uni.createFrom().deferred(() -> ledger.apply(run, false));
        int attempts = settings.holderWait().attempts();
        if (attempts > 0) {
            waiting = waiting.onFailure(WaitForHolder.class).retry()
                    .withBackOff(settings.holderWait().firstDelay(), settings.holderWait().firstDelay().multipliedBy(8))
                    .atMost(attempts);
        }
        return waiting
                // Parked as unknown only once the holders' reader has applied all of people; until then, an outage.
                .onFailure(WaitForHolder.class).recoverWithUni(() -> holders.awaitCaughtUp(HOLDERS_PATIENCE)
                        .chain(() -> ledger.apply(run, true)))
                .onFailure(failure -> !Outages.isOutage(failure)).recoverWithUni(failure -> run.size() == 1
                        ? Uni.createFrom().item(List.of(new Result(null, new UnexpectedFailure(failure))))
                        : Multi.createFrom().iterable(run).onItem().transformToUniAndConcatenate(event -> applyDecoded(List.of(event)))
                                .collect().asList().map(lists -> lists.stream().flatMap(List::stream).toList()));
    }

    /** Parks each record on vaccinations-dlq with its reason (the channel's failure strategy), all together. */
    private Uni<Void> park(List<Entry> parked) {
        if (parked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(parked.stream().map(e -> Uni.createFrom().completionStage(() -> e.record.nack(e.failure)))
                .toList()).andFailFast().replaceWithVoid();
    }

    /** A record's failure the ledger does not know as bad data; the dead letter gives its message. */
    static final class UnexpectedFailure extends RejectedEvent {

        UnexpectedFailure(Throwable cause) {
            super(String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
        }
    }

    @Incoming("people")
    public Uni<Void> onPerson(ConsumerRecord<String, byte[]> record) {
        return outages.untilAvailable("people", () -> {
            SpecificRecord event = decoder.decode(Topics.PEOPLE, record.headers(), record.value());
            if (event instanceof PersonRegistered person) {
                return Panache.withTransaction(() -> ledger.register(person));
            }
            // Re-issued certificates are announced before the record's offset is committed, as doses' are.
            return event instanceof PersonCorrected correction
                    ? ledger.correctHolder(correction, null).chain(outcome -> events.announce(List.of(outcome)))
                    : Uni.createFrom().voidItem();
        });
    }
}
