package io.vaxline.booking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every record of every catalogue topic and dead-letter topic, raw, as a super user would see them. */
final class TopicScan {

    private TopicScan() {
    }

    /**
     * Where {@code secret} appears as a value of its own: as an Avro string (its length, then its bytes)
     * or in quotes (JSON), in a key, a value or a header. Returns "topic/partition@offset" of each.
     */
    static List<String> recordsContaining(byte[] secret) {
        byte[] avro = new byte[secret.length + 1];
        avro[0] = (byte) (secret.length * 2); // Avro's zig-zag length of a short string
        System.arraycopy(secret, 0, avro, 1, secret.length);
        byte[] quoted = ("\"" + new String(secret, StandardCharsets.UTF_8) + "\"").getBytes(StandardCharsets.UTF_8);
        return recordsWithAny(List.of(avro, quoted));
    }

    /** Where {@code text} appears anywhere in a key, a value or a header (for long random secrets, such as link tokens). */
    static List<String> recordsContainingText(String text) {
        return recordsWithAny(List.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> recordsWithAny(List<byte[]> needles) {
        Properties config = InfrastructureTestResource.endpoints().kafkaAdmin().properties();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec topic : Topics.ALL) {
                for (String name : List.of(topic.name(), topic.deadLetterTopic())) {
                    consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    List<byte[]> parts = new ArrayList<>();
                    parts.add(record.key());
                    parts.add(record.value());
                    for (Header header : record.headers()) {
                        parts.add(header.value());
                    }
                    if (parts.stream().anyMatch(b -> needles.stream().anyMatch(n -> contains(b, n)))) {
                        found.add(record.topic() + "/" + record.partition() + "@" + record.offset());
                    }
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
