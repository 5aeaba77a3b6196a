package io.vaxline.care.payments;

import java.util.Locale;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;

/**
 * Stripe through its official Java SDK: a charge is a PaymentIntent created and confirmed at once with the
 * payment method the page collected (no redirects: a method that needs one fails here rather than leaving the
 * seat held), a refund refunds the PaymentIntent. The API base is configurable so a test can point the SDK at
 * an endpoint of its own and check what it sent.
 */
public class StripePaymentProvider implements PaymentProvider {

    private final StripeClient client;

    public StripePaymentProvider(String apiKey, String apiBase) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(apiKey).setMaxNetworkRetries(0);
        if (apiBase != null && !apiBase.isBlank()) {
            builder.setApiBase(apiBase);
        }
        this.client = builder.build();
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public Outcome charge(Charge charge) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(charge.amountMinor())
                .setCurrency(charge.currency().toLowerCase(Locale.ROOT))
                .setPaymentMethod(charge.paymentMethod())
                .setConfirm(true)
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER).build())
                .setDescription(charge.description())
                .putMetadata("appointmentId", charge.appointmentId())
                .build();
        try {
            PaymentIntent intent = client.v1().paymentIntents().create(params,
                    RequestOptions.builder().setIdempotencyKey(charge.idempotencyKey()).build());
            // processing: the outcome comes later by webhook (payment_intent.succeeded or payment_intent.payment_failed).
            return switch (intent.getStatus()) {
                case "succeeded" -> Outcome.ok(intent.getId());
                case "processing" -> Outcome.pending(intent.getId());
                default -> Outcome.failed(intent.getId(), "status " + intent.getStatus());
            };
        } catch (StripeException e) {
            return Outcome.failed(null, e.getCode() != null ? e.getCode() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome refund(String chargeReference, long amountMinor, String idempotencyKey) {
        try {
            Refund refund = client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(chargeReference)
                    .setAmount(amountMinor).build(), RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
            return "failed".equals(refund.getStatus()) || "canceled".equals(refund.getStatus())
                    ? Outcome.failed(refund.getId(), "status " + refund.getStatus()) : Outcome.ok(refund.getId());
        } catch (StripeException e) {
            return Outcome.failed(null, e.getCode() != null ? e.getCode() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
