package io.vaxline.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic the way an analyst would: committed records only, each decoded through the
 * schema registry and printed as one JSON line with its type. {@code ./vaxline read <topic>}.
 */
public final class TopicReader {

    private TopicReader() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ./vaxline read <topic> [--from-beginning]\ntopics: "
                    + Topics.ALL.stream().map(TopicSpec::name).toList());
            System.exit(2);
        }
        TopicSpec topic;
        try {
            topic = Topics.byName(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + ". Topics: " + Topics.ALL.stream().map(TopicSpec::name).toList());
            System.exit(2);
            return;
        }
        boolean fromBeginning = List.of(args).contains("--from-beginning");
        Map<String, String> env = System.getenv();
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:" + InfraSettings.port(env, InfraSettings.KAFKA_PORT, 9092));
        String registry = env.getOrDefault("REGISTRY_URL",
                "http://127.0.0.1:" + InfraSettings.port(env, InfraSettings.REGISTRY_PORT, 8084) + "/apis/registry/v3");
        if (topic.restricted()) {
            System.err.println("Note: " + topic.name() + " holds personal data or secrets; analysts do not read it.");
        }

        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        System.err.println("Reading " + topic.name() + (fromBeginning ? " from the beginning" : " (new records)")
                + " at " + bootstrap + "; Ctrl-C stops.");
        try (RecordDecoder decoder = new RecordDecoder(registry);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(line(decoder, topic, record));
                }
            }
        }
    }

    static String line(RecordDecoder decoder, TopicSpec topic, ConsumerRecord<String, byte[]> record) {
        String prefix = Instant.ofEpochMilli(record.timestamp()) + " " + record.partition() + "@" + record.offset()
                + " key=" + record.key() + " ";
        try {
            var value = decoder.decode(topic, record.headers(), record.value());
            return prefix + value.getClass().getSimpleName() + " " + value;
        } catch (RecordDecoder.UndecodableRecordException e) {
            return prefix + "UNREADABLE " + e.getMessage();
        }
    }
}
