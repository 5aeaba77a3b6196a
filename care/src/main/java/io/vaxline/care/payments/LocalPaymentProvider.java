package io.vaxline.care.payments;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The local stack's provider: nothing leaves the machine; every charge and refund is recorded by
 * {@link Payments} like any other. It decides as Stripe's test mode does: the test payment methods
 * {@code pm_card_chargeDeclined} (and the older {@code local-decline}) and {@code pm_card_chargeDeclinedInsufficientFunds}
 * are declined, {@code local-pending} stays processing until the provider's webhook reports it, any other succeeds.
 * Its checkout page is the web module's ({@code CARE_LOCAL_CHECKOUT_URL}, {@code {session}} standing for the reference),
 * which turns the test card typed there into one of those payment methods and reports it to
 * {@link LocalCheckoutResource}.
 */
public class LocalPaymentProvider implements PaymentProvider {

    public static final String DECLINE = "local-decline";
    /** A charge left processing, as a bank transfer or a slow card network would be: its outcome comes by webhook. */
    public static final String PENDING = "local-pending";
    /** The reference of every local checkout page starts so. */
    public static final String CHECKOUT_PREFIX = "local_cs_";

    private final String checkoutUrl;

    public LocalPaymentProvider() {
        this("/care/checkout/{session}");
    }

    public LocalPaymentProvider(String checkoutUrl) {
        this.checkoutUrl = checkoutUrl;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Outcome charge(Charge charge) {
        String reference = "local_" + UUID.nameUUIDFromBytes(charge.idempotencyKey().getBytes(StandardCharsets.UTF_8));
        return PENDING.equals(charge.paymentMethod()) ? Outcome.pending(reference) : decide(charge.paymentMethod(), reference);
    }

    /** What a card's bank would say of the payment method; the reference is kept. */
    public static Outcome decide(String paymentMethod, String reference) {
        return switch (paymentMethod) {
            case DECLINE, "pm_card_chargeDeclined" -> Outcome.failed(reference, "card_declined");
            case "pm_card_chargeDeclinedInsufficientFunds" -> Outcome.failed(reference, "insufficient_funds");
            default -> Outcome.ok(reference);
        };
    }

    @Override
    public Started checkout(Checkout checkout) {
        String reference = CHECKOUT_PREFIX
                + UUID.nameUUIDFromBytes(checkout.idempotencyKey().getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        return new Started(reference, checkoutUrl.replace("{session}", reference), null);
    }

    @Override
    public void closeCheckout(String reference) {
        // The local page asks care before it takes a card; the charge marked failed is enough.
    }

    @Override
    public Outcome refund(String chargeReference, long amountMinor, String idempotencyKey) {
        return Outcome.ok("local_refund_" + UUID.nameUUIDFromBytes(idempotencyKey.getBytes(StandardCharsets.UTF_8)));
    }
}
