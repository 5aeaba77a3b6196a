package io.vaxline.care.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Stripe adapter through Stripe's own SDK, pointed at an endpoint of this test on 127.0.0.1 that
 * records what the SDK sent (path, form fields, headers) and answers as Stripe's API would.
 */
class StripePaymentProviderTest {

    record Sent(String method, String path, Map<String, String> form, String authorization, String idempotencyKey) {
    }

    private HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean decline;
    private volatile boolean processing;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        sent.add(new Sent(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), form(body),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Idempotency-Key")));
        String path = exchange.getRequestURI().getPath();
        int status = 200;
        String json;
        if (path.equals("/v1/payment_intents") && decline) {
            status = 402;
            json = """
                    {"error": {"type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
                     "message": "Your card was declined.", "payment_intent": {"id": "pi_declined", "object": "payment_intent",
                     "status": "requires_payment_method"}}}""";
        } else if (path.equals("/v1/payment_intents") && processing) {
            json = """
                    {"id": "pi_3Slow", "object": "payment_intent", "amount": 45000, "currency": "sek", "status": "processing"}""";
        } else if (path.equals("/v1/payment_intents")) {
            json = """
                    {"id": "pi_3Test", "object": "payment_intent", "amount": 45000, "currency": "sek", "status": "succeeded"}""";
        } else if (path.equals("/v1/checkout/sessions")) {
            json = """
                    {"id": "cs_test_a1", "object": "checkout.session", "mode": "payment", "status": "open",
                     "payment_status": "unpaid", "url": "https://checkout.stripe.com/c/pay/cs_test_a1"}""";
        } else if (path.equals("/v1/checkout/sessions/cs_test_a1") && exchange.getRequestMethod().equals("GET")) {
            json = """
                    {"id": "cs_test_a1", "object": "checkout.session", "mode": "payment", "status": "complete",
                     "payment_status": "paid", "payment_intent": "pi_3Paid"}""";
        } else if (path.equals("/v1/checkout/sessions/cs_test_a1/expire")) {
            json = """
                    {"id": "cs_test_a1", "object": "checkout.session", "status": "expired", "payment_status": "unpaid"}""";
        } else if (path.equals("/v1/refunds")) {
            json = """
                    {"id": "re_3Test", "object": "refund", "amount": 45000, "currency": "sek", "payment_intent": "pi_3Test",
                     "status": "succeeded"}""";
        } else {
            status = 404;
            json = "{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"no such path\"}}";
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_test");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return fields;
    }

    private StripePaymentProvider provider() {
        return new StripePaymentProvider("sk_test_care123", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aChargeIsAConfirmedPaymentIntentWithTheAmountCurrencyAndIdempotencyKey() {
        PaymentProvider.Outcome outcome = provider().charge(new PaymentProvider.Charge("appt-1", 45000, "SEK", "pm_card_visa",
                "care-charge-appt-1", "Visit with doctor ada"));

        assertThat(outcome).isEqualTo(PaymentProvider.Outcome.ok("pi_3Test"));
        assertThat(sent).hasSize(1);
        Sent request = sent.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/payment_intents");
        assertThat(request.authorization()).isEqualTo("Bearer sk_test_care123");
        assertThat(request.idempotencyKey()).isEqualTo("care-charge-appt-1");
        assertThat(request.form()).containsEntry("amount", "45000").containsEntry("currency", "sek")
                .containsEntry("payment_method", "pm_card_visa").containsEntry("confirm", "true")
                .containsEntry("automatic_payment_methods[enabled]", "true")
                .containsEntry("automatic_payment_methods[allow_redirects]", "never")
                .containsEntry("metadata[appointmentId]", "appt-1");
    }

    @Test
    void aDeclinedCardIsAFailureWithStripesCode() {
        decline = true;

        PaymentProvider.Outcome outcome = provider().charge(new PaymentProvider.Charge("appt-2", 45000, "SEK", "pm_card_chargeDeclined",
                "care-charge-appt-2", "Visit"));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).isEqualTo("card_declined");
    }

    @Test
    void aPaymentIntentStillProcessingIsPendingNotFailed() {
        processing = true;

        PaymentProvider.Outcome outcome = provider().charge(new PaymentProvider.Charge("appt-3", 45000, "SEK", "pm_sepa",
                "care-charge-appt-3", "Visit"));

        assertThat(outcome).isEqualTo(PaymentProvider.Outcome.pending("pi_3Slow"));
    }

    @Test
    void aRefundRefundsThePaymentIntentOnce() {
        PaymentProvider.Outcome outcome = provider().refund("pi_3Test", 45000, "care-refund-appt-1");

        assertThat(outcome).isEqualTo(PaymentProvider.Outcome.ok("re_3Test"));
        Sent request = sent.get(0);
        assertThat(request.path()).isEqualTo("/v1/refunds");
        assertThat(request.authorization()).isEqualTo("Bearer sk_test_care123");
        assertThat(request.idempotencyKey()).isEqualTo("care-refund-appt-1");
        assertThat(request.form()).containsEntry("payment_intent", "pi_3Test").containsEntry("amount", "45000");
    }

    @Test
    void aFeePaidOnStripesPageIsACheckoutSessionForThatAmountReturningToTheGivenPage() {
        java.time.Instant expires = java.time.Instant.parse("2026-12-01T10:30:00Z");
        PaymentProvider.Started started = provider().checkout(new PaymentProvider.Checkout("appt-4", 45000, "SEK",
                "Video visit with doctor ada", "care-checkout-appt-4", "https://vaxline.example/care/appointments?booked=appt-4", expires));

        assertThat(started).isEqualTo(new PaymentProvider.Started("cs_test_a1", "https://checkout.stripe.com/c/pay/cs_test_a1", null));
        Sent request = sent.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/checkout/sessions");
        assertThat(request.authorization()).isEqualTo("Bearer sk_test_care123");
        assertThat(request.idempotencyKey()).isEqualTo("care-checkout-appt-4");
        assertThat(request.form()).containsEntry("mode", "payment")
                .containsEntry("client_reference_id", "appt-4")
                .containsEntry("success_url", "https://vaxline.example/care/appointments?booked=appt-4")
                .containsEntry("cancel_url", "https://vaxline.example/care/appointments?booked=appt-4")
                .containsEntry("expires_at", String.valueOf(expires.getEpochSecond()))
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("line_items[0][price_data][currency]", "sek")
                .containsEntry("line_items[0][price_data][unit_amount]", "45000")
                .containsEntry("line_items[0][price_data][product_data][name]", "Video visit with doctor ada")
                .containsEntry("metadata[appointmentId]", "appt-4")
                .containsEntry("payment_intent_data[metadata][appointmentId]", "appt-4");
    }

    @Test
    void aCheckoutStripeRefusesIsNoPageAndSaysWhy() {
        server.removeContext("/");
        server.createContext("/", exchange -> {
            byte[] bytes = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"parameter_invalid_integer\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });

        PaymentProvider.Started started = provider().checkout(new PaymentProvider.Checkout("appt-5", 45000, "SEK", "Visit",
                "care-checkout-appt-5", "https://vaxline.example/", java.time.Instant.now().plusSeconds(1800)));

        assertThat(started.url()).isNull();
        assertThat(started.failure()).isEqualTo("parameter_invalid_integer");
    }

    @Test
    void aRefundOfAFeePaidOnStripesPageRefundsTheSessionsPaymentIntent() {
        PaymentProvider.Outcome outcome = provider().refund("cs_test_a1", 45000, "care-refund-appt-4");

        assertThat(outcome).isEqualTo(PaymentProvider.Outcome.ok("re_3Test"));
        assertThat(sent).extracting(Sent::method, Sent::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/v1/checkout/sessions/cs_test_a1"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/v1/refunds"));
        assertThat(sent.get(1).form()).containsEntry("payment_intent", "pi_3Paid").containsEntry("amount", "45000");
        assertThat(sent.get(1).idempotencyKey()).isEqualTo("care-refund-appt-4");
    }

    @Test
    void closingACheckoutExpiresTheSession() {
        provider().closeCheckout("cs_test_a1");

        assertThat(sent).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/checkout/sessions/cs_test_a1/expire");
        });
    }
}
