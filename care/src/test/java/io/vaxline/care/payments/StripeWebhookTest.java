package io.vaxline.care.payments;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.stripe.Stripe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.care.doctors.Doctors;
import io.vaxline.devstack.InfrastructureTestResource;

/** Stripe's webhook: believed only when signed with the endpoint's secret (the test profile's whsec_test_care). */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class StripeWebhookTest {

    private static final String SECRET = "whsec_test_care";

    @Inject
    Doctors db;

    @Inject
    Payments payments;

    private String pendingPayment(String reference) {
        String appointmentId = "appt-" + UUID.randomUUID();
        db.update("INSERT INTO payment (payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference) "
                + "VALUES (?, ?, 'CHARGE', 'stripe', 45000, 'SEK', 'PENDING', ?)", UUID.randomUUID().toString(), appointmentId, reference);
        return appointmentId;
    }

    private static String event(String type, String intentId) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "%s", "created": %d, "type": "%s",
                 "data": {"object": {"id": "%s", "object": "payment_intent", "amount": 45000, "currency": "sek",
                  "status": "%s", "last_payment_error": %s}}}""".formatted(UUID.randomUUID().toString().replace("-", ""),
                Stripe.API_VERSION, System.currentTimeMillis() / 1000, type, intentId,
                type.endsWith("succeeded") ? "succeeded" : "requires_payment_method",
                type.endsWith("succeeded") ? "null" : "{\"code\": \"card_declined\", \"type\": \"card_error\"}");
    }

    static String signature(String payload, String secret, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String v1 = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
        return "t=" + timestamp + ",v1=" + v1;
    }

    @Test
    void aSignedEventMovesThePaymentsStatus() throws Exception {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");
        String appointmentId = pendingPayment(intent);
        String payload = event("payment_intent.payment_failed", intent);

        given().contentType("application/json").header("Stripe-Signature", signature(payload, SECRET, System.currentTimeMillis() / 1000))
                .body(payload).post("/payments/stripe/webhook")
                .then().statusCode(200).body("type", equalTo("payment_intent.payment_failed"));

        assertThat(payments.of(appointmentId)).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("FAILED");
            assertThat(p.failure()).isEqualTo("card_declined");
        });
    }

    @Test
    void aFailureDeliveredTwiceIsOnePaymentFailedEvent() throws Exception {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");
        String appointmentId = pendingPayment(intent);
        String payload = event("payment_intent.payment_failed", intent);

        for (int delivery = 0; delivery < 2; delivery++) {
            given().contentType("application/json").header("Stripe-Signature", signature(payload, SECRET, System.currentTimeMillis() / 1000))
                    .body(payload).post("/payments/stripe/webhook").then().statusCode(200);
        }

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ? AND sent_at IS NULL", rs -> rs.getLong(1),
                appointmentId).get(0) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(InfrastructureTestResource.topics().readToEnd(io.vaxline.schemas.Topics.PAYMENT_EVENTS).stream()
                .filter(r -> appointmentId.equals(r.key())).map(r -> r.value()).toList())
                .singleElement().isInstanceOfSatisfying(io.vaxline.events.PaymentFailed.class, failed -> {
                    assertThat(failed.getKind()).isEqualTo("CHARGE");
                    assertThat(failed.getProvider()).isEqualTo("stripe");
                    assertThat(failed.getProviderReference()).isEqualTo(intent);
                    assertThat(failed.getFailureReason()).isEqualTo("card_declined");
                    assertThat(failed.getAmountMinor()).isEqualTo(45000);
                });
    }

    @Test
    void aBadSignatureIs400AndChangesNothing() throws Exception {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");
        String appointmentId = pendingPayment(intent);
        String payload = event("payment_intent.succeeded", intent);
        long now = System.currentTimeMillis() / 1000;

        // Signed with another secret, signed over other bytes, signed too long ago, not signed at all.
        for (String header : new String[] { signature(payload, "whsec_someone_else", now),
                signature(payload.replace("45000", "1"), SECRET, now), signature(payload, SECRET, now - 3600), "" }) {
            given().contentType("application/json").header("Stripe-Signature", header).body(payload)
                    .post("/payments/stripe/webhook").then().statusCode(400).body("type", equalTo("https://vaxline.io/problems/bad-signature"));
        }

        assertThat(payments.of(appointmentId)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("PENDING"));
    }

    @Test
    void aReportAboutAChargeOfOursNotRecordedYetIs503AndMovesItWhenDeliveredAgain() throws Exception {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");
        String appointmentId = "appt-" + UUID.randomUUID();
        // Stripe reported the card confirmed before the request that made the charge had stored it.
        String payload = event("payment_intent.succeeded", intent)
                .replace("\"status\":", "\"metadata\": {\"appointmentId\": \"" + appointmentId + "\"}, \"status\":");

        given().contentType("application/json").header("Stripe-Signature", signature(payload, SECRET, System.currentTimeMillis() / 1000))
                .body(payload).post("/payments/stripe/webhook")
                .then().statusCode(503).body("type", equalTo("https://vaxline.io/problems/unavailable"))
                .body("detail", org.hamcrest.Matchers.containsString(appointmentId));

        db.update("INSERT INTO payment (payment_id, appointment_id, kind, provider, amount_minor, currency, status, reference) "
                + "VALUES (?, ?, 'CHARGE', 'stripe', 45000, 'SEK', 'PENDING', ?)", UUID.randomUUID().toString(), appointmentId, intent);
        deliver(payload); // Stripe's retry

        assertThat(payments.of(appointmentId)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aReportAboutAPaymentOfSomeoneElseInTheAccountIsReceivedAndChangesNothing() throws Exception {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");

        deliver(event("payment_intent.succeeded", intent));

        assertThat(payments.chargeByReference(intent)).isEmpty();
    }

    private static String sessionEvent(String type, String sessionId, String paymentStatus) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "%s", "created": %d, "type": "%s",
                 "data": {"object": {"id": "%s", "object": "checkout.session", "mode": "payment", "status": "%s",
                  "payment_status": "%s", "amount_total": 45000, "currency": "sek"}}}""".formatted(
                UUID.randomUUID().toString().replace("-", ""), Stripe.API_VERSION, System.currentTimeMillis() / 1000, type, sessionId,
                type.endsWith("expired") ? "expired" : "complete", paymentStatus);
    }

    private void deliver(String payload) throws Exception {
        given().contentType("application/json").header("Stripe-Signature", signature(payload, SECRET, System.currentTimeMillis() / 1000))
                .body(payload).post("/payments/stripe/webhook").then().statusCode(200);
    }

    @Test
    void aCheckoutSessionCompletedAndPaidSucceedsAndOneCompletedUnpaidWaits() throws Exception {
        String paid = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        String waiting = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        String paidAppointment = pendingPayment(paid);
        String waitingAppointment = pendingPayment(waiting);

        deliver(sessionEvent("checkout.session.completed", paid, "paid"));
        // A bank debit: the page is completed, the money comes (or not) later.
        deliver(sessionEvent("checkout.session.completed", waiting, "unpaid"));

        assertThat(payments.of(paidAppointment)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("SUCCEEDED"));
        assertThat(payments.of(waitingAppointment)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("PENDING"));

        deliver(sessionEvent("checkout.session.async_payment_succeeded", waiting, "paid"));

        assertThat(payments.of(waitingAppointment)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aCheckoutSessionThatExpiredUnpaidFailsAsExpired() throws Exception {
        String session = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        String appointmentId = pendingPayment(session);

        deliver(sessionEvent("checkout.session.expired", session, "unpaid"));

        assertThat(payments.of(appointmentId)).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("FAILED");
            assertThat(p.failure()).isEqualTo("checkout_expired");
        });
    }
}
