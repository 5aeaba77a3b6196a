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
                        + "Thu 12 Jun 2031 09:30 (Europe/Stockholm, UTC+02:00). Confirmation code: K7M3-Q9XD")
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

    private static List<NotificationFailed> failuresOf(String sourceEventId, int expected) {
        List<ConsumerRecord<String, SpecificRecord>> audit = kafka.readUntil(Topics.NOTIFICATIONS,
                records -> records.stream().filter(r -> r.value() instanceof NotificationFailed f
                        && f.getSourceEventId().equals(sourceEventId)).count() >= expected, Duration.ofSeconds(30));
        return audit.stream().map(ConsumerRecord::value)
                .filter(v -> v instanceof NotificationFailed f && f.getSourceEventId().equals(sourceEventId))
                .map(NotificationFailed.class::cast).toList();
    }
}
