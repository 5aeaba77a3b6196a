package io.vaxline.care.payments;

import java.util.Locale;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

/**
 * Stripe through its official Java SDK. A fee paid on Stripe's own page is a Checkout Session (card details never
 * reach Vaxline; the outcome comes by webhook); an API client that collected a payment method itself gets a
 * PaymentIntent created and confirmed at once (no redirects: a method that needs one fails here rather than leaving
 * the seat held). A refund refunds the PaymentIntent (a session's is looked up first). The API base is configurable so a test can point the SDK at
 * an endpoint of its own and check what it sent.
 */
public class StripePaymentProvider implements PaymentProvider {

    /** The metadata key of the appointment a payment is for: it marks the payment as Vaxline's (the webhook reads it). */
    static final String APPOINTMENT_METADATA = "appointmentId";

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
                .putMetadata(APPOINTMENT_METADATA, charge.appointmentId())
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
    public Started checkout(Checkout checkout) {
        String currency = checkout.currency().toLowerCase(Locale.ROOT);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(checkout.appointmentId())
                .setSuccessUrl(checkout.returnUrl())
                .setCancelUrl(checkout.returnUrl())
                .setExpiresAt(checkout.expiresAt().getEpochSecond())
                .putMetadata(APPOINTMENT_METADATA, checkout.appointmentId())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder().setDescription(checkout.description())
                        .putMetadata(APPOINTMENT_METADATA, checkout.appointmentId()).build())
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency(currency)
                                .setUnitAmount(checkout.amountMinor())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(checkout.description()).build())
                                .build())
                        .build())
                .build();
        try {
            Session session = client.v1().checkout().sessions().create(params,
                    RequestOptions.builder().setIdempotencyKey(checkout.idempotencyKey()).build());
            return new Started(session.getId(), session.getUrl(), null);
        } catch (StripeException e) {
            return new Started(null, null, e.getCode() != null ? e.getCode() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void closeCheckout(String reference) {
        try {
            client.v1().checkout().sessions().expire(reference);
        } catch (StripeException e) {
            // Completed or expired already: Stripe's webhook says which, and only a pending charge moves.
        }
    }

    @Override
    public Outcome refund(String chargeReference, long amountMinor, String idempotencyKey) {
        try {
            String intent = chargeReference;
            if (chargeReference.startsWith("cs_")) {
                // Paid on Stripe's page: the money is the session's PaymentIntent.
                intent = client.v1().checkout().sessions().retrieve(chargeReference).getPaymentIntent();
                if (intent == null) {
                    return Outcome.failed(null, "the checkout session " + chargeReference + " has no payment to refund");
                }
            }
            Refund refund = client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent)
                    .setAmount(amountMinor).build(), RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
            return "failed".equals(refund.getStatus()) || "canceled".equals(refund.getStatus())
                    ? Outcome.failed(refund.getId(), "status " + refund.getStatus()) : Outcome.ok(refund.getId());
        } catch (StripeException e) {
            return Outcome.failed(null, e.getCode() != null ? e.getCode() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
