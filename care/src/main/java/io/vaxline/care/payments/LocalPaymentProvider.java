package io.vaxline.care.payments;

import java.util.UUID;

/**
 * The local stack's provider: nothing leaves the machine; every charge and refund is recorded by
 * {@link Payments} like any other. The payment method {@code local-decline} is declined (as a card would
 * be), so a page or a test can see a failed payment; {@code local-pending} stays processing until the provider's
 * webhook reports it; any other succeeds.
 */
public class LocalPaymentProvider implements PaymentProvider {

    public static final String DECLINE = "local-decline";
    /** A charge left processing, as a bank transfer or a slow card network would be: its outcome comes by webhook. */
    public static final String PENDING = "local-pending";

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Outcome charge(Charge charge) {
        String reference = "local_" + UUID.nameUUIDFromBytes(charge.idempotencyKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return switch (charge.paymentMethod()) {
            case DECLINE -> Outcome.failed(reference, "card_declined");
            case PENDING -> Outcome.pending(reference);
            default -> Outcome.ok(reference);
        };
    }

    @Override
    public Outcome refund(String chargeReference, long amountMinor, String idempotencyKey) {
        return Outcome.ok("local_refund_" + UUID.nameUUIDFromBytes(idempotencyKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
