package io.vaxline.care.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.vaxline.care.doctors.Doctors;

/**
 * Every charge and refund and its outcome, kept in PostgreSQL (table {@code payment}), whichever provider
 * carried it out; the webhook moves a payment's status when the provider reports it later.
 */
@ApplicationScoped
public class Payments {

    public record Payment(String paymentId, String appointmentId, String kind, String provider, long amountMinor,
            String currency, String status, String reference, String failure, Instant at) {
    }

    @Inject
    Doctors db;

    @Inject
    PaymentProvider provider;

    @Produces
    @Singleton
    static PaymentProvider provider(PaymentSettings settings) {
        return switch (settings.provider()) {
            case "local" -> new LocalPaymentProvider();
            case "stripe" -> new StripePaymentProvider(settings.stripeApiKey()
                    .orElseThrow(() -> new IllegalStateException("CARE_PAYMENT_PROVIDER=stripe needs STRIPE_API_KEY")),
                    settings.stripeApiBase().orElse(null));
            default -> throw new IllegalStateException("CARE_PAYMENT_PROVIDER must be local or stripe, not " + settings.provider());
        };
    }

    public Payment charge(String appointmentId, long amountMinor, String currency, String paymentMethod, String description) {
        PaymentProvider.Outcome outcome = provider.charge(new PaymentProvider.Charge(appointmentId, amountMinor, currency,
                paymentMethod, "care-charge-" + appointmentId, description));
        return record(appointmentId, "CHARGE", amountMinor, currency, outcome);
    }

    /** Gives back a succeeded charge of the appointment; nothing when there is none or it was refunded already. */
    public Optional<Payment> refund(String appointmentId) {
        List<Payment> payments = of(appointmentId);
        if (payments.stream().anyMatch(p -> "REFUND".equals(p.kind()) && "SUCCEEDED".equals(p.status()))) {
            return Optional.empty();
        }
        return payments.stream().filter(p -> "CHARGE".equals(p.kind()) && "SUCCEEDED".equals(p.status())).findFirst()
                .map(charge -> record(appointmentId, "REFUND", charge.amountMinor(), charge.currency(),
                        provider.refund(charge.reference(), charge.amountMinor(), "care-refund-" + appointmentId)));
    }

    public List<Payment> of(String appointmentId) {
        return db.query("SELECT payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference, failure, "
                + "recorded_at FROM payment WHERE appointment_id = ? ORDER BY recorded_at", Payments::row, appointmentId);
    }

    /** The provider reported a payment's outcome later (its webhook): the status moves, nothing else. */
    public int reported(String reference, String status, String failure) {
        return db.update("UPDATE payment SET status = ?, failure = COALESCE(?, failure) WHERE reference = ? AND kind = 'CHARGE'",
                status, failure, reference);
    }

    private Payment record(String appointmentId, String kind, long amountMinor, String currency, PaymentProvider.Outcome outcome) {
        String paymentId = UUID.randomUUID().toString();
        db.update("INSERT INTO payment (payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference, failure) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", paymentId, appointmentId, kind, provider.name(), amountMinor, currency,
                outcome.succeeded() ? "SUCCEEDED" : "FAILED", outcome.reference(), outcome.failure());
        return of(appointmentId).stream().filter(p -> p.paymentId().equals(paymentId)).findFirst().orElseThrow();
    }

    private static Payment row(ResultSet rs) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6).trim(), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class).toInstant());
    }
}
