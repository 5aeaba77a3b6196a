package io.vaxline.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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
        KafkaAccess kafka = kafkaFor(args, KafkaPrincipals.ANALYST);
        String bootstrap = kafka.bootstrapServers();
        String registry = env.getOrDefault("REGISTRY_URL",
                "http://127.0.0.1:" + InfraSettings.port(env, InfraSettings.REGISTRY_PORT, 8084) + "/apis/registry/v3");

        Properties config = kafka.properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaPrincipals.ANALYST + "-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        System.err.println("Reading " + topic.name() + (fromBeginning ? " from the beginning" : " (new records)")
                + " at " + bootstrap + " as " + kafka.username() + "; Ctrl-C stops.");
        try (RecordDecoder decoder = new RecordDecoder(registry);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(line(decoder, topic, record));
                }
            }
        } catch (TopicAuthorizationException e) {
            throw new IllegalStateException("The broker refuses " + kafka.username() + " to read " + topic.name()
                    + (topic.restricted() ? ": it holds personal data or secrets, which analysts do not read." : ".")
                    + " (KAFKA_USERNAME and KAFKA_PASSWORD log in as another principal.)", e);
        } catch (SaslAuthenticationException e) {
            throw new IllegalStateException("Kafka refused the login as " + kafka.username() + " (" + e.getMessage()
                    + "). The local stack keeps its principals' passwords in <data folder>/secrets/kafka/; "
                    + "KAFKA_PASSWORD gives another.", e);
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

    /**
     * The broker and principal a local tool uses: {@code --bootstrap-servers=<host:port>} among the
     * arguments, else {@code KAFKA_BOOTSTRAP_SERVERS}, else the local stack's; the password from the
     * environment or the data folder ({@link InfraSettings#kafkaFor}).
     */
    static KafkaAccess kafkaFor(String[] args, String principal) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        java.util.Arrays.stream(args).filter(a -> a.startsWith("--bootstrap-servers=")).findFirst()
                .ifPresent(a -> env.put("KAFKA_BOOTSTRAP_SERVERS", a.substring("--bootstrap-servers=".length())));
        return InfraSettings.kafkaFor(env, dataDirIn(args), principal);
    }

    /** {@code --data-dir=<folder>} among the arguments (where the local stack keeps its passwords), else ./data. */
    static java.nio.file.Path dataDirIn(String[] args) {
        return java.util.Arrays.stream(args).filter(a -> a.startsWith("--data-dir=")).findFirst()
                .map(a -> java.nio.file.Path.of(a.substring("--data-dir=".length())))
                .orElse(java.nio.file.Path.of("data")).toAbsolutePath();
    }
}
