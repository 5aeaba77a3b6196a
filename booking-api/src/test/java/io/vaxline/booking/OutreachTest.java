package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.booking.outreach.OutreachReports;
import io.vaxline.booking.outreach.PatientData;
import io.vaxline.booking.outreach.PersonalData;
import io.vaxline.booking.platform.security.KeyedHashes;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.InvitationAcknowledged;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.events.OutreachReportReady;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A programme team's outreach end to end, against the real broker and PostgreSQL: upload a patient
 * list (bad rows named, the same list again adds nobody, personal fields unreadable without the
 * key), preview a cohort and its cost, launch, follow the link, answer the form, delivery outcomes,
 * the funnel, the report of non-responders and a follow-up wave.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OutreachTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final String HEADER = "patient_ref,given_name,family_name,birth_date,phone,email,postcode,conditions,language\n";
    private static String admin;

    @Inject
    PersonalData personalData;

    @Inject
    KeyedHashes hashes;

    @Inject
    OutreachReports reports;

    /** A postcode area of this test's own, so other tests' patients never fall in its cohorts. */
    private String area;

    @BeforeEach
    void setUp() {
        if (admin == null) {
            admin = People.adminToken();
        }
        area = "T" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36).toUpperCase();
    }

    private String list() {
        int year = LocalDate.now().getYear();
        return HEADER
                + area + "-1,Astrid,Lind," + (year - 70) + "-03-01,+46701110001,astrid@example.org," + area + "1 23,chronic-lung-disease,sv\n"
                + area + "-2,Bo,Ek," + (year - 65) + "-05-20,+46701110002,," + area + "45,chronic-lung-disease;diabetes,\n"
                + area + "-3,Cecilia,Berg," + (year - 40) + "-01-02,,cecilia@example.org," + area + "67,asthma,en\n"
                + area + "-4,=cmd,Holm," + (year - 80) + "-07-07,+46701110004,dag@example.org," + area + "89,chronic-lung-disease,\n"
                + area + "-5,Eva,Falk," + (year - 30) + "-09-09,+46701110005,,OTHER1,chronic-lung-disease,\n"
                + area + "-6,Finn,Gran," + (year - 55) + "-11-11,+46701110006,," + area + "00,,\n"
                + area + "-7,Gun,Hed,1950-02-30,+46701110007,,," + ",\n"
                + area + "-8,Hans,,1960-01-01,0701234,,," + "made-up-condition,\n"
                + ",Ida,,1960-01-01,,,,,\n";
    }

    private Map<String, Object> upload(String csv) {
        return given().auth().oauth2(admin).contentType("text/csv").body(csv).queryParam("name", "flu 2026 " + area)
                .post("/admin/outreach/patient-lists").then().statusCode(200).extract().as(Map.class);
    }

    @Test
    void uploadNamesBadRowsAndTheSameListAgainAddsNobodyAndNothingIsReadableWithoutTheKey() throws Exception {
        Map<String, Object> first = upload(list());
        assertThat(first).containsEntry("rowsRead", 9).containsEntry("added", 6).containsEntry("rejected", 3)
                .containsEntry("status", "DONE");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) first.get("errors");
        assertThat(errors.stream().map(e -> e.get("row") + ":" + e.get("field")).toList())
                .containsExactlyInAnyOrder("8:birth_date", "9:phone", "9:conditions", "10:patient_ref", "10:phone");
        assertThat(errors).filteredOn(e -> e.get("field").equals("conditions")).first()
                .satisfies(e -> assertThat((String) e.get("message")).contains("'made-up-condition' is not a known condition"));

        Map<String, Object> again = upload(list());
        assertThat(again).containsEntry("added", 0).containsEntry("updated", 0).containsEntry("unchanged", 6)
                .containsEntry("rejected", 3);
        Map<String, Object> changed = upload(list().replace("Astrid,Lind", "Astrid,Lind-Berg"));
        assertThat(changed).containsEntry("added", 0).containsEntry("updated", 1).containsEntry("unchanged", 5);
        given().auth().oauth2(admin).get("/admin/outreach/patient-lists/" + changed.get("uploadId")).then().statusCode(200)
                .body("status", equalTo("DONE")).body("rowsRead", equalTo(9)).body("errors.size()", equalTo(5));

        String ref = area + "-1";
        String refHash = hashes.of("patient-ref", ref);
        List<List<String>> stored = Db.rows("SELECT patient_id, encode(sealed, 'escape'), ref_hash, content_hash, "
                + "coalesce(household_id, '') FROM patient WHERE ref_hash = '" + refHash + "'");
        assertThat(stored).hasSize(1);
        String everything = String.join("|", Db.rows("SELECT p::text FROM patient p WHERE ref_hash = '" + refHash + "'").get(0));
        for (String personal : List.of("Astrid", "Lind", "+46701110001", "46701110001", "astrid@example.org", area + "123",
                "chronic-lung-disease", ref)) {
            assertThat(everything).as("the database row holds no personal field in clear").doesNotContain(personal);
        }
        byte[] sealed = HexFormat.of().parseHex(Db.rows("SELECT encode(sealed, 'hex') FROM patient WHERE ref_hash = '"
                + refHash + "'").get(0).get(0));
        String patientId = stored.get(0).get(0);
        PatientData opened = personalData.open(patientId, sealed, PatientData.class);
        assertThat(opened.familyName()).isEqualTo("Lind-Berg");
        assertThat(opened.phone()).isEqualTo("+46701110001");
        assertThat(opened.conditions()).containsExactly("chronic-lung-disease");

        AeadConfig.register();
        Aead otherKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        assertThatThrownBy(() -> otherKey.decrypt(sealed, patientId.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> personalData.open(UUID.randomUUID().toString(), sealed, PatientData.class))
                .as("a sealed value moved to another row does not open").hasMessageContaining("does not open");
    }

    @Test
    void aFileWithoutTheColumnsIsRefusedNamingThem() {
        given().auth().oauth2(admin).contentType("text/csv").body("name,phone\nA,+46701234567\n")
                .post("/admin/outreach/patient-lists").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("file")).body("errors[0].message", containsString("patient_ref"))
                .body("errors[0].message", containsString("birth_date"));
        given().contentType("text/csv").body(list()).post("/admin/outreach/patient-lists").then().statusCode(401);
    }

    @Test
    void aCampaignFromPreviewToFollowUp() throws Exception {
        upload(list());
        String criteria = """
                {"conditions": ["chronic-lung-disease"], "minAge": 60, "maxAge": 90, "postcodePrefixes": ["%s"]}""".formatted(area);
        // Astrid (70, SMS + e-mail), Bo (65, SMS), the one called =cmd (80, SMS + e-mail); not Eva (30, elsewhere),
        // not Cecilia (asthma), not Finn (no condition).
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(criteria).post("/admin/outreach/cohort-preview")
                .then().statusCode(200).body("people", equalTo(3)).body("sms", equalTo(3)).body("emails", equalTo(2))
                .body("cost.sms", equalTo(0.15f)).body("cost.email", equalTo(0.0f)).body("cost.total", equalTo(0.15f))
                .body("cost.currency", equalTo("EUR"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"conditions\": [\"gout\"]}")
                .post("/admin/outreach/cohort-preview").then().statusCode(422).body("errors[0].field", equalTo("criteria.conditions"));

        String form = """
                [{"name": "transport", "label": "Do you need transport?", "kind": "YES_NO", "required": true},
                 {"name": "days", "label": "Which days suit you?", "kind": "MULTIPLE_CHOICE", "options": ["Mon", "Tue", "Wed"]},
                 {"name": "note", "label": "Anything else?", "kind": "TEXT"}]""";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"name": "x", "message": "m", "form": [{"name": "c", "label": "C", "kind": "SINGLE_CHOICE", "options": ["only"]}]}""")
                .post("/admin/outreach/campaigns").then().statusCode(422).body("errors[0].field", equalTo("form[0].options"));
        String campaignId = given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"name": "Flu %s", "message": "Your flu vaccination is ready to book.", "criteria": %s, "form": %s}"""
                .formatted(area, criteria, form)).post("/admin/outreach/campaigns").then().statusCode(201)
                .body("campaign.status", equalTo("DRAFT")).body("cohort.people", equalTo(3))
                .extract().path("campaign.campaignId");

        Instant launched = Instant.now().minusSeconds(1);
        given().auth().oauth2(admin).post("/admin/outreach/campaigns/" + campaignId + "/launch").then().statusCode(202);
        given().auth().oauth2(admin).post("/admin/outreach/campaigns/" + campaignId + "/launch").then().statusCode(409);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId).then().statusCode(200)
                        .body("status", equalTo("LAUNCHED")).body("progress.invited", equalTo(3)).body("progress.queued", equalTo(3)));

        List<OutreachInvitationIssued> invitations = kafka.readUntil(Topics.NOTIFICATION_REQUESTS,
                read -> ofCampaign(read, campaignId, 1).size() >= 3, Duration.ofSeconds(30)).stream()
                .filter(r -> r.value() instanceof OutreachInvitationIssued i && i.getCampaignId().equals(campaignId))
                .map(r -> (OutreachInvitationIssued) r.value()).toList();
        assertThat(invitations).hasSize(3);
        assertThat(invitations.stream().map(OutreachInvitationIssued::getPhone).toList())
                .containsExactlyInAnyOrder("+46701110001", "+46701110002", "+46701110004");
        assertThat(invitations.stream().map(i -> i.getEmail() == null ? "-" : i.getEmail()).toList())
                .containsExactlyInAnyOrder("astrid@example.org", "-", "dag@example.org");
        assertThat(invitations).as("the links are sealed for the notifier, not in clear").allSatisfy(i -> {
            assertThat(i.getLink()).isNull();
            assertThat(i.getSealedLink()).isNotNull();
        });
        List<String> tokens = invitations.stream().map(OutreachTest::link).map(l -> l.substring(l.lastIndexOf('/') + 1)).toList();
        assertThat(tokens).doesNotHaveDuplicates().allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]{43}"));
        assertThat(tokens).as("no topic carries a link token in clear")
                .allSatisfy(t -> assertThat(TopicScan.recordsContainingText(t)).isEmpty());
        assertThat(Db.rows("SELECT count(*) FROM invitation WHERE token_hash IN ('" + String.join("','", tokens) + "')"))
                .as("the tokens themselves are not stored").containsExactly(List.of("0"));

        OutreachInvitationIssued astrid = invitations.stream().filter(i -> "+46701110001".equals(i.getPhone())).findFirst().orElseThrow();
        String token = link(astrid).substring(link(astrid).lastIndexOf('/') + 1);
        given().accept(ContentType.HTML).get("/o/" + token).then().statusCode(200)
                .body(containsString("Flu " + area)).body(containsString("Hello Astrid")).body(containsString("Do you need transport?"));
        given().accept(ContentType.JSON).get("/o/" + token).then().statusCode(200).body("answered", equalTo(false));
        // A token one character off (the first: the last one's low bits are padding a decoder may ignore).
        String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        given().accept(ContentType.JSON).get("/o/" + tampered).then().statusCode(404);
        given().accept(ContentType.JSON).get("/o/short").then().statusCode(404);
        assertThat(Db.rows("SELECT clicks FROM invitation WHERE invitation_id = '" + astrid.getInvitationId() + "'"))
                .containsExactly(List.of("2"));
        List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> acks = kafka.readUntil(Topics.OUTREACH,
                read -> read.stream().anyMatch(r -> r.key().equals(astrid.getInvitationId())), Duration.ofSeconds(30));
        Thread.sleep(500);
        acks = kafka.readToEnd(Topics.OUTREACH);
        assertThat(acks.stream().filter(r -> r.key().equals(astrid.getInvitationId())).toList()).hasSize(1)
                .allSatisfy(r -> assertThat(((InvitationAcknowledged) r.value()).getCampaignId()).isEqualTo(campaignId));

        given().contentType(ContentType.JSON).body("{\"transport\": \"maybe\"}").post("/o/" + token).then().statusCode(422)
                .body("errors[0].field", equalTo("transport"));
        given().contentType(ContentType.JSON).body("{\"days\": [\"Mon\"]}").post("/o/" + token).then().statusCode(422)
                .body("errors[0].field", equalTo("transport")).body("errors[0].message", containsString("required"));
        given().contentType(ContentType.JSON).body("{\"transport\": \"yes\", \"days\": [\"Mon\", \"Wed\"], \"colour\": \"red\"}")
                .post("/o/" + token).then().statusCode(422).body("errors[0].field", equalTo("colour"));
        given().contentType(ContentType.URLENC).formParam("transport", "no").formParam("days", "Tue")
                .formParam("days", "Wed").formParam("note", "=HYPERLINK(\"x\")").post("/o/" + token).then().statusCode(200)
                .body(containsString("your answers are saved"));
        String answers = given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId + "/answers.csv").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(answers.lines().toList()).containsExactly(
                "patient_ref,given_name,family_name,answered_at,transport,days,note",
                answers.lines().toList().get(1));
        assertThat(answers).contains(area + "-1,Astrid,Lind,").contains(",no,Tue;Wed,\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Db.rows("SELECT encode(answers, 'escape') FROM form_answer WHERE invitation_id = '"
                + astrid.getInvitationId() + "'").get(0).get(0)).doesNotContain("Tue");

        // Delivery outcomes, as the notifier audits them.
        OutreachInvitationIssued bo = invitations.stream().filter(i -> "+46701110002".equals(i.getPhone())).findFirst().orElseThrow();
        OutreachInvitationIssued third = invitations.stream().filter(i -> "+46701110004".equals(i.getPhone())).findFirst().orElseThrow();
        kafka.send(Topics.NOTIFICATIONS, astrid.getEventId(), sent(astrid, "sms"));
        kafka.send(Topics.NOTIFICATIONS, astrid.getEventId(), sent(astrid, "email"));
        kafka.send(Topics.NOTIFICATIONS, bo.getEventId(), failed(bo, "sms", true));
        kafka.send(Topics.NOTIFICATIONS, bo.getEventId(), failed(bo, "sms", false));
        kafka.send(Topics.NOTIFICATIONS, third.getEventId(), failed(third, "sms", false));
        kafka.send(Topics.NOTIFICATIONS, third.getEventId(), sent(third, "email"));
        // Astrid's household books through the ordinary flow after being invited.
        String householdId = hashes.household("+46701110001");
        Db.update("INSERT INTO household VALUES ('" + householdId + "', '+46701110001', now()) ON CONFLICT DO NOTHING");
        String personId = "p-" + area;
        Db.update("INSERT INTO person (person_id, household_id, name, birth_year, language, created_at) VALUES ('"
                + personId + "', '" + householdId + "', 'Astrid Lind', 1956, 'sv', now())");
        Db.update("INSERT INTO appointment (appointment_id, person_id, clinic_id, service, slot_start, dose_number, status, "
                + "updated_at) VALUES ('a-" + area + "', '" + personId + "', 'c1', 'influenza', now() + interval '2 days', 1, "
                + "'BOOKED', now())");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId + "/funnel").then().statusCode(200)
                        .body("invited", equalTo(3)).body("sent", equalTo(2)).body("failed", equalTo(1))
                        .body("acknowledged", equalTo(1)).body("booked", equalTo(1)).body("answered", equalTo(1))
                        .body("clicks", equalTo(2)));
        assertThat(Db.rows("SELECT sms_status, email_status FROM invitation WHERE invitation_id = '" + third.getInvitationId() + "'"))
                .containsExactly(List.of("FAILED", "SENT"));

        String followed = given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId + "/acknowledged.csv")
                .then().statusCode(200).extract().asString();
        assertThat(followed.lines().skip(1).toList()).hasSize(1).first().asString()
                .startsWith(area + "-1,Astrid,Lind,+46701110001,astrid@example.org,1,");

        // The weekly report: one per campaign and week, however often the schedule fires; announced to the team.
        Instant monday = Instant.now();
        List<OutreachReports.Report> weekly = reports.weekly(monday).await().atMost(Duration.ofSeconds(30));
        assertThat(weekly).filteredOn(r -> r.campaignId().equals(campaignId)).singleElement()
                .satisfies(r -> assertThat(r.notResponded()).isEqualTo(2));
        assertThat(reports.weekly(monday).await().atMost(Duration.ofSeconds(30))).noneMatch(r -> r.campaignId().equals(campaignId));
        String reportId = weekly.stream().filter(r -> r.campaignId().equals(campaignId)).findFirst().orElseThrow().reportId();
        OutreachReportReady announced = kafka.await(Topics.NOTIFICATION_REQUESTS, OutreachReportReady.class,
                r -> r.getEventId().equals(reportId), Duration.ofSeconds(30));
        assertThat(announced.getRecipients()).containsExactly("programme@vaxline.test", "analyst@vaxline.test");
        assertThat(announced.getNotResponded()).isEqualTo(2);
        assertThat(announced.getDownloadUrl()).endsWith(campaignId + "/reports/" + reportId + ".csv");
        String csv = given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId + "/reports/" + reportId + ".csv")
                .then().statusCode(200).extract().asString();
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv).contains(area + "-2,Bo,Ek,+46701110002,,1,").contains(area + "-4,'=cmd,Holm,+46701110004,dag@example.org,1,")
                .doesNotContain("Astrid");
        given().auth().oauth2(admin).post("/admin/outreach/campaigns/" + campaignId + "/reports").then().statusCode(201)
                .body("notResponded", equalTo(2));
        given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId + "/reports/" + UUID.randomUUID() + ".csv")
                .then().statusCode(404);

        // A follow-up wave to the two who did not respond, with new links.
        given().auth().oauth2(admin).post("/admin/outreach/campaigns/" + campaignId + "/follow-up").then().statusCode(202)
                .body("waves", equalTo(2));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId).then()
                        .body("status", equalTo("LAUNCHED")).body("progress.queued", equalTo(5)));
        List<OutreachInvitationIssued> secondWave = ofCampaign(kafka.readUntil(Topics.NOTIFICATION_REQUESTS,
                read -> ofCampaign(read, campaignId, 2).size() >= 2, Duration.ofSeconds(30)), campaignId, 2);
        assertThat(secondWave.stream().map(OutreachInvitationIssued::getPhone).toList())
                .containsExactlyInAnyOrder("+46701110002", "+46701110004");
        assertThat(secondWave.stream().map(OutreachTest::link).toList()).doesNotContainAnyElementsOf(
                invitations.stream().map(OutreachTest::link).toList());
        given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId + "/funnel").then()
                .body("invited", equalTo(3));
        assertThat(launched).isBefore(Instant.now());
    }

    @Test
    void aWaveWhoseRunnerStoppedIsTakenUpAgain() throws Exception {
        upload(list());
        String campaignId = given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"name": "Crash %s", "message": "m", "criteria": {"conditions": ["chronic-lung-disease"], "minAge": 60,
                 "postcodePrefixes": ["%s"]}}""".formatted(area, area)).post("/admin/outreach/campaigns").then().statusCode(201)
                .extract().path("campaign.campaignId");
        // As a launch leaves it when its instance dies before inviting anybody: LAUNCHING, heartbeat long stopped.
        Db.update("UPDATE campaign SET status = 'LAUNCHING', waves = 1, launched_at = now(), "
                + "wave_heartbeat = now() - interval '1 hour' WHERE campaign_id = '" + campaignId + "'");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(admin).get("/admin/outreach/campaigns/" + campaignId).then()
                        .body("status", equalTo("LAUNCHED")).body("progress.invited", equalTo(3)).body("progress.queued", equalTo(3)));
        assertThat(ofCampaign(kafka.readToEnd(Topics.NOTIFICATION_REQUESTS), campaignId, 1)).hasSize(3);
    }

    @Test
    void onlyAdministratorsRunOutreach() {
        String phone = People.newPhone();
        String person = People.login(kafka, phone);
        given().auth().oauth2(person).contentType(ContentType.JSON).body("{}").post("/admin/outreach/cohort-preview")
                .then().statusCode(403);
        given().auth().oauth2(person).get("/admin/outreach/campaigns").then().statusCode(403);
    }

    private static List<OutreachInvitationIssued> ofCampaign(
            List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> read, String campaignId, int wave) {
        return read.stream().map(ConsumerRecord::value)
                .filter(v -> v instanceof OutreachInvitationIssued i && i.getCampaignId().equals(campaignId) && i.getWave() == wave)
                .map(OutreachInvitationIssued.class::cast).collect(Collectors.toList());
    }

    private static NotificationSent sent(OutreachInvitationIssued invitation, String channel) {
        return NotificationSent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setSourceEventId(invitation.getEventId()).setChannel(channel).setKind("outreach-invitation")
                .setProviderMessageId("m-1").setAttempt(1).build();
    }

    private static NotificationFailed failed(OutreachInvitationIssued invitation, String channel, boolean willRetry) {
        return NotificationFailed.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setSourceEventId(invitation.getEventId()).setChannel(channel).setKind("outreach-invitation")
                .setReason("provider said no").setAttempt(willRetry ? 1 : 2).setWillRetry(willRetry).build();
    }

    private static String link(OutreachInvitationIssued invitation) {
        return People.notifierKey().openLink(invitation.getSealedLink(), invitation.getInvitationId());
    }
}
