package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The broker of the local stack and the tests refuses what {@code KafkaPrincipals} does not grant:
 * each case logs in as the principal named and tries, on the real broker.
 */
class LeastPrivilegeIT {

    private static final Endpoints ENDPOINTS = InfrastructureTestResource.endpoints();

    @Test
    void theAnalystReadsBookingEventsButNotPeopleNorNotificationRequestsNorTheirDeadLetters() {
        KafkaAccess analyst = ENDPOINTS.kafka(KafkaPrincipals.ANALYST);
        String marker = "analyst-" + UUID.randomUUID();
        send(ENDPOINTS.kafkaAdmin(), Topics.BOOKING_EVENTS.name(), marker);
        assertThat(readAll(analyst, Topics.BOOKING_EVENTS.name(), KafkaPrincipals.ANALYST + "-" + UUID.randomUUID()))
                .contains(marker);

        for (TopicSpec hidden : List.of(Topics.PEOPLE, Topics.NOTIFICATION_REQUESTS, Topics.ONE_TIME_CODES)) {
            for (String topic : List.of(hidden.name(), hidden.deadLetterTopic())) {
                assertThatThrownBy(() -> readAll(analyst, topic, KafkaPrincipals.ANALYST + "-" + UUID.randomUUID()))
                        .as(topic).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(topic);
            }
        }
    }

    @Test
    void aClinicSystemWritesDosesButNotBookingEventsAndReadsNothing() {
        KafkaAccess clinic = ENDPOINTS.kafka(KafkaPrincipals.LOCAL_CLINIC);
        send(clinic, Topics.VACCINATIONS.name(), "a dose");

        assertThatThrownBy(() -> send(clinic, Topics.BOOKING_EVENTS.name(), "a forged booking"))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.BOOKING_EVENTS.name());
        assertThatThrownBy(() -> readAll(clinic, Topics.NOTIFICATION_REQUESTS.name(), null))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.NOTIFICATION_REQUESTS.name());
        assertThatThrownBy(() -> readAll(clinic, Topics.VACCINATIONS.name(), null))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theNotifierMayNotWriteDosesNorUseAnotherServicesGroup() {
        KafkaAccess notifier = ENDPOINTS.kafka("notifier");
        assertThatThrownBy(() -> send(notifier, Topics.VACCINATIONS.name(), "a forged dose"))
                .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.VACCINATIONS.name());
        assertThatThrownBy(() -> readAll(notifier, Topics.BOOKING_EVENTS.name(), "certificate-service"))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aWrongPasswordOrNoneIsRefused() {
        KafkaAccess impostor = ENDPOINTS.kafka(KafkaPrincipals.ANALYST).as(KafkaPrincipals.PROVISIONER, "guessed");
        assertThatThrownBy(() -> send(impostor, Topics.BOOKING_EVENTS.name(), "x"))
                .isInstanceOf(SaslAuthenticationException.class);
        KafkaAccess plaintext = new KafkaAccess(ENDPOINTS.kafkaBootstrapServers(), "PLAINTEXT", null, null, null, null);
        Properties config = plaintext.properties();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS.name(), new byte[1])).get())
                    .hasMessageContaining("Topic booking-events not present in metadata after 3000 ms");
        }
    }

    private static void send(KafkaAccess kafka, String topic, String value) {
        Properties config = kafka.properties();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every value on the topic, read from the beginning (in {@code group}, or assigned without one). */
    private static List<String> readAll(KafkaAccess kafka, String topic, String group) {
        Properties config = kafka.properties();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                consumer.assign(partitions);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Map<TopicPartition, Long> end = null;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
                if (end == null) {
                    end = consumer.endOffsets(partitions);
                }
                if (!consumer.assignment().isEmpty() && end.entrySet().stream()
                        .allMatch(e -> !consumer.assignment().contains(e.getKey()) || consumer.position(e.getKey()) >= e.getValue())) {
                    return values;
                }
            }
        }
        return values;
    }
}
