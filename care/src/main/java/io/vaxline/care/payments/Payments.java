package io.vaxline.care.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.avro.specific.SpecificRecord;

import io.vaxline.care.doctors.Doctors;
import io.vaxline.events.PaymentFailed;
import io.vaxline.events.PaymentRefunded;
import io.vaxline.events.PaymentSucceeded;

/**
 * Every charge and refund and its outcome, kept in PostgreSQL (table {@code payment}), whichever provider
 * carried it out; the webhook moves a pending charge's status when the provider reports it later. Each outcome is
 * also an event (PaymentSucceeded, PaymentFailed, PaymentRefunded) written to the outbox in the same transaction
 * as the row, so the two never diverge; {@link PaymentOutboxRelay} publishes it to {@code payment-events}.
 */
@ApplicationScoped
public class Payments {

    public record Payment(String paymentId, String appointmentId, String kind, String provider, long amountMinor,
            String currency, String status, String reference, String failure, Instant at,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Where the fee is paid, while a charge "
                    + "paid on the provider's page is pending") String checkoutUrl) {
    }

    public static final String CHARGE = "CHARGE";
    public static final String REFUND = "REFUND";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** A charge the provider is still processing: its outcome comes later by webhook. */
    public static final String PENDING = "PENDING";

    private static final String COLUMNS = "payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference, "
            + "failure, recorded_at, checkout_url";

    @Inject
    Doctors db;

    @Inject
    PaymentProvider provider;

    @Produces
    @Singleton
    static PaymentProvider provider(PaymentSettings settings) {
        return switch (settings.provider()) {
            case "local" -> new LocalPaymentProvider(settings.localCheckoutUrl());
            case "stripe" -> new StripePaymentProvider(settings.stripeApiKey()
                    .orElseThrow(() -> new IllegalStateException("CARE_PAYMENT_PROVIDER=stripe needs STRIPE_API_KEY")),
                    settings.stripeApiBase().orElse(null));
            default -> throw new IllegalStateException("CARE_PAYMENT_PROVIDER must be local or stripe, not " + settings.provider());
        };
    }

    public Payment charge(String appointmentId, long amountMinor, String currency, String paymentMethod, String description) {
        PaymentProvider.Outcome outcome = provider.charge(new PaymentProvider.Charge(appointmentId, amountMinor, currency,
                paymentMethod, "care-charge-" + appointmentId, description));
        return record(appointmentId, CHARGE, amountMinor, currency, outcome, null, null);
    }

    /**
     * Opens the provider's checkout page for the fee: the charge is PENDING with the page's address until the provider
     * reports the outcome. When no page can be opened the charge is FAILED at once (its event written as for a refusal).
     */
    public Payment checkout(String appointmentId, long amountMinor, String currency, String description, String returnUrl,
            Instant expiresAt) {
        PaymentProvider.Started started = provider.checkout(new PaymentProvider.Checkout(appointmentId, amountMinor, currency,
                description, "care-checkout-" + appointmentId, returnUrl, expiresAt));
        PaymentProvider.Outcome outcome = started.url() != null ? PaymentProvider.Outcome.pending(started.reference())
                : PaymentProvider.Outcome.failed(started.reference(), started.failure());
        return record(appointmentId, CHARGE, amountMinor, currency, outcome, null, started.url());
    }

    /** The local provider's checkout pages still open that were opened before {@code openedBefore}. */
    public List<Payment> openLocalCheckouts(Instant openedBefore) {
        return db.query("SELECT " + COLUMNS + " FROM payment WHERE kind = 'CHARGE' AND status = 'PENDING' AND provider = 'local' "
                + "AND checkout_url IS NOT NULL AND recorded_at < ?", Payments::row, java.sql.Timestamp.from(openedBefore));
    }

    /**
     * The appointment was cancelled: a checkout page still open for its fee is closed (the provider stops taking
     * payment there) and its charge fails with {@code why}.
     */
    public void closeCheckouts(String appointmentId, String why) {
        for (Payment p : of(appointmentId)) {
            if (CHARGE.equals(p.kind()) && PENDING.equals(p.status()) && p.checkoutUrl() != null) {
                provider.closeCheckout(p.reference());
                reported(p.reference(), FAILED, why);
            }
        }
    }

    /** The appointments still booked whose charge failed (recorded before {@code before}): seats to give back. */
    public List<String> failedButBooked(Instant before) {
        return db.query("SELECT DISTINCT p.appointment_id FROM payment p JOIN care_appointment a ON a.appointment_id = p.appointment_id "
                + "WHERE p.kind = 'CHARGE' AND p.status = 'FAILED' AND a.status = 'BOOKED' AND p.recorded_at < ?",
                rs -> rs.getString(1), java.sql.Timestamp.from(before));
    }

    /** Gives back a succeeded charge of the appointment; nothing when there is none or it was refunded already. */
    public Optional<Payment> refund(String appointmentId) {
        List<Payment> payments = of(appointmentId);
        if (payments.stream().anyMatch(p -> REFUND.equals(p.kind()) && SUCCEEDED.equals(p.status()))) {
            return Optional.empty();
        }
        return payments.stream().filter(p -> CHARGE.equals(p.kind()) && SUCCEEDED.equals(p.status())).findFirst()
                .map(charge -> record(appointmentId, REFUND, charge.amountMinor(), charge.currency(),
                        provider.refund(charge.reference(), charge.amountMinor(), "care-refund-" + appointmentId),
                        charge.reference(), null));
    }

    public List<Payment> of(String appointmentId) {
        return db.query("SELECT " + COLUMNS + " FROM payment WHERE appointment_id = ? ORDER BY recorded_at", Payments::row,
                appointmentId);
    }

    /** The charge the provider knows by {@code reference}. */
    public Optional<Payment> chargeByReference(String reference) {
        return db.query("SELECT " + COLUMNS + " FROM payment WHERE reference = ? AND kind = 'CHARGE'", Payments::row, reference)
                .stream().findFirst();
    }

    /**
     * The provider reported later what became of a charge that was still processing (its webhook): the status moves
     * and its event is written in the same transaction. Only a pending charge moves, so a report delivered twice, or
     * one about a charge decided at booking, changes nothing and publishes nothing. Returns the charges that moved.
     */
    public List<Payment> reported(String reference, String status, String failure) {
        List<Payment> moved = new ArrayList<>();
        db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE payment SET status = ?, failure = COALESCE(?, failure) "
                    + "WHERE reference = ? AND kind = 'CHARGE' AND status = 'PENDING' RETURNING " + COLUMNS)) {
                update.setString(1, status);
                update.setString(2, failure);
                update.setString(3, reference);
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        moved.add(row(rs));
                    }
                }
            }
            for (Payment payment : moved) {
                publish(c, payment, null);
            }
        });
        return moved;
    }

    private Payment record(String appointmentId, String kind, long amountMinor, String currency, PaymentProvider.Outcome outcome,
            String chargeReference, String checkoutUrl) {
        String paymentId = UUID.randomUUID().toString();
        db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO payment (payment_id, appointment_id, kind, provider, "
                    + "amount_minor, currency, status, reference, failure, checkout_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Object[] values = { paymentId, appointmentId, kind, provider.name(), amountMinor, currency, outcome.status(),
                        outcome.reference(), outcome.failure(), checkoutUrl };
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
            }
            publish(c, new Payment(paymentId, appointmentId, kind, provider.name(), amountMinor, currency, outcome.status(),
                    outcome.reference(), outcome.failure(), Instant.now(), checkoutUrl), chargeReference);
        });
        return of(appointmentId).stream().filter(p -> p.paymentId().equals(paymentId)).findFirst().orElseThrow();
    }

    /** The event of a payment's outcome, into the outbox on the payment's own connection; none while it is pending. */
    private static void publish(Connection c, Payment p, String chargeReference) throws SQLException {
        String clinicId = null;
        try (PreparedStatement clinic = c.prepareStatement("SELECT clinic_id FROM care_appointment WHERE appointment_id = ?")) {
            clinic.setString(1, p.appointmentId());
            try (ResultSet rs = clinic.executeQuery()) {
                if (rs.next()) {
                    clinicId = rs.getString(1);
                }
            }
        }
        String eventId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        SpecificRecord event;
        if (FAILED.equals(p.status())) {
            event = PaymentFailed.newBuilder().setEventId(eventId).setOccurredAt(now).setAppointmentId(p.appointmentId())
                    .setPaymentId(p.paymentId()).setClinicId(clinicId).setKind(p.kind()).setAmountMinor(p.amountMinor())
                    .setCurrency(p.currency()).setProvider(p.provider()).setProviderReference(p.reference())
                    .setFailureReason(p.failure() != null ? p.failure() : "unknown").build();
        } else if (SUCCEEDED.equals(p.status()) && CHARGE.equals(p.kind())) {
            event = PaymentSucceeded.newBuilder().setEventId(eventId).setOccurredAt(now).setAppointmentId(p.appointmentId())
                    .setPaymentId(p.paymentId()).setClinicId(clinicId).setAmountMinor(p.amountMinor()).setCurrency(p.currency())
                    .setProvider(p.provider()).setProviderReference(p.reference()).build();
        } else if (SUCCEEDED.equals(p.status())) {
            event = PaymentRefunded.newBuilder().setEventId(eventId).setOccurredAt(now).setAppointmentId(p.appointmentId())
                    .setPaymentId(p.paymentId()).setClinicId(clinicId).setAmountMinor(p.amountMinor()).setCurrency(p.currency())
                    .setProvider(p.provider()).setProviderReference(p.reference()).setChargeReference(chargeReference).build();
        } else {
            return;
        }
        PaymentOutbox.append(c, eventId, p.appointmentId(), event);
    }

    private static Payment row(ResultSet rs) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6).trim(), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class).toInstant(), SUCCEEDED.equals(rs.getString(7)) || FAILED.equals(rs.getString(7))
                        ? null : rs.getString(11));
    }
}
