package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static io.vaxline.notifier.Fixtures.booked;
import static io.vaxline.notifier.Fixtures.person;
import static io.vaxline.notifier.Fixtures.phone;
import static io.vaxline.notifier.Fixtures.reason;
import static io.vaxline.notifier.MessagesAndDeliveryTest.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.NotificationSent;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A poll is handled as a batch: the records of one poll are claimed, budgeted, handed over and marked
 * sent together. The records of each test are written as one producer batch to one partition, so that
 * the notifier's consumer gets them in one poll.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BatchDeliveryTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final Instant SLOT = Instant.parse("2031-06-12T07:30:00Z");

    /** Writes {@code values} to booking-events under one key, as one producer batch. */
    private static void inOnePoll(String key, List<byte[]> values) {
        Properties config = new Properties();
        config.putAll(InfrastructureTestResource.endpoints().kafkaAdmin().clientConfig());
        config.put("linger.ms", "1000");
        config.put("batch.size", "1000000");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS.name(), key, value));
            }
            producer.flush();
        }
    }

    private static byte[] encoded(SpecificRecord event) {
        return kafka.encode(Topics.BOOKING_EVENTS, event);
    }

    private static String registered(String phone) {
        String personId = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, personId, person(personId, phone, "Ada", "en"));
        return personId;
    }

    @Test
    void badRecordsInTheMiddleOfAPollAreParkedWithTheirReasonsAndTheRecordsBesideThemAreSent() throws Exception {
        String clinicId = "clinic-batch-" + UUID.randomUUID();
        List<String> phones = new ArrayList<>();
        List<AppointmentBooked> good = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String phone = phone();
            phones.add(phone);
            good.add(booked(registered(phone), clinicId, SLOT));
        }
        AppointmentBooked unreachable = booked(registered("+4612"), clinicId, SLOT);
        byte[] garbage = ("garbage " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] badPhone = encoded(unreachable);
        inOnePoll(clinicId, List.of(encoded(good.get(0)), encoded(good.get(1)), garbage, badPhone, encoded(good.get(2)),
                encoded(good.get(3))));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String phone : phones) {
                given().get("/inbox/" + phone).then().statusCode(200).body("$", hasSize(1));
            }
        });
        for (AppointmentBooked event : good) {
            assertThat(delivery(event.getEventId())).isEqualTo("SENT/1");
        }
        List<ConsumerRecord<String, byte[]>> parked = TopicClient.oncePerParkedRecord(kafka.readRawUntil(Topics.BOOKING_EVENTS.deadLetterTopic(),
                records -> records.stream().filter(r -> clinicId.equals(r.key())).count() >= 2, Duration.ofSeconds(60)))
                .stream().filter(r -> clinicId.equals(r.key())).toList();
        assertThat(parked).hasSize(2);
        assertThat(parked.get(0).value()).isEqualTo(garbage);
        assertThat(parked.get(1).value()).isEqualTo(badPhone);
        assertThat(reason(parked.get(1))).startsWith("invalid phone number");
        assertThat(delivery(unreachable.getEventId())).isEqualTo("none");
    }

    /**
     * The delivery log as a notifier killed halfway through a poll leaves it, and the poll read again:
     * a text marked SENT is not sent again (its outcome is audited again, same provider id); one handed
     * over whose lease has run out is taken over at once; one whose lease still runs is waited for; one
     * never claimed is sent; and the same event twice in the poll is texted once.
     */
    @Test
    void aPollReadAgainAfterACrashHalfwayThroughSendsNothingTwice() throws Exception {
        String clinicId = "clinic-crash-" + UUID.randomUUID();
        String[] phones = { phone(), phone(), phone(), phone() };
        AppointmentBooked[] events = new AppointmentBooked[4];
        for (int i = 0; i < events.length; i++) {
            events[i] = booked(registered(phones[i]), clinicId, SLOT);
        }
        AppointmentBooked sent = events[0];
        AppointmentBooked handedOverLeaseOver = events[1];
        AppointmentBooked handedOverLeaseRunning = events[2];
        AppointmentBooked untouched = events[3];
        Endpoints e = InfrastructureTestResource.endpoints();
        try (Connection db = DriverManager.getConnection(e.jdbcUrl("notifier"), e.dbUser(), e.dbPassword());
                PreparedStatement row = db.prepareStatement("""
                        INSERT INTO deliveries (source_event_id, channel, kind, person_id, state, attempts, provider_message_id,
                                                holder, lease_until)
                        VALUES (?, 'sms', 'booking-confirmation', ?, ?, 1, ?, 'killed', now() + ? * interval '1 millisecond')""")) {
            Object[][] rows = {
                    { sent, "SENT", "before-the-crash", -60_000 },
                    { handedOverLeaseOver, "SENDING", null, -1_000 },
                    { handedOverLeaseRunning, "SENDING", null, 3_000 } };
            for (Object[] r : rows) {
                AppointmentBooked event = (AppointmentBooked) r[0];
                row.setString(1, event.getEventId());
                row.setString(2, event.getPersonId());
                row.setString(3, (String) r[1]);
                row.setString(4, (String) r[2]);
                row.setInt(5, (Integer) r[3]);
                row.executeUpdate();
            }
        }
        long read = System.nanoTime();
        inOnePoll(clinicId, Arrays.stream(new AppointmentBooked[] { sent, handedOverLeaseOver, untouched, handedOverLeaseRunning,
                untouched }).map(BatchDeliveryTest::encoded).toList());

        List<ConsumerRecord<String, SpecificRecord>> audit = kafka.readUntil(Topics.NOTIFICATIONS, records -> Arrays.stream(events)
                .allMatch(event -> records.stream().anyMatch(r -> r.value() instanceof NotificationSent s
                        && s.getSourceEventId().equals(event.getEventId()))), Duration.ofSeconds(60));
        for (int i = 1; i < phones.length; i++) {
            given().get("/inbox/" + phones[i]).then().statusCode(200).body("$", hasSize(1));
        }
        assertThat(given().get("/inbox").then().statusCode(200).extract().jsonPath().getMap("$")).doesNotContainKey(phones[0]);
        assertThat(delivery(sent.getEventId())).isEqualTo("SENT/1");
        assertThat(delivery(handedOverLeaseOver.getEventId())).isEqualTo("SENT/2");
        assertThat(delivery(handedOverLeaseRunning.getEventId())).isEqualTo("SENT/2");
        assertThat(delivery(untouched.getEventId())).isEqualTo("SENT/1");
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.value()).isInstanceOfSatisfying(NotificationSent.class, s -> {
                assertThat(s.getSourceEventId()).isEqualTo(sent.getEventId());
                assertThat(s.getProviderMessageId()).isEqualTo("before-the-crash");
            });
        });
        // The held text waited for the lease it found (about 3 s) rather than going beside its holder.
        assertThat(Duration.ofNanos(System.nanoTime() - read)).isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
    }
}
