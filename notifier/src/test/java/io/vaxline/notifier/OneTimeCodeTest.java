package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OneTimeCodeTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void textsTheCodeAndSkipsOnesThatHaveExpired() {
        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        kafka.send(Topics.ONE_TIME_CODES, phone, code(phone, "111111", Instant.now().minusSeconds(1)));
        kafka.send(Topics.ONE_TIME_CODES, phone, code(phone, "482915", Instant.now().plusSeconds(300)));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/inbox/" + phone).then().statusCode(200).body("text", contains(
                        "Your Vaxline code is 482915. It works for 5 minutes. Nobody from Vaxline will ask you for it.")));
    }

    private static OtpRequested code(String phone, String code, Instant expiresAt) {
        return OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPhone(phone).setCode(code).setExpiresAt(expiresAt).build();
    }
}
