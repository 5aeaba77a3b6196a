package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.events.OutreachReportReady;
import io.vaxline.schemas.NotifierSeal;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Outreach by SMS and e-mail (the mailer's mock mailbox here), each once, and the weekly report to the team. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OutreachNotificationTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void anInvitationGoesByTextAndEmailOnceEachEvenWhenReadAgain() {
        String phone = Fixtures.phone();
        String email = "p" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        OutreachInvitationIssued invitation = invitation(phone, email, "sv");
        kafka.send(Topics.NOTIFICATION_REQUESTS, invitation.getPatientId(), invitation);
        kafka.send(Topics.NOTIFICATION_REQUESTS, invitation.getPatientId(), invitation);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().get("/inbox/" + phone).then().statusCode(200).body("text", contains(
                    "Hej Astrid! Din influensavaccination kan bokas nu. Öppna din inbjudan: " + linkOf(invitation)));
            given().get("/inbox/email/" + email).then().statusCode(200).body("subject", contains("Flu 2026"))
                    .body("[0].text", org.hamcrest.Matchers.containsString(linkOf(invitation)))
                    .body("[0].text", org.hamcrest.Matchers.startsWith("Hej Astrid!"));
        });
        List<NotificationSent> audit = kafka.readUntil(Topics.NOTIFICATIONS, read -> sent(read, invitation).size() >= 2,
                Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).filter(NotificationSent.class::isInstance)
                .map(NotificationSent.class::cast).filter(n -> n.getSourceEventId().equals(invitation.getEventId())).toList();
        assertThat(audit.stream().map(NotificationSent::getChannel).distinct()).containsExactlyInAnyOrder("sms", "email");
        assertThat(audit).allSatisfy(n -> assertThat(n.getKind()).isEqualTo("outreach-invitation"));
        given().get("/inbox/" + phone).then().body("$", hasSize(1));
        given().get("/inbox/email/" + email).then().body("$", hasSize(1));
    }

    @Test
    void aBadAddressParksTheInvitationWithTheReasonAndTheOtherChannelStillGoes() {
        String phone = Fixtures.phone();
        OutreachInvitationIssued invitation = invitation(phone, "not-an-address", "en");
        kafka.send(Topics.NOTIFICATION_REQUESTS, invitation.getPatientId(), invitation);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/inbox/" + phone).then().statusCode(200).body("$", hasSize(1)));
        assertThat(kafka.deadLetterReason(Topics.NOTIFICATION_REQUESTS, invitation.getPatientId(), Duration.ofSeconds(30)))
                .contains("invalid e-mail address");
    }

    @Test
    void theWeeklyReportIsMailedToTheProgrammeTeam() {
        String reportId = UUID.randomUUID().toString();
        String one = "team-" + reportId.substring(0, 6) + "@vaxline.test";
        String two = "lead-" + reportId.substring(0, 6) + "@vaxline.test";
        kafka.send(Topics.NOTIFICATION_REQUESTS, "c-1", OutreachReportReady.newBuilder().setEventId(reportId)
                .setOccurredAt(Instant.now()).setCampaignId("c-1").setCampaignName("Flu 2026").setRecipients(List.of(one, two))
                .setInvited(112_500).setAcknowledged(40_000).setNotResponded(72_500)
                .setDownloadUrl("https://vaxline.example/admin/outreach/campaigns/c-1/reports/" + reportId + ".csv").build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String to : List.of(one, two)) {
                given().get("/inbox/email/" + to).then().statusCode(200).body("subject", contains("Not responded: Flu 2026"))
                        .body("[0].text", org.hamcrest.Matchers.containsString("Not responded yet: 72500"))
                        .body("[0].text", org.hamcrest.Matchers.containsString(reportId + ".csv"));
            }
        });
    }

    private static List<NotificationSent> sent(List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> read,
            OutreachInvitationIssued invitation) {
        return read.stream().map(ConsumerRecord::value).filter(NotificationSent.class::isInstance).map(NotificationSent.class::cast)
                .filter(n -> n.getSourceEventId().equals(invitation.getEventId())).toList();
    }

    static OutreachInvitationIssued invitation(String phone, String email, String language) {
        String id = UUID.randomUUID().toString();
        return OutreachInvitationIssued.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setInvitationId(id)
                .setCampaignId("c-1").setWave(1).setPatientId("patient-" + id).setGivenName("Astrid").setPhone(phone)
                .setEmail(email).setLanguage(language).setCampaignName("Flu 2026")
                .setMessage("Din influensavaccination kan bokas nu.")
                .setSealedLink(NotifierSeal.forSealing(InfrastructureTestResource.endpoints().secrets().notifierPublicKeyset())
                        .sealLink("https://vaxline.example/o/" + id.replace("-", ""), id)).build();
    }

    /** The link booking-api sealed into the invitation, which the notifier opens and sends. */
    static String linkOf(OutreachInvitationIssued invitation) {
        return "https://vaxline.example/o/" + invitation.getInvitationId().replace("-", "");
    }
}
