package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AdminActionPerformed;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Administrators log in with their own keys, and what they change is recorded on admin-audit under their name. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AdminAuditTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void anAdministratorsOwnKeyNamesThemInTheTokenAndInTheAuditOfTheirLoginAndChanges() {
        String token = People.from(People.newAddress()).body("{\"apiKey\": \"alice-own-key-0123456789\"}")
                .post("/admin/login").then().statusCode(200).extract().path("token");
        assertThat(subjectOf(token)).isEqualTo("admin:auditor-alice");

        String clinicId = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"clinicId": "%s", "name": "Audited", "address": "Main St 1", "latitude": 59.3, "longitude": 18.0,
                 "timeZone": "Europe/Stockholm", "services": ["covid-19"]}""".formatted(clinicId))
                .post("/admin/clinics").then().statusCode(201);
        given().auth().oauth2(token).get("/admin/clinics/" + clinicId + "/sessions").then()
                .statusCode(org.hamcrest.Matchers.lessThan(500));
        int refused = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\": \"\"}")
                .post("/admin/clinics").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400)).extract().statusCode();

        List<AdminActionPerformed> alices = kafka.readUntil(Topics.ADMIN_AUDIT,
                read -> actionsOf(read).stream().filter(a -> a.getAction().equals("POST /admin/clinics")).count() >= 2,
                Duration.ofSeconds(30)).stream().filter(r -> "auditor-alice".equals(r.key()))
                .map(r -> (AdminActionPerformed) r.value()).toList();
        assertThat(alices).extracting(AdminActionPerformed::getAction)
                .contains("login", "POST /admin/clinics").doesNotContain("GET /admin/clinics/" + clinicId + "/sessions");
        assertThat(alices).filteredOn(a -> a.getAction().equals("POST /admin/clinics"))
                .extracting(AdminActionPerformed::getStatus).contains(201, refused);
        assertThat(alices).allSatisfy(a -> assertThat(a.getAdministrator()).isEqualTo("auditor-alice"));
    }

    @Test
    void theLocalStacksKeyIsTheAdministratorNamedAdminAndAWrongKeyIsRefused() {
        assertThat(subjectOf(People.adminToken())).isEqualTo("admin:admin");
        People.from(People.newAddress()).body("{\"apiKey\": \"alice-own-key-012345678\"}").post("/admin/login")
                .then().statusCode(401);
    }

    private static List<AdminActionPerformed> actionsOf(List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> read) {
        return read.stream().filter(r -> "auditor-alice".equals(r.key())).map(r -> (AdminActionPerformed) r.value()).toList();
    }

    private static String subjectOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"sub\":\"([^\"]*)\".*", "$1");
    }
}
