package io.vaxline.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.KafkaAccess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./vaxline redrive <topic>-dlq}: puts the records parked on a dead-letter topic back on the topic they came from, as they were
 * (key, value bytes, headers without the dead-letter ones) plus a {@value #REDRIVEN_FROM} header
 * naming where they were parked. The records moved and the position on the dead-letter topic are
 * committed in one Kafka transaction (consumer group {@code vaxline-redrive-<dead-letter topic>}),
 * so a second redrive moves only what was parked since, and an interrupted one moves nothing twice.
 */
public final class DeadLetterRedrive {

    /** On a redriven record: {@code <dead-letter topic>/<partition>@<offset>} it was parked at. */
    public static final String REDRIVEN_FROM = "vaxline-redriven-from";

    /** What was (or, on a dry run, would be) moved, per reason and per partition of the dead-letter topic. */
    public record Report(String deadLetterTopic, String target, boolean dryRun, Map<String, Integer> perReason,
            Map<Integer, long[]> offsetsPerPartition) {

        public int moved() {
            return perReason.values().stream().mapToInt(Integer::intValue).sum();
        }

        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add((dryRun ? "Would move " : "Moved ") + moved() + " record" + (moved() == 1 ? "" : "s") + " from "
                    + deadLetterTopic + " to " + target + (dryRun ? " (dry run: nothing moved)." : "."));
            perReason.forEach((reason, count) -> lines.add(String.format("  %6d  %s", count, reason)));
            offsetsPerPartition.forEach((partition, range) -> lines.add(
                    "  partition " + partition + ": offsets " + range[0] + " to " + range[1]));
            return lines;
        }
    }

    private final KafkaAccess kafka;
    private final String bootstrapServers;

    /** Moves records as {@code kafka}'s principal: an operator, the provisioner on the local stack. */
    public DeadLetterRedrive(KafkaAccess kafka) {
        this.kafka = kafka;
        this.bootstrapServers = kafka.bootstrapServers();
    }

    public static String groupOf(String deadLetterTopic) {
        return "vaxline-redrive-" + deadLetterTopic;
    }

    public Report run(String deadLetterTopic, boolean dryRun) throws Exception {
        if (!deadLetterTopic.endsWith("-dlq")) {
            throw new IllegalArgumentException(deadLetterTopic + " is no dead-letter topic (their names end in -dlq)");
        }
        String defaultTarget = deadLetterTopic.substring(0, deadLetterTopic.length() - "-dlq".length());
        requireTopics(deadLetterTopic, defaultTarget);
        Map<String, Integer> perReason = new TreeMap<>();
        Map<Integer, long[]> offsets = new TreeMap<>();
        List<String> targets = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(deadLetterTopic),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = dryRun ? null : transactionalProducer(deadLetterTopic)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata position = committed.get(partition);
                if (position == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, position.offset());
                }
            }
            // What is parked now; records parked while this runs wait for the next redrive.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (producer != null) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> parked : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition from = new TopicPartition(parked.topic(), parked.partition());
                    if (parked.offset() >= end.get(from)) {
                        continue;
                    }
                    String target = header(parked, DeadLetters.TOPIC, defaultTarget);
                    targets.add(target);
                    perReason.merge(header(parked, DeadLetters.REASON, "(no reason given)"), 1, Integer::sum);
                    offsets.merge(parked.partition(), new long[] { parked.offset(), parked.offset() },
                            (a, b) -> new long[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) });
                    if (producer != null) {
                        producer.send(new ProducerRecord<>(target, originalPartition(parked), null, parked.key(),
                                parked.value(), headers(parked)));
                    }
                }
            }
            if (producer != null) {
                // Everything before the end was moved: the next redrive starts there.
                producer.sendOffsetsToTransaction(end.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> new OffsetAndMetadata(e.getValue()))), consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        String target = targets.stream().distinct().collect(Collectors.joining(", "));
        return new Report(deadLetterTopic, target.isEmpty() ? defaultTarget : target, dryRun, perReason, offsets);
    }

    /** The partition the record was parked from, so that it lands where its key's other records are. */
    private static Integer originalPartition(ConsumerRecord<byte[], byte[]> parked) {
        String partition = header(parked, DeadLetters.PARTITION, null);
        try {
            return partition == null ? null : Integer.valueOf(partition);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static RecordHeaders headers(ConsumerRecord<byte[], byte[]> parked) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : parked.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                headers.add(header);
            }
        }
        headers.add(REDRIVEN_FROM, (parked.topic() + "/" + parked.partition() + "@" + parked.offset())
                .getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name, String otherwise) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? otherwise : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void requireTopics(String deadLetterTopic, String target) throws Exception {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(config)) {
            java.util.Set<String> topics = admin.listTopics().names().get(20, java.util.concurrent.TimeUnit.SECONDS);
            for (String topic : List.of(deadLetterTopic, target)) {
                if (!topics.contains(topic)) {
                    throw new IllegalStateException("There is no topic " + topic + " at " + bootstrapServers);
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("No Kafka broker answers at " + bootstrapServers
                    + " (is ./vaxline up running? --bootstrap-servers names another)");
        }
    }

    private Properties consumerConfig(String deadLetterTopic) {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(deadLetterTopic));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return config;
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer(String deadLetterTopic) {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupOf(deadLetterTopic));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
