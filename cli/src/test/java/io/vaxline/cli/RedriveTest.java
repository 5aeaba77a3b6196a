package io.vaxline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.vaxline.devstack.DeadLetterRedrive;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.KafkaAccess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** ./vaxline redrive against a real broker: parked records go back as they were, once. */
class RedriveTest {

    @TempDir
    static Path folder;

    private static SecuredBroker broker;
    private static KafkaAccess admin;

    /** The broker asks for logins; redrive finds the provisioner's password where the local stack keeps it. */
    @BeforeAll
    static void broker() throws Exception {
        broker = SecuredBroker.start(folder);
        admin = broker.admin();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void parkedRecordsGoBackToTheirTopicAsTheyWereOnceAndADryRunMovesNothing() throws Exception {
        String topic = "doses-" + UUID.randomUUID().toString().substring(0, 8);
        String dlq = topic + "-dlq";
        createTopics(topic, dlq);
        park(dlq, topic, "p-1", "first", "the schema registry cannot be reached: Connection refused");
        park(dlq, topic, "p-2", "second", "the schema registry cannot be reached: Connection refused");
        park(dlq, topic, "p-3", "third", "person p-3 is not registered");

        String dryRun = redrive(dlq, "--dry-run");
        assertThat(dryRun).contains("Would move 3 records from " + dlq + " to " + topic)
                .contains("     2  the schema registry cannot be reached: Connection refused")
                .contains("     1  person p-3 is not registered")
                .contains("partition 0: offsets 0 to 2");
        assertThat(read(topic)).isEmpty();

        assertThat(redrive(dlq)).contains("Moved 3 records from " + dlq + " to " + topic);
        List<ConsumerRecord<String, byte[]>> back = read(topic);
        assertThat(back).extracting(ConsumerRecord::key).containsExactly("p-1", "p-2", "p-3");
        assertThat(back).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("first", "second", "third");
        assertThat(back).extracting(ConsumerRecord::partition).containsOnly(1);
        ConsumerRecord<String, byte[]> first = back.get(0);
        assertThat(Arrays.stream(first.headers().toArray()).map(Header::key).toList())
                .containsExactly("trace-id", DeadLetterRedrive.REDRIVEN_FROM);
        assertThat(new String(first.headers().lastHeader(DeadLetterRedrive.REDRIVEN_FROM).value(), StandardCharsets.UTF_8))
                .isEqualTo(dlq + "/0@0");

        assertThat(redrive(dlq)).contains("Moved 0 records from " + dlq);
        assertThat(read(topic)).hasSize(3);

        park(dlq, topic, "p-4", "fourth", "person p-4 is not registered");
        assertThat(redrive(dlq)).contains("Moved 1 record from " + dlq).contains("partition 0: offsets 3 to 3");
        assertThat(read(topic)).extracting(ConsumerRecord::key).containsExactly("p-1", "p-2", "p-3", "p-4");
    }

    @Test
    void aTopicThatIsNoDeadLetterTopicIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine vaxline = Vaxline.commandLine(folder);
        vaxline.setErr(new PrintWriter(err, true));
        assertThat(vaxline.execute("redrive", "vaccinations", "--bootstrap-servers", broker.bootstrapServers())).isEqualTo(1);
        assertThat(err.toString()).contains("vaccinations is no dead-letter topic");
    }

    private static String redrive(String dlq, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine vaxline = Vaxline.commandLine(folder);
        vaxline.setOut(new PrintWriter(out, true));
        vaxline.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("redrive", dlq, "--bootstrap-servers", broker.bootstrapServers()));
        args.addAll(List.of(options));
        assertThat(vaxline.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
        return out.toString();
    }

    private static void createTopics(String... names) throws Exception {
        try (Admin client = Admin.create(admin.properties())) {
            client.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, 3, (short) 1)).toList()).all().get();
        }
    }

    /** A record the way a consumer parks it: the original key, value and headers, and the dead-letter headers. */
    private static void park(String dlq, String topic, String key, String value, String reason) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", key.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.PARTITION, "1".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.OFFSET, "7".getBytes(StandardCharsets.UTF_8));
        Properties config = new Properties();
        config.putAll(admin.clientConfig());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(dlq, 0, key, value.getBytes(StandardCharsets.UTF_8), headers)).get();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic) {
        Properties config = new Properties();
        config.putAll(admin.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        read.sort(java.util.Comparator.comparing(ConsumerRecord::key));
        return read;
    }
}
