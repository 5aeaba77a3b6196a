package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A login code is not queued behind a campaign: with the provider's limit as in production (20 SMS a
 * second, 5 of them kept for codes), a code requested while 2,000 invitations (over two minutes of
 * texts) wait and the campaign fills the limit is in the inbox within five seconds (a bound on
 * queueing, not a speed measurement).
 */
@QuarkusTest
@TestProfile(CodesLaneTest.ProductionLimits.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class CodesLaneTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    /** Two minutes of texts at the campaign's share of the limit (15 a second): the code would wait behind them. */
    private static final int CAMPAIGN = 2_000;

    public static class ProductionLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vaxline.notifier.messages-per-second", "20", "vaxline.notifier.sms-reserved-for-codes", "5");
        }
    }

    @Test
    void aCodeRequestedDuringACampaignIsInTheInboxWithinFiveSeconds() {
        String first = null;
        for (int i = 0; i < CAMPAIGN; i++) {
            String phone = "+4676" + String.format("%07d", i);
            first = first == null ? phone : first;
            var invitation = OutreachNotificationTest.invitation(phone, null, "en");
            kafka.sendAsync(Topics.NOTIFICATION_REQUESTS, invitation.getPatientId(), invitation);
        }
        kafka.flush();
        // The campaign is being texted (the provider's limit is in use) before the code is asked for.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                given().get("/inbox").then().extract().jsonPath().getMap("$").keySet().stream()
                        .anyMatch(phone -> phone.toString().startsWith("+4676")));

        String phone = Fixtures.phone();
        long asked = System.nanoTime();
        kafka.send(Topics.ONE_TIME_CODES, phone, OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPhone(phone).setCode("482915").setExpiresAt(Instant.now().plusSeconds(300)).build());

        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().get("/inbox/" + phone).then().statusCode(200).body("text", contains(
                        "Your Vaxline code is 482915. It works for 5 minutes. Nobody from Vaxline will ask you for it.")));
        long campaignTexts = given().get("/inbox").then().extract().jsonPath().getMap("$").keySet().stream()
                .filter(p -> p.toString().startsWith("+4676")).count();
        System.out.printf("CodesLaneTest: the code was in the inbox %d ms after it was asked for; %d of %d invitations texted by then%n",
                (System.nanoTime() - asked) / 1_000_000, campaignTexts, CAMPAIGN);
    }

    /** The rest of the campaign is withdrawn from the topic, so the tests after this one do not wait behind it. */
    @AfterAll
    static void withdrawTheRestOfTheCampaign() throws Exception {
        Properties config = new Properties();
        config.putAll(InfrastructureTestResource.endpoints().kafkaAdmin().clientConfig());
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topics.NOTIFICATION_REQUESTS.partitions(); p++) {
                latest.put(new TopicPartition(Topics.NOTIFICATION_REQUESTS.name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, RecordsToDelete> upTo = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) ->
                    upTo.put(partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(upTo).all().get();
        }
    }
}
