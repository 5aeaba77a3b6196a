package io.vaxline.care.payments;

/**
 * Where money is taken and given back. {@code local} (the default) records and decides locally; {@code stripe}
 * goes through Stripe's official SDK. Both are asked with an idempotency key, so a retried charge or refund is
 * carried out once.
 */
public interface PaymentProvider {

    /** A charge of {@code amountMinor} (the currency's minor units) with the payment method the person gave. */
    record Charge(String appointmentId, long amountMinor, String currency, String paymentMethod, String idempotencyKey,
            String description) {
    }

    /** What the provider said: its reference of the payment or refund, or why it failed. */
    record Outcome(boolean succeeded, String reference, String failure) {
        public static Outcome ok(String reference) {
            return new Outcome(true, reference, null);
        }

        public static Outcome failed(String reference, String failure) {
            return new Outcome(false, reference, failure);
        }
    }

    String name();

    Outcome charge(Charge charge);

    Outcome refund(String chargeReference, long amountMinor, String idempotencyKey);
}
