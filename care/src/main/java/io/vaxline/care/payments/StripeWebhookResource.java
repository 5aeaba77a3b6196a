package io.vaxline.care.payments;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;

import io.vaxline.care.appointments.UnpaidBookings;
import io.vaxline.problems.ProblemException;
import io.vaxline.problems.openapi.ContractModel;

/**
 * Stripe's reports of what became of a payment. Anyone can post here, so only a body signed with the
 * endpoint's signing secret is believed ({@code Webhook.constructEvent}: HMAC-SHA256 over the timestamp and
 * the exact bytes, within five minutes); anything else is 400 and changes nothing. A pending charge reported failed
 * is marked so (its PaymentFailed event in the same transaction) and its booking is cancelled, giving the seat back;
 * so is a Checkout Session that expired unpaid or whose payment failed, and one completed and paid succeeds;
 * when booking-api cannot be reached the answer is 503, and Stripe's retry cancels it then. A report about a charge
 * of ours that the request making it has not recorded yet is 503 too, and moves it on a later delivery.
 */
@Path("/payments/stripe/webhook")
@Tag(name = "Payments", description = "The payment provider's reports")
public class StripeWebhookResource {

    /** The events that move a charge. */
    private static final java.util.Set<String> ACTED_ON = java.util.Set.of("payment_intent.succeeded",
            "payment_intent.payment_failed", "checkout.session.completed", "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed", "checkout.session.expired");

    public record Received(boolean received, String type) {
    }

    @Inject
    PaymentSettings settings;

    @Inject
    Payments payments;

    @Inject
    UnpaidBookings unpaid;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "stripeWebhook", summary = "Stripe's event about a payment, checked against its signature")
    @APIResponse(responseCode = "200", description = "Believed and applied",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Received.class)))
    @APIResponse(responseCode = "400", ref = ContractModel.BAD_REQUEST, description = "Not signed with the endpoint's secret")
    @APIResponse(responseCode = "503", ref = ContractModel.SERVICE_UNAVAILABLE, description = "A charge of ours not recorded yet, "
            + "or booking-api unreachable: delivered again later")
    public Received receive(@HeaderParam("Stripe-Signature") String signature,
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                            description = "A Stripe Event, read as the exact bytes that were signed"))) String payload) {
        String secret = settings.stripeWebhookSecret()
                .orElseThrow(() -> new ProblemException(400, "webhook-not-configured", "Webhooks are not configured",
                        "This service has no signing secret for Stripe's webhooks (STRIPE_WEBHOOK_SECRET)"));
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, secret);
        } catch (SignatureVerificationException | RuntimeException e) {
            throw new ProblemException(400, "bad-signature", "The signature does not match",
                    "The Stripe-Signature header does not sign this body with the endpoint's secret");
        }
        Object object = event.getDataObjectDeserializer().getObject().orElse(null);
        if (object instanceof PaymentIntent intent && ACTED_ON.contains(event.getType())) {
            recordedOrLater(intent.getId(), intent.getMetadata());
        } else if (object instanceof Session session && ACTED_ON.contains(event.getType())) {
            recordedOrLater(session.getId(), session.getMetadata());
        }
        if (object instanceof PaymentIntent intent) {
            switch (event.getType()) {
                case "payment_intent.succeeded" -> payments.reported(intent.getId(), Payments.SUCCEEDED, null);
                case "payment_intent.payment_failed" -> unpaid.reportedFailed(intent.getId(),
                        intent.getLastPaymentError() != null ? intent.getLastPaymentError().getCode() : "payment_failed");
                default -> {
                }
            }
        } else if (object instanceof Session session) {
            // Paid on Stripe's page: completed and paid, or (a bank debit) paid later; or never, when the page expired.
            switch (event.getType()) {
                case "checkout.session.completed" -> {
                    if ("paid".equals(session.getPaymentStatus())) {
                        payments.reported(session.getId(), Payments.SUCCEEDED, null);
                    }
                }
                case "checkout.session.async_payment_succeeded" -> payments.reported(session.getId(), Payments.SUCCEEDED, null);
                case "checkout.session.async_payment_failed" -> unpaid.reportedFailed(session.getId(), "payment_failed");
                case "checkout.session.expired" -> unpaid.reportedFailed(session.getId(), UnpaidBookings.EXPIRED);
                default -> {
                }
            }
        }
        return new Received(true, event.getType());
    }

    /**
     * A report about a charge of ours (Vaxline puts the appointment in its metadata) that is not recorded yet: the
     * provider answered its report before the request that made the charge stored it (a card confirmed at once).
     * Answered 503, so Stripe delivers it again later, when the row is there to move; a 200 would lose it and leave
     * the charge pending. Reports about payments of others in the same Stripe account are ignored as before.
     */
    private void recordedOrLater(String reference, java.util.Map<String, String> metadata) {
        String appointmentId = metadata == null ? null : metadata.get(StripePaymentProvider.APPOINTMENT_METADATA);
        if (appointmentId != null && payments.chargeByReference(reference).isEmpty()) {
            throw new ProblemException(503, "unavailable", "The charge is not recorded yet",
                    "The charge " + reference + " for appointment " + appointmentId + " is not recorded yet (its request may "
                            + "still be running); deliver this event again later");
        }
    }
}
