package io.vaxline.notifier;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

/**
 * A notifier configured for production (no local-stack opt-in, texts through SNS, e-mail through SMTP)
 * has no inbox: every /inbox endpoint answers 404. With the recording channel and the mock mailer
 * chosen on a local stack they exist ({@link LocalInboxTest}); without a channel chosen, or with a
 * stand-in chosen outside a local stack, the notifier does not start at all (ChannelChoiceTest).
 */
@QuarkusTest
@TestProfile(InboxProfileTest.Production.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class InboxProfileTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("vaxline.local-stack", "false");
            config.put("vaxline.sms.channel", "sns");
            config.put("quarkus.mailer.mock", "false");
            // Nothing is sent from this test: no provider is reachable, and no topic is read.
            config.put("vaxline.sns.endpoint", "http://127.0.0.1:9");
            for (String channel : List.of("booking-events", "appointment-reminders", "certificates", "one-time-codes",
                    "notification-requests", "people", "clinics")) {
                config.put("mp.messaging.incoming." + channel + ".enabled", "false");
            }
            return config;
        }
    }

    @Test
    void thereIsNoInboxInProduction() {
        given().get("/inbox").then().statusCode(404);
        given().get("/inbox/+46701234567").then().statusCode(404);
        given().get("/inbox/email").then().statusCode(404);
        given().get("/inbox/email/someone@example.org").then().statusCode(404);
    }
}
