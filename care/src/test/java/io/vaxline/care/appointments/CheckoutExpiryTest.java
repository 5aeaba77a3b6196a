package io.vaxline.care.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.care.doctors.Doctors;
import io.vaxline.care.payments.Payments;
import io.vaxline.devstack.InfrastructureTestResource;

/**
 * A local checkout page left open past the expiry (CARE_CHECKOUT_EXPIRY, 30 minutes) stops taking payment: its charge
 * fails as checkout_expired, with its PaymentFailed event; a page opened since, or one of Stripe's (Stripe expires its
 * own), is left alone.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class CheckoutExpiryTest {

    @Inject
    Doctors db;

    @Inject
    Payments payments;

    @Inject
    UnpaidBookings unpaid;

    private String openCheckout(String provider, Duration age) {
        String appointmentId = "appt-" + UUID.randomUUID();
        String reference = "local_cs_" + UUID.randomUUID().toString().replace("-", "");
        db.update("INSERT INTO payment (payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference, "
                + "checkout_url, recorded_at) VALUES (?, ?, 'CHARGE', ?, 45000, 'SEK', 'PENDING', ?, ?, ?)", UUID.randomUUID().toString(),
                appointmentId, provider, reference, "/care/checkout/" + reference, java.sql.Timestamp.from(Instant.now().minus(age)));
        return appointmentId;
    }

    @Test
    void aPageOpenPastTheExpiryFailsAsExpiredAndAFresherOneStaysOpen() {
        String stale = openCheckout("local", Duration.ofMinutes(31));
        String fresh = openCheckout("local", Duration.ofMinutes(29));
        String stripes = openCheckout("stripe", Duration.ofMinutes(31));

        unpaid.sweep(Instant.now());

        assertThat(payments.of(stale)).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("FAILED");
            assertThat(p.failure()).isEqualTo("checkout_expired");
            assertThat(p.checkoutUrl()).isNull();
        });
        assertThat(payments.of(fresh)).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("PENDING");
            assertThat(p.checkoutUrl()).startsWith("/care/checkout/local_cs_");
        });
        assertThat(payments.of(stripes)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("PENDING"));
        assertThat(db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ?", rs -> rs.getLong(1), stale))
                .containsExactly(1L);
        assertThat(db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ?", rs -> rs.getLong(1), fresh))
                .containsExactly(0L);
    }

    @Test
    void aSeatHeldByAFailedChargeIsGivenBackAndWhileBookingApiIsAwayItWaits() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String doctorId = "dr-" + suffix;
        db.update("INSERT INTO doctor (doctor_id, clinic_id, name, service, slot_minutes) VALUES (?, 'c-" + suffix + "', 'Dr X', ?, 30)",
                doctorId, "svc-" + suffix);
        db.update("INSERT INTO appointment_type (type_id, doctor_id, name, mode, minutes, fee_minor, currency) "
                + "VALUES (?, ?, 'Visit', 'IN_PERSON', 30, 45000, 'SEK')", doctorId + "-visit", doctorId);
        String held = "appt-" + UUID.randomUUID();
        String justFailed = "appt-" + UUID.randomUUID();
        String cancelled = "appt-" + UUID.randomUUID();
        for (String[] a : new String[][] { { held, "BOOKED", "PT2M" }, { justFailed, "BOOKED", "PT10S" }, { cancelled, "PAYMENT_FAILED", "PT2M" } }) {
            db.update("INSERT INTO care_appointment (appointment_id, doctor_id, type_id, clinic_id, person_id, household_id, slot_start, "
                    + "status) VALUES (?, ?, ?, ?, 'p', 'h', now() + interval '3 days', ?)", a[0], doctorId, doctorId + "-visit",
                    "c-" + suffix, a[1]);
            db.update("INSERT INTO payment (payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference, "
                    + "failure, recorded_at) VALUES (?, ?, 'CHARGE', 'local', 45000, 'SEK', 'FAILED', ?, 'card_declined', ?)",
                    UUID.randomUUID().toString(), a[0], "local_" + UUID.randomUUID(),
                    java.sql.Timestamp.from(Instant.now().minus(Duration.parse(a[2]))));
        }

        // Still booked a minute after its charge failed: a seat to give back; the one failing right now is left to its
        // own request, the one cancelled already to nobody.
        assertThat(payments.failedButBooked(Instant.now().minus(Duration.ofMinutes(1)))).contains(held)
                .doesNotContain(justFailed, cancelled);
        // booking-api cannot be asked here (this test has no CARE_BOOKING_API_KEY, as when it is away): the seat stays
        // held, nothing is marked, and the next sweep tries again.
        assertThat(unpaid.sweep(Instant.now())).doesNotContain(held);
        assertThat(db.query("SELECT status FROM care_appointment WHERE appointment_id = ?", rs -> rs.getString(1), held))
                .containsExactly("BOOKED");
    }
}
