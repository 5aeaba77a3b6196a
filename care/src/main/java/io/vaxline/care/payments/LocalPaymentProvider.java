package io.vaxline.care.payments;

import java.util.UUID;

/**
 * The local stack's provider: nothing leaves the machine; every charge and refund is recorded by
 * {@link Payments} like any other. The payment method {@code local-decline} is declined (as a card would
 * be), so a page or a test can see a failed payment; any other succeeds.
 */
public class LocalPaymentProvider implements PaymentProvider {

    public static final String DECLINE = "local-decline";

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Outcome charge(Charge charge) {
        String reference = "local_" + UUID.nameUUIDFromBytes(charge.idempotencyKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return DECLINE.equals(charge.paymentMethod()) ? Outcome.failed(reference, "card_declined") : Outcome.ok(reference);
    }

    @Override
    public Outcome refund(String chargeReference, long amountMinor, String idempotencyKey) {
        return Outcome.ok("local_refund_" + UUID.nameUUIDFromBytes(idempotencyKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
