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

    /**
     * What the provider said: its reference of the payment or refund, or why it failed; or that it is still
     * processing (a charge whose outcome the provider reports later, by webhook).
     */
    record Outcome(boolean succeeded, boolean pending, String reference, String failure) {
        public static Outcome ok(String reference) {
            return new Outcome(true, false, reference, null);
        }

        public static Outcome failed(String reference, String failure) {
            return new Outcome(false, false, reference, failure);
        }

        public static Outcome pending(String reference) {
            return new Outcome(false, true, reference, null);
        }

        String status() {
            return succeeded ? Payments.SUCCEEDED : pending ? Payments.PENDING : Payments.FAILED;
        }
    }

    String name();

    Outcome charge(Charge charge);

    Outcome refund(String chargeReference, long amountMinor, String idempotencyKey);
}
