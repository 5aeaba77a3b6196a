package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Provisioner;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.junit.jupiter.api.Test;

/**
 * The mechanism of the two-region design (docs/architecture.md, "Two regions"), on two local
 * single-node clusters with the project's SCRAM logins and provisioned topics: MirrorMaker 2 in
 * dedicated mode copies {@code booking-events} from region A to region B under the same name
 * (IdentityReplicationPolicy), skips an aborted transaction (read_committed), and writes the
 * translated offsets of a consumer group into B; after A is lost, the group resumes in B and misses
 * nothing. It does not run the services: what a failover does to scheduler-stream's state is the
 * part of the design the document says does not hold yet.
 */
class RegionMirrorIT {

    private static final String TOPIC = Topics.BOOKING_EVENTS.name();
    private static final String GROUP = "notifier";
    private final Path dataDir = Path.of("target", "region-mirror-test-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void aConsumerGroupFailsOverToTheMirroredRegionWithoutMissingARecord() throws Exception {
        String password = UUID.randomUUID().toString();
        KafkaBroker regionA = new KafkaBroker(dataDir.resolve("a"), Ports.free(), Ports.free(), password, UUID.randomUUID().toString());
        KafkaBroker regionB = new KafkaBroker(dataDir.resolve("b"), Ports.free(), Ports.free(), password, UUID.randomUUID().toString());
        MirrorMaker mirror = null;
        try {
            regionA.start();
            regionB.start();
            KafkaAccess a = KafkaAccess.local(regionA.bootstrapServers(), KafkaPrincipals.PROVISIONER, password);
            KafkaAccess b = KafkaAccess.local(regionB.bootstrapServers(), KafkaPrincipals.PROVISIONER, password);
            // Each region's topics (same partitions and settings) come from the provisioner, not from the mirror.
            Provisioner.provisionTopics(a, (short) 1);
            Provisioner.provisionTopics(b, (short) 1);

            // MirrorMaker 2 runs in region B from the start, as it would in production, and the notifier's group exists
            // in A: the checkpoint task reads the offset syncs as they are written. (Started after the records were
            // copied, it knows only the newest sync of each partition and cannot translate an offset in the middle of one.)
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < Topics.BOOKING_EVENTS.partitions(); p++) {
                all.add(new TopicPartition(TOPIC, p));
            }
            // One opening record per partition, read by the group: an offset past a copied record is one the mirror
            // can translate (an offset of 0 on an empty partition gets no checkpoint).
            try (KafkaProducer<String, String> producer = producer(a, null)) {
                for (TopicPartition tp : all) {
                    producer.send(new ProducerRecord<>(TOPIC, tp.partition(), "opening", "opening-" + tp.partition()));
                }
            }
            try (KafkaConsumer<String, String> notifier = consumer(a)) {
                Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
                all.forEach(tp -> start.put(tp, new OffsetAndMetadata(1)));
                notifier.commitSync(start);
            }
            mirror = new MirrorMaker(mirrorConfig(a, b, password), List.of("b"));
            mirror.start();
            awaitTranslated(b, Set.copyOf(all), Duration.ofSeconds(180));

            // Region A works: 200 decisions, a transaction that was aborted, and the notifier's group reads 120.
            try (KafkaProducer<String, String> producer = producer(a, null)) {
                for (int i = 0; i < 200; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "clinic-" + (i % 7), "decision-" + i));
                }
            }
            try (KafkaProducer<String, String> aborted = producer(a, "region-test-aborted")) {
                aborted.initTransactions();
                aborted.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    aborted.send(new ProducerRecord<>(TOPIC, "clinic-" + i, "aborted-" + i));
                }
                aborted.flush();
                aborted.abortTransaction();
            }
            Set<String> readInA = new TreeSet<>();
            try (KafkaConsumer<String, String> notifier = consumer(a)) {
                notifier.subscribe(List.of(TOPIC));
                long deadline = System.currentTimeMillis() + 60_000;
                while (readInA.size() < 120 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : notifier.poll(Duration.ofMillis(200))) {
                        if (readInA.size() < 120) {
                            readInA.add(r.value());
                            notifier.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()),
                                    new OffsetAndMetadata(r.offset() + 1)));
                        }
                    }
                }
            }
            assertThat(readInA).hasSize(120);
            Map<TopicPartition, Long> committedInA = committed(a);
            awaitMirrored(b, 206, Duration.ofSeconds(120));
            Map<TopicPartition, Long> translated = awaitCheckpoints(b, committedInA, Duration.ofSeconds(120));

            // More decisions in A while the mirror runs, then region A is lost.
            try (KafkaProducer<String, String> producer = producer(a, null)) {
                for (int i = 200; i < 250; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "clinic-" + (i % 7), "decision-" + i));
                }
            }
            awaitMirrored(b, 256, Duration.ofSeconds(120));
            mirror.stop();
            mirror = null;
            regionA.stop();

            // The copy in B: every committed decision, in the same order per key, and not the aborted ones.
            List<String> inB = readAll(b).stream().filter(v -> !v.startsWith("opening-")).toList();
            assertThat(inB).hasSize(250).noneMatch(v -> v.startsWith("aborted-"));

            // The notifier's group resumes in B where the translated offsets say.
            for (var e : translated.entrySet()) {
                assertThat(e.getValue()).as("translated offset of " + e.getKey())
                        .isLessThanOrEqualTo(committedInA.getOrDefault(e.getKey(), 0L));
            }
            Set<String> readInB = new TreeSet<>();
            int readAgain = 0;
            try (KafkaConsumer<String, String> notifier = consumer(b)) {
                notifier.subscribe(List.of(TOPIC));
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline && !readInB.containsAll(notReadIn(readInA))) {
                    for (ConsumerRecord<String, String> r : notifier.poll(Duration.ofMillis(200))) {
                        if (r.value().startsWith("opening-")) {
                            readAgain++;
                            continue;
                        }
                        if (readInA.contains(r.value())) {
                            readAgain++;
                        }
                        readInB.add(r.value());
                    }
                }
            }
            // Nothing A's notifier had not read is missed in B; what it reads again is bounded by the offset syncs.
            assertThat(readInB).containsAll(notReadIn(readInA));
            assertThat(readAgain).as("decisions read again in B").isLessThan(120);
            System.out.printf("RegionMirrorIT: 250 decisions mirrored, the aborted transaction not; committed in A %s, "
                    + "translated in B %s; in B the group read %d new and %d again%n", committedInA, translated,
                    readInB.size() - readAgain, readAgain);
        } finally {
            if (mirror != null) {
                mirror.stop();
            }
            regionA.close();
            regionB.close();
        }
    }

    private static Set<String> notReadIn(Set<String> readInA) {
        Set<String> rest = new TreeSet<>();
        for (int i = 0; i < 250; i++) {
            if (!readInA.contains("decision-" + i)) {
                rest.add("decision-" + i);
            }
        }
        return rest;
    }

    private static Map<String, String> mirrorConfig(KafkaAccess a, KafkaAccess b, String password) {
        Map<String, String> config = new HashMap<>();
        config.put("clusters", "a, b");
        config.put("a.bootstrap.servers", a.clientConfig().get("bootstrap.servers").toString());
        config.put("b.bootstrap.servers", b.clientConfig().get("bootstrap.servers").toString());
        for (String cluster : List.of("a", "b")) {
            KafkaAccess access = cluster.equals("a") ? a : b;
            access.security().forEach((k, v) -> config.put(cluster + "." + k, v.toString()));
        }
        config.put("a->b.enabled", "true");
        config.put("b->a.enabled", "false");
        config.put("a->b.topics", TOPIC);
        config.put("a->b.groups", GROUP);
        config.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        config.put("a->b.source.consumer.isolation.level", "read_committed");
        config.put("a->b.sync.group.offsets.enabled", "true");
        config.put("a->b.sync.group.offsets.interval.seconds", "1");
        config.put("a->b.emit.checkpoints.interval.seconds", "1");
        config.put("a->b.refresh.groups.interval.seconds", "1");
        config.put("a->b.refresh.topics.interval.seconds", "1");
        config.put("a->b.offset.lag.max", "0");
        config.put("a->b.sync.topic.acls.enabled", "false");
        config.put("a->b.sync.topic.configs.enabled", "false");
        for (String setting : List.of("replication.factor", "checkpoints.topic.replication.factor",
                "heartbeats.topic.replication.factor", "offset-syncs.topic.replication.factor",
                "offset.storage.replication.factor", "status.storage.replication.factor",
                "config.storage.replication.factor")) {
            config.put(setting, "1");
        }
        return config;
    }

    private static KafkaProducer<String, String> producer(KafkaAccess access, String transactionalId) {
        Properties p = access.properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(KafkaAccess access) {
        Properties p = access.properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static Map<TopicPartition, Long> committed(KafkaAccess access) throws Exception {
        try (Admin admin = Admin.create(access.properties())) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> offsets.put(tp, o.offset()));
            return offsets;
        }
    }

    private static void awaitMirrored(KafkaAccess b, long records, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        try (Admin admin = Admin.create(b.properties())) {
            while (true) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < Topics.BOOKING_EVENTS.partitions(); p++) {
                    latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
                }
                long total = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
                if (total >= records) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + total + " of " + records + " records mirrored to B in " + patience);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Waits until the mirror has written the group's translated offset for every partition the group committed in A. */
    private static Map<TopicPartition, Long> awaitTranslated(KafkaAccess b, Set<TopicPartition> partitions, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Map<TopicPartition, Long> offsets = committed(b);
            if (offsets.keySet().containsAll(partitions)) {
                return offsets;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mirror wrote translated offsets for " + offsets + " only, in " + patience
                        + "; the group committed " + partitions);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Waits until the mirror has checkpointed the group's offsets as committed in A, and returns
     * what it translated them to. Translation is conservative: an offset between two offset syncs goes back to the
     * earlier one, so the group reads some records again in B and misses none.
     */
    private static Map<TopicPartition, Long> awaitCheckpoints(KafkaAccess b, Map<TopicPartition, Long> committedInA,
            Duration patience) throws Exception {
        Properties p = b.properties();
        Map<TopicPartition, Long> translated = new HashMap<>();
        Map<TopicPartition, Long> upstream = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition checkpoints = new TopicPartition("a.checkpoints.internal", 0);
            reader.assign(List.of(checkpoints));
            reader.seekToBeginning(List.of(checkpoints));
            long deadline = System.nanoTime() + patience.toNanos();
            long lastChange = System.nanoTime();
            // A checkpoint is written only when the translation moves, so an offset that translates to the same
            // downstream offset as before gets none: wait for every partition's offset, or for 10 s without a new one.
            while (!upstream.equals(committedInA) && !(upstream.keySet().containsAll(committedInA.keySet())
                    && System.nanoTime() - lastChange > 10_000_000_000L)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the mirror checkpointed " + upstream + " of the group's " + committedInA + " in " + patience);
                }
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(250))) {
                    Checkpoint checkpoint = Checkpoint.deserializeRecord(r);
                    if (checkpoint.consumerGroupId().equals(GROUP)) {
                        upstream.put(checkpoint.topicPartition(), checkpoint.upstreamOffset());
                        translated.put(checkpoint.topicPartition(), checkpoint.downstreamOffset());
                        lastChange = System.nanoTime();
                    }
                }
            }
        }
        return translated;
    }

    private static List<String> readAll(KafkaAccess access) {
        Properties p = access.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < Topics.BOOKING_EVENTS.partitions(); i++) {
                parts.add(new TopicPartition(TOPIC, i));
            }
            reader.assign(parts);
            reader.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = reader.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp)) && System.currentTimeMillis() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
