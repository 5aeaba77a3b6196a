package io.vaxline.certificates.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.certificates.ledger.RejectedEvent;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rebuilds every certificate from the event log into an empty database: the holders from
 * {@code people} (their corrections are applied among the person's doses, by Kafka timestamp), the
 * time each certificate was issued at from {@code certificates}, then every
 * record of {@code vaccinations} from offset 0 to the end it had when the replay began, each applied
 * by the same {@link CertificateLedger} the live consumer uses, at the time the live service issued
 * its certificate (so the same issue time, the same checks of the dose's dates and the same signed
 * bytes). A record the live service issued nothing for is judged at the time Kafka gave it (its
 * timestamp, at the latest now). Progress is printed every two seconds; the process exits 0 when
 * done, 1 on failure. Records the live consumer dead-lettered are counted and skipped here too. No
 * events are published: the certificates topic already holds them.
 */
@ApplicationScoped
public class CertificateReplay {

    @ConfigProperty(name = "vaxline.replay.enabled")
    boolean enabled;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "vaxline.db.name")
    String database;

    @Inject
    RecordDecoder decoder;

    @Inject
    CertificateLedger ledger;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            Thread thread = new Thread(this::runAndExit, "certificate-replay");
            thread.start();
        }
    }

    private void runAndExit() {
        try {
            run();
            Quarkus.asyncExit(0);
        } catch (Throwable e) {
            System.out.println("Replay failed: " + e.getMessage());
            e.printStackTrace(System.out);
            Quarkus.asyncExit(1);
        }
    }

    void run() throws Throwable {
        long existing = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Certificate.count()));
        if (existing > 0) {
            throw new IllegalStateException("database " + database + " already holds " + existing + " certificates; "
                    + "a replay fills an empty database: give ./vaxline replay-certificates the name of a new one");
        }
        long started = System.nanoTime();
        // Corrections of holders wait for the doses recorded before them: each is applied before the
        // person's first vaccinations record Kafka timestamped later, as the live service met them.
        Map<String, Deque<Timed>> corrections = new HashMap<>();
        Counts holders = read(Topics.PEOPLE, "people", (record, event) -> {
            if (event instanceof PersonRegistered person) {
                return Panache.withTransaction(() -> ledger.register(person));
            }
            if (event instanceof PersonCorrected correction) {
                corrections.computeIfAbsent(correction.getPersonId(), id -> new ArrayDeque<>()).add(new Timed(correction, record));
            }
            return Uni.createFrom().voidItem();
        });
        // Certificates are issued at the time they are signed: the live service's are on the certificates topic.
        Map<String, Instant> issuedAt = new HashMap<>();
        read(Topics.CERTIFICATES, "certificates", (record, event) -> {
            if (event instanceof CertificateIssued issued) {
                issuedAt.put(issued.getCertificateId(), issued.getOccurredAt());
            }
            return Uni.createFrom().voidItem();
        });
        // One event at a time, each in its transaction, through the ledger the consumer applies its polls with;
        // a missing holder is final here (the live service waited for it before it parked the dose).
        Counts doses = read(Topics.VACCINATIONS, "vaccinations", (record, event) -> correctHolders(corrections.get(record.key()),
                record.timestamp(), issuedAt).chain(() -> ledger.apply(List.of(event), true,
                issuedAt.getOrDefault(CertificateLedger.certificateId(eventId(event)), firstSeen(record))))
                .invoke(results -> results.stream().filter(CertificateLedger.Result::rejected).findFirst().ifPresent(rejected -> {
                    throw rejected.rejection();
                })).replaceWithVoid());
        for (Deque<Timed> left : corrections.values()) {
            VertxContextSupport.subscribeAndAwait(() -> correctHolders(left, Long.MAX_VALUE, issuedAt));
        }
        long certificates = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Certificate.count()));
        System.out.printf("Replay done in %.1f s: %,d people records, %,d vaccinations records, %,d certificates in %s; "
                + "%,d records skipped (unreadable or rejected, as the live service dead-lettered them).%n",
                (System.nanoTime() - started) / 1e9, holders.read, doses.read, certificates, database,
                holders.skipped + doses.skipped);
    }

    /** A holder's correction and when Kafka had it. */
    private record Timed(PersonCorrected correction, ConsumerRecord<String, byte[]> record) {
    }

    /** Applies, in order, the person's corrections Kafka had by {@code until}, each re-issue signed when the live service signed it. */
    private Uni<Void> correctHolders(Deque<Timed> pending, long until, Map<String, Instant> issuedAt) {
        if (pending == null || pending.isEmpty() || pending.peek().record().timestamp() > until) {
            return Uni.createFrom().voidItem();
        }
        Timed next = pending.poll();
        return ledger.correctHolder(next.correction(), id -> issuedAt.getOrDefault(id, firstSeen(next.record())))
                .onFailure(RejectedEvent.class).recoverWithNull()
                .chain(() -> correctHolders(pending, until, issuedAt));
    }

    private static String eventId(SpecificRecord event) {
        return event instanceof VaccinationAdministered administered ? administered.getEventId()
                : event instanceof VaccinationCorrected corrected ? corrected.getEventId() : "";
    }

    /** About when the live service could first have judged the record: when Kafka had it, and not after now. */
    private static Instant firstSeen(ConsumerRecord<String, byte[]> record) {
        Instant appended = Instant.ofEpochMilli(record.timestamp());
        Instant now = Instant.now();
        return record.timestamp() < 0 || appended.isAfter(now) ? now : appended;
    }

    private static final class Counts {
        long read;
        long skipped;
    }

    private Counts read(TopicSpec topic, String label, BiFunction<ConsumerRecord<String, byte[]>, SpecificRecord, Uni<Void>> apply)
            throws Throwable {
        Properties config = new Properties();
        // The service's own Kafka settings (kafka.*: the brokers and its SCRAM login), as its channels use them.
        kafkaConfig.forEach((key, value) -> config.put(key, value));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "certificate-replay-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        Counts counts = new Counts();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            long total = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            System.out.printf("Replaying %s: %,d records in %d partitions%n", label, total, partitions.size());
            long started = System.nanoTime();
            long lastReport = started;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    counts.read++;
                    try {
                        SpecificRecord event = decoder.decode(topic, record.headers(), record.value());
                        VertxContextSupport.subscribeAndAwait(() -> apply.apply(record, event));
                    } catch (RejectedEvent | RecordDecoder.UndecodableRecordException e) {
                        counts.skipped++;
                    }
                }
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L) {
                    lastReport = now;
                    double seconds = (now - started) / 1e9;
                    System.out.printf("  %s: %,d of %,d records (%.0f%%), %,.0f records/s, %,d skipped%n", label,
                            counts.read, total, total == 0 ? 100.0 : 100.0 * counts.read / total,
                            counts.read / seconds, counts.skipped);
                }
            }
            System.out.printf("  %s: %,d of %,d records (100%%), %,d skipped%n", label, counts.read, total, counts.skipped);
        }
        return counts;
    }
}
