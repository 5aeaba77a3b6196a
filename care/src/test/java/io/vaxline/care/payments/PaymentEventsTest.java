package io.vaxline.care.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.care.doctors.Doctors;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.PaymentFailed;
import io.vaxline.events.PaymentRefunded;
import io.vaxline.events.PaymentSucceeded;
import io.vaxline.schemas.Topics;

/**
 * Every payment outcome is one event on payment-events, through the outbox, on the real broker and registry, as care's
 * own principal (which may write that topic only). The local provider decides: {@code local-decline} is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class PaymentEventsTest {

    @Inject
    Payments payments;

    @Inject
    Doctors db;

    @Inject
    PaymentOutboxRelay relay;

    private static String appointment() {
        return "appt-" + UUID.randomUUID();
    }

    /** Once the outbox has nothing left for the appointment, every event of it that will be published is on the topic. */
    private List<SpecificRecord> eventsOf(String appointmentId) {
        awaitSent(appointmentId, Duration.ofSeconds(30));
        return InfrastructureTestResource.topics().readToEnd(Topics.PAYMENT_EVENTS).stream()
                .filter(r -> appointmentId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private long pendingOf(String appointmentId) {
        return db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ? AND sent_at IS NULL", rs -> rs.getLong(1),
                appointmentId).get(0);
    }

    private void awaitSent(String appointmentId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingOf(appointmentId) > 0) {
            assertThat(System.nanoTime()).as("the outbox of " + appointmentId + " is sent within " + timeout).isLessThan(deadline);
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTakenFeeIsOnePaymentSucceeded() {
        String appointmentId = appointment();
        Payments.Payment charge = payments.charge(appointmentId, 45000, "SEK", "pm_card_visa", "Check-up");

        assertThat(eventsOf(appointmentId)).singleElement().isInstanceOfSatisfying(PaymentSucceeded.class, e -> {
            assertThat(e.getPaymentId()).isEqualTo(charge.paymentId());
            assertThat(e.getAmountMinor()).isEqualTo(45000);
            assertThat(e.getCurrency()).isEqualTo("SEK");
            assertThat(e.getProvider()).isEqualTo("local");
            assertThat(e.getProviderReference()).isEqualTo(charge.reference()).startsWith("local_");
            assertThat(e.getEventId()).isNotBlank();
        });
    }

    /** The outbox is bounded: a row published longer ago than it is kept goes; one published since stays. */
    @Test
    void publishedRowsAreRemovedOnceOlderThanTheyAreKept() {
        String appointmentId = appointment();
        payments.charge(appointmentId, 1000, "SEK", "pm_card_visa", "Check-up");
        awaitSent(appointmentId, Duration.ofSeconds(30));
        java.util.function.Supplier<Long> rows = () -> db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ?",
                rs -> rs.getLong(1), appointmentId).get(0);
        assertThat(rows.get()).isEqualTo(1);

        relay.purgeSentBefore(java.time.Instant.now().minus(PaymentOutboxRelay.KEEP_SENT));
        assertThat(rows.get()).as("published just now: kept").isEqualTo(1);
        relay.purgeSentBefore(java.time.Instant.now().plusSeconds(1));
        assertThat(rows.get()).as("published before the cutoff: removed").isZero();
    }

    @Test
    void aRefusedFeeIsOnePaymentFailedWithTheProvidersReason() {
        String appointmentId = appointment();
        Payments.Payment charge = payments.charge(appointmentId, 12000, "EUR", LocalPaymentProvider.DECLINE, "Video");

        assertThat(charge.status()).isEqualTo(Payments.FAILED);
        assertThat(eventsOf(appointmentId)).singleElement().isInstanceOfSatisfying(PaymentFailed.class, e -> {
            assertThat(e.getPaymentId()).isEqualTo(charge.paymentId());
            assertThat(e.getKind()).isEqualTo("CHARGE");
            assertThat(e.getAmountMinor()).isEqualTo(12000);
            assertThat(e.getCurrency()).isEqualTo("EUR");
            assertThat(e.getFailureReason()).isEqualTo("card_declined");
        });
    }

    @Test
    void aRefundIsOnePaymentRefundedAfterItsChargeAndASecondRefundIsNone() {
        String appointmentId = appointment();
        Payments.Payment charge = payments.charge(appointmentId, 30000, "SEK", "pm_card_visa", "Check-up");
        Payments.Payment refund = payments.refund(appointmentId).orElseThrow();
        assertThat(payments.refund(appointmentId)).isEmpty();

        List<SpecificRecord> events = eventsOf(appointmentId);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(PaymentSucceeded.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(PaymentRefunded.class, e -> {
            assertThat(e.getPaymentId()).isEqualTo(refund.paymentId());
            assertThat(e.getAmountMinor()).isEqualTo(30000);
            assertThat(e.getCurrency()).isEqualTo("SEK");
            assertThat(e.getProviderReference()).isEqualTo(refund.reference());
            assertThat(e.getChargeReference()).isEqualTo(charge.reference());
        });
    }

    @Test
    void aBrokerOutageIsWaitedOutTheEventsStayPendingAndGoWhenItIsBack() {
        String before = appointment();
        payments.charge(before, 100, "SEK", "pm_card_visa", "warm");
        awaitSent(before, Duration.ofSeconds(30));

        InfrastructureTestResource.stopKafka();
        String appointmentId = appointment();
        try {
            // The payment is recorded while the broker is away: the row and its event are in PostgreSQL.
            Payments.Payment charge = payments.charge(appointmentId, 45000, "SEK", "pm_card_visa", "Check-up");
            assertThat(charge.status()).isEqualTo(Payments.SUCCEEDED);
            // Longer than the relay's send timeout (2 s in tests) and its retries: it has failed and it keeps the row.
            for (int i = 0; i < 12; i++) {
                assertThat(pendingOf(appointmentId)).as("pending while the broker is down").isEqualTo(1);
                sleep(500);
            }
        } finally {
            InfrastructureTestResource.startKafka();
        }

        assertThat(eventsOf(appointmentId)).singleElement().isInstanceOfSatisfying(PaymentSucceeded.class,
                e -> assertThat(e.getAmountMinor()).isEqualTo(45000));
        assertThat(InfrastructureTestResource.topics().readRawToEnd(Topics.PAYMENT_EVENTS.deadLetterTopic())).isEmpty();
    }
}
