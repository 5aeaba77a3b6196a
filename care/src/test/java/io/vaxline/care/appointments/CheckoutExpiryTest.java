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
}
