package io.vaxline.notifier;

import static io.vaxline.notifier.Fixtures.booked;
import static io.vaxline.notifier.Fixtures.person;
import static io.vaxline.notifier.Fixtures.reason;
import static io.vaxline.notifier.MessagesAndDeliveryTest.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The real AWS SDK code path: the notifier configured for SNS sends to a local HTTP endpoint that
 * records what the SDK put on the wire. Throttling and 5xx are retried with back-off, every attempt is
 * audited, and a message that cannot go is parked with its reason after the last attempt.
 */
@QuarkusTest
@TestProfile(SnsDeliveryTest.Sns.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class SnsDeliveryTest {

    public static class Sns implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeSnsEndpoint.class));
        }
    }

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final Instant SLOT = Instant.parse("2031-06-12T07:30:00Z");
    /** vaxline.sns.timeout of this profile (FakeSnsEndpoint). */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);

    private static AppointmentBooked bookingFor(String phone) {
        String personId = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, personId, person(personId, phone, "Ada", "en"));
        AppointmentBooked booked = booked(personId, "clinic-1", SLOT);
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", booked);
        return booked;
    }

    @Test
    void publishesATransactionalSmsToThePhoneNumberWithTheSenderIdSignedForSns() {
        String phone = "+467011" + (10000 + (int) (Math.random() * 89999));
        AppointmentBooked booked = bookingFor(phone);

        NotificationSent sent = kafka.await(Topics.NOTIFICATIONS, NotificationSent.class,
                n -> n.getSourceEventId().equals(booked.getEventId()), Duration.ofSeconds(30));
        List<FakeSnsEndpoint.Received> requests = FakeSnsEndpoint.to(phone);
        assertThat(requests).hasSize(1);
        FakeSnsEndpoint.Received request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.form()).containsEntry("Action", "Publish")
                .containsEntry("Version", "2010-03-31")
                .containsEntry("PhoneNumber", phone)
                .containsEntry("Message", "Hello Ada, your covid-19 appointment at clinic-1 is booked for "
                        + "Thu 12 Jun 2031 09:30 (Europe/Stockholm, UTC+02:00). Confirmation code: "
                        + Fixtures.code(booked.getAppointmentId()) + Fixtures.links(booked.getAppointmentId(), booked.getSlotStart()))
                .containsEntry("MessageAttributes.entry.1.Name", "AWS.SNS.SMS.SMSType")
                .containsEntry("MessageAttributes.entry.1.Value.DataType", "String")
                .containsEntry("MessageAttributes.entry.1.Value.StringValue", "Transactional")
                .containsEntry("MessageAttributes.entry.2.Name", "AWS.SNS.SMS.SenderID")
                .containsEntry("MessageAttributes.entry.2.Value.StringValue", "Vaxline")
                .doesNotContainKey("TopicArn");
        assertThat(request.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                .contains("/eu-north-1/sns/aws4_request");
        assertThat(sent.getProviderMessageId()).isNotBlank();
        assertThat(sent.getAttempt()).isEqualTo(1);
    }

    @Test
    void throttlingIsRetriedWithEveryAttemptAudited() throws Exception {
        AppointmentBooked booked = bookingFor(FakeSnsEndpoint.THROTTLED_TWICE);

        NotificationSent sent = kafka.await(Topics.NOTIFICATIONS, NotificationSent.class,
                n -> n.getSourceEventId().equals(booked.getEventId()), Duration.ofSeconds(30));
        assertThat(sent.getAttempt()).isEqualTo(3);
        List<NotificationFailed> failures = failuresOf(booked.getEventId(), 2);
        assertThat(failures).extracting(NotificationFailed::getAttempt).containsExactly(1, 2);
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.getWillRetry()).isTrue();
            assertThat(f.getReason()).contains("Throttling");
        });
        assertThat(FakeSnsEndpoint.to(FakeSnsEndpoint.THROTTLED_TWICE)).hasSize(3);
        assertThat(delivery(booked.getEventId())).isEqualTo("SENT/3");
    }

    @Test
    void aProviderThatKeepsFailingGetsMaxAttemptsThenTheEventIsParkedWithTheReason() throws Exception {
        AppointmentBooked booked = bookingFor(FakeSnsEndpoint.ALWAYS_FAILING);

        List<ConsumerRecord<String, byte[]>> parked = kafka.readRawUntil(Topics.BOOKING_EVENTS.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> reason(r).startsWith("gave up after 3 attempts")),
                Duration.ofSeconds(60));
        assertThat(parked).anySatisfy(r -> assertThat(reason(r)).contains("InternalError (HTTP 500)"));
        List<NotificationFailed> failures = failuresOf(booked.getEventId(), 3);
        assertThat(failures).extracting(NotificationFailed::getWillRetry).containsExactly(true, true, false);
        assertThat(FakeSnsEndpoint.to(FakeSnsEndpoint.ALWAYS_FAILING)).hasSize(3);
        assertThat(delivery(booked.getEventId())).isEqualTo("FAILED/3");
    }

    @Test
    void aRefusalThatRetryingCannotFixIsParkedAtOnce() throws Exception {
        AppointmentBooked booked = bookingFor(FakeSnsEndpoint.REFUSED);

        List<NotificationFailed> failures = failuresOf(booked.getEventId(), 1);
        assertThat(failures.get(0).getWillRetry()).isFalse();
        assertThat(failures.get(0).getReason()).contains("InvalidParameter");
        kafka.readRawUntil(Topics.BOOKING_EVENTS.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> reason(r).contains("InvalidParameter")), Duration.ofSeconds(30));
        assertThat(FakeSnsEndpoint.to(FakeSnsEndpoint.REFUSED)).hasSize(1);
        assertThat(delivery(booked.getEventId())).isEqualTo("FAILED/1");
    }

    /**
     * The same event read by every consumer at once (a copy on each partition, as after a rebalance
     * or a replay) while the provider answers the first hand-over only after the client's timeout (1 s
     * here): the copies wait for the claimer's lease instead of handing the text over beside it. The
     * provider gets it twice: the timed-out attempt, which SNS did take, and its retry, which comes only
     * once the client has given up on the first call; never a copy while a call is under way.
     */
    @Test
    void aTextInSendingIsNotHandedOverByASecondClaimerWithinItsLease() throws Exception {
        String personId = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, personId, person(personId, FakeSnsEndpoint.SLOW_ONCE, "Ada", "en"));
        AppointmentBooked booked = booked(personId, "clinic-1", SLOT);
        for (String key : oneKeyPerPartition(Topics.BOOKING_EVENTS.partitions())) {
            kafka.sendAsync(Topics.BOOKING_EVENTS, key, booked);
        }
        kafka.flush();

        kafka.readUntil(Topics.NOTIFICATIONS, records -> records.stream().filter(r -> r.value() instanceof NotificationSent s
                && s.getSourceEventId().equals(booked.getEventId())).count() >= Topics.BOOKING_EVENTS.partitions(),
                Duration.ofSeconds(60));
        List<FakeSnsEndpoint.Received> calls = FakeSnsEndpoint.to(FakeSnsEndpoint.SLOW_ONCE);
        assertThat(calls).hasSize(2);
        // The endpoint times the calls' arrivals, the client its timeout from its send: the first call can arrive some
        // milliseconds after it left. A copy handed over beside the first call would arrive at once.
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(CLIENT_TIMEOUT.minusMillis(200));
        assertThat(delivery(booked.getEventId())).isEqualTo("SENT/2");
    }

    private static List<String> oneKeyPerPartition(int partitions) {
        java.util.Map<Integer, String> keys = new java.util.TreeMap<>();
        for (int i = 0; keys.size() < partitions; i++) {
            String key = "clinic-" + i;
            keys.putIfAbsent(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions, key);
        }
        return List.copyOf(keys.values());
    }

    private static List<NotificationFailed> failuresOf(String sourceEventId, int expected) {
        List<ConsumerRecord<String, SpecificRecord>> audit = kafka.readUntil(Topics.NOTIFICATIONS,
                records -> records.stream().filter(r -> r.value() instanceof NotificationFailed f
                        && f.getSourceEventId().equals(sourceEventId)).count() >= expected, Duration.ofSeconds(30));
        return audit.stream().map(ConsumerRecord::value)
                .filter(v -> v instanceof NotificationFailed f && f.getSourceEventId().equals(sourceEventId))
                .map(NotificationFailed.class::cast).toList();
    }
}
