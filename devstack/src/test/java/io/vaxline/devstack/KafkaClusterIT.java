package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Provisioner;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three KRaft nodes, each its own process, as {@code ./vaxline up --brokers 3} starts them (without
 * PostgreSQL and the registry, which do not change with the brokers): the provisioner's topics have
 * three copies and min ISR 2, so do the internal topics, and writes with acks=all go on with one node
 * killed -9; the node comes back on its data.
 */
class KafkaClusterIT {

    private final Path dataDir = Path.of("target", "kafka-cluster-test-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void threeNodesReplicateEveryTopicAndSurviveTheLossOfOne() throws Exception {
        InfraSettings settings = InfraSettings.onFreePorts(dataDir, 3);
        String password = UUID.randomUUID().toString();
        KafkaAccess admin = KafkaAccess.local("placeholder", KafkaPrincipals.PROVISIONER, password);
        try (KafkaCluster cluster = new KafkaCluster(settings, dataDir.resolve("tls"), password, UUID.randomUUID().toString())) {
            cluster.start();
            admin = KafkaAccess.local(cluster.bootstrapServers(), KafkaPrincipals.PROVISIONER, password);
            assertThat(cluster.brokers()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);

            Provisioner.provisionTopics(admin, KafkaBroker.replicationFactor(3));
            String topic = Topics.BOOKING_COMMANDS.name();
            try (Admin client = Admin.create(admin.properties())) {
                TopicDescription described = client.describeTopics(List.of(topic, Topics.BOOKING_COMMANDS.deadLetterTopic()))
                        .allTopicNames().get().get(topic);
                for (TopicPartitionInfo p : described.partitions()) {
                    assertThat(p.replicas()).hasSize(3);
                    assertThat(p.isr()).hasSize(3);
                }
                Config topicConfig = client.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                        .all().get().values().iterator().next();
                assertThat(topicConfig.get("min.insync.replicas").value()).isEqualTo("2");
                Config broker = client.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "2")))
                        .all().get().values().iterator().next();
                for (Map.Entry<String, String> expected : Map.of("offsets.topic.replication.factor", "3",
                        "transaction.state.log.replication.factor", "3", "transaction.state.log.min.isr", "2",
                        "default.replication.factor", "3", "min.insync.replicas", "2").entrySet()) {
                    assertThat(broker.get(expected.getKey()).value()).as(expected.getKey()).isEqualTo(expected.getValue());
                }
            }

            Properties producerConfig = admin.properties();
            producerConfig.put("acks", "all");
            producerConfig.put("delivery.timeout.ms", "60000");
            producerConfig.put("request.timeout.ms", "10000");
            int victim = cluster.leaderOf(topic, 0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new StringSerializer())) {
                send(producer, topic, "before", 50);
                cluster.kill(victim);
                // Acknowledged by the two in-sync copies left, partition 0 included once its leadership moved.
                List<RecordMetadata> after = send(producer, topic, "after", 50);
                assertThat(after).anyMatch(m -> m.partition() == 0);
            }
            assertThat(cluster.leaderOf(topic, 0)).isNotIn(-1, victim);

            Properties consumerConfig = admin.properties();
            consumerConfig.put("group.id", "cluster-test");
            consumerConfig.put("auto.offset.reset", "earliest");
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read.size() < 100 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        read.add(r.value());
                    }
                }
                consumer.commitSync();
            }
            assertThat(read).hasSize(100);

            cluster.start(victim);
            assertThat(cluster.brokers()).containsExactlyInAnyOrder(1, 2, 3);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!cluster.underReplicated(List.of(topic, "__consumer_offsets")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(cluster.underReplicated(List.of(topic, "__consumer_offsets"))).isEmpty();
            try (Admin client = Admin.create(admin.properties())) {
                TopicDescription offsets = client.describeTopics(Set.of("__consumer_offsets")).allTopicNames().get()
                        .get("__consumer_offsets");
                assertThat(offsets.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
        }
    }

    private static List<RecordMetadata> send(KafkaProducer<String, String> producer, String topic, String tag, int count)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, tag + "-" + i, tag + "-" + i)));
        }
        List<RecordMetadata> acknowledged = new ArrayList<>();
        for (Future<RecordMetadata> f : sent) {
            acknowledged.add(f.get());
        }
        return acknowledged;
    }
}
