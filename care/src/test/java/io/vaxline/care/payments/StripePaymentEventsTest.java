package io.vaxline.care.payments;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.care.doctors.Doctors;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.PaymentRefunded;
import io.vaxline.events.PaymentSucceeded;
import io.vaxline.schemas.Topics;

/**
 * care with CARE_PAYMENT_PROVIDER=stripe, its SDK pointed at an endpoint of this test that answers as Stripe's API and
 * records what the SDK sent: a fee taken and refunded, and one paid on Stripe's checkout page (reported by a signed
 * webhook) and refunded, are each their events on payment-events, on the real broker and registry.
 */
@QuarkusTest
@TestProfile(StripePaymentEventsTest.Stripe.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class StripePaymentEventsTest {

    public static class Stripe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return Map.of("vaxline.payments.provider", "stripe", "vaxline.payments.stripe-api-key", "sk_test_events",
                        "vaxline.payments.stripe-api-base", "http://127.0.0.1:" + socket.getLocalPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Sent(String method, String path, String body) {
    }

    @ConfigProperty(name = "vaxline.payments.stripe-api-base")
    String apiBase;

    @Inject
    Payments payments;

    @Inject
    Doctors db;

    private HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", URI.create(apiBase).getPort()), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        sent.add(new Sent(exchange.getRequestMethod(), path, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        String json = switch (path) {
            case "/v1/payment_intents" -> """
                    {"id": "pi_events1", "object": "payment_intent", "amount": 45000, "currency": "sek", "status": "succeeded"}""";
            case "/v1/refunds" -> """
                    {"id": "re_events1", "object": "refund", "amount": 45000, "currency": "sek", "status": "succeeded"}""";
            case "/v1/checkout/sessions" -> """
                    {"id": "cs_test_events1", "object": "checkout.session", "status": "open", "payment_status": "unpaid",
                     "url": "https://checkout.stripe.com/c/pay/cs_test_events1"}""";
            case "/v1/checkout/sessions/cs_test_events1" -> """
                    {"id": "cs_test_events1", "object": "checkout.session", "status": "complete", "payment_status": "paid",
                     "payment_intent": "pi_paid_on_page"}""";
            default -> "{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"no such path " + path + "\"}}";
        };
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(json.contains("\"error\"") ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private List<SpecificRecord> eventsOf(String appointmentId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ? AND sent_at IS NULL", rs -> rs.getLong(1),
                appointmentId).get(0) > 0) {
            assertThat(System.nanoTime()).as("the outbox of " + appointmentId + " is sent").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return InfrastructureTestResource.topics().readToEnd(Topics.PAYMENT_EVENTS).stream()
                .filter(r -> appointmentId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    @Test
    void aFeeTakenAndRefundedThroughTheSdkIsTwoEvents() {
        String appointmentId = "appt-" + UUID.randomUUID();

        Payments.Payment charge = payments.charge(appointmentId, 45000, "SEK", "pm_card_visa", "Specialist visit");
        assertThat(payments.refund(appointmentId)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo("SUCCEEDED"));

        assertThat(sent).extracting(Sent::path).containsExactly("/v1/payment_intents", "/v1/refunds");
        assertThat(sent.get(0).body()).contains("amount=45000", "currency=sek", "payment_method=pm_card_visa");
        assertThat(sent.get(1).body()).contains("payment_intent=pi_events1");
        List<SpecificRecord> events = eventsOf(appointmentId);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(PaymentSucceeded.class, e -> {
            assertThat(e.getPaymentId()).isEqualTo(charge.paymentId());
            assertThat(e.getProvider()).isEqualTo("stripe");
            assertThat(e.getProviderReference()).isEqualTo("pi_events1");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(PaymentRefunded.class, e -> {
            assertThat(e.getProviderReference()).isEqualTo("re_events1");
            assertThat(e.getChargeReference()).isEqualTo("pi_events1");
        });
    }

    @Test
    void aFeePaidOnStripesPageIsPendingUntilTheSignedWebhookAndItsRefundRefundsThePageIntent() throws Exception {
        String appointmentId = "appt-" + UUID.randomUUID();

        Payments.Payment open = payments.checkout(appointmentId, 45000, "SEK", "Specialist visit",
                "https://vaxline.example/care/appointments", Instant.now().plus(Duration.ofMinutes(30)));
        assertThat(open.status()).isEqualTo("PENDING");
        assertThat(open.checkoutUrl()).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_events1");
        assertThat(sent.get(0).body()).contains("mode=payment", "client_reference_id=" + appointmentId);

        String payload = """
                {"id": "evt_%s", "object": "event", "api_version": "%s", "created": %d, "type": "checkout.session.completed",
                 "data": {"object": {"id": "cs_test_events1", "object": "checkout.session", "status": "complete",
                  "payment_status": "paid"}}}""".formatted(UUID.randomUUID().toString().replace("-", ""),
                com.stripe.Stripe.API_VERSION, System.currentTimeMillis() / 1000);
        given().contentType("application/json")
                .header("Stripe-Signature", StripeWebhookTest.signature(payload, "whsec_test_care", System.currentTimeMillis() / 1000))
                .body(payload).post("/payments/stripe/webhook").then().statusCode(200);
        assertThat(payments.refund(appointmentId)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo("SUCCEEDED"));

        assertThat(sent).extracting(Sent::method, Sent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/v1/checkout/sessions"),
                org.assertj.core.groups.Tuple.tuple("GET", "/v1/checkout/sessions/cs_test_events1"),
                org.assertj.core.groups.Tuple.tuple("POST", "/v1/refunds"));
        assertThat(sent.get(2).body()).contains("payment_intent=pi_paid_on_page", "amount=45000");
        List<SpecificRecord> events = eventsOf(appointmentId);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(PaymentSucceeded.class,
                e -> assertThat(e.getProviderReference()).isEqualTo("cs_test_events1"));
        assertThat(events.get(1)).isInstanceOfSatisfying(PaymentRefunded.class,
                e -> assertThat(e.getChargeReference()).isEqualTo("cs_test_events1"));
    }
}
