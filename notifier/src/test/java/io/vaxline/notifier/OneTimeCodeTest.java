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
import io.vaxline.schemas.NotifierSeal;
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

    /** A code sealed for another notifier's key (or moved from another phone) is parked with the reason, not texted. */
    @Test
    void aCodeThatDoesNotOpenWithThisNotifiersKeyIsParkedWithTheReason() throws Exception {
        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        java.nio.file.Path other = java.nio.file.Files.createTempDirectory("other-notifier");
        NotifierSeal.createKeysets(other.resolve("private.json"), other.resolve("public.json"));
        NotifierSeal stranger = NotifierSeal.forSealing(other.resolve("public.json"));
        kafka.send(Topics.ONE_TIME_CODES, phone, OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPhone(phone).setSealedCode(stranger.sealCode("777777", phone))
                .setExpiresAt(Instant.now().plusSeconds(300)).build());
        String otherPhone = phone.replace("+4670", "+4673");
        kafka.send(Topics.ONE_TIME_CODES, otherPhone, OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPhone(otherPhone).setSealedCode(ours().sealCode("888888", phone))
                .setExpiresAt(Instant.now().plusSeconds(300)).build());

        for (String to : java.util.List.of(phone, otherPhone)) {
            var parked = kafka.readRawUntil(Topics.ONE_TIME_CODES.deadLetterTopic(), read -> read.stream().anyMatch(r -> to.equals(r.key())),
                    Duration.ofSeconds(30)).stream().filter(r -> to.equals(r.key())).findFirst().orElseThrow();
            org.assertj.core.api.Assertions.assertThat(new String(parked.headers().lastHeader("dead-letter-reason").value(),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("does not open with this notifier's key");
        }
        given().get("/inbox/" + phone).then().statusCode(404); // no message for this number
        given().get("/inbox/" + otherPhone).then().statusCode(404);
    }

    private static NotifierSeal ours() {
        return NotifierSeal.forSealing(InfrastructureTestResource.endpoints().secrets().notifierPublicKeyset());
    }

    private static OtpRequested code(String phone, String code, Instant expiresAt) {
        return OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPhone(phone).setSealedCode(ours().sealCode(code, phone)).setExpiresAt(expiresAt).build();
    }
}
