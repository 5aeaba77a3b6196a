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

    /**
     * A fee paid on the provider's own page (Stripe Checkout; the local provider's page on this site): the person's
     * browser goes to {@code url}, card details never reach Vaxline, and the outcome comes back by webhook. The page
     * returns to {@code returnUrl}, and stops taking payment at {@code expiresAt}.
     */
    record Checkout(String appointmentId, long amountMinor, String currency, String description, String idempotencyKey,
            String returnUrl, java.time.Instant expiresAt) {
    }

    /** The provider's reference of a checkout page and where it is; or why none could be opened ({@code url} null). */
    record Started(String reference, String url, String failure) {
    }

    String name();

    Started checkout(Checkout checkout);

    /** Stops a checkout page taking payment (its appointment was cancelled); nothing when it is closed already. */
    void closeCheckout(String reference);

    Outcome charge(Charge charge);

    Outcome refund(String chargeReference, long amountMinor, String idempotencyKey);
}
