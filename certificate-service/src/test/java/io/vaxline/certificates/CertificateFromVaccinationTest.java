package io.vaxline.certificates;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.certificates.messaging.VaccinationConsumer;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class CertificateFromVaccinationTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void aReportedDoseBecomesACertificateWithAnIdDerivedFromTheEvent() {
        VaccinationAdministered dose = dose("person-" + UUID.randomUUID());
        kafka.send(Topics.VACCINATIONS, dose.getPersonId(), dose);

        String certificateId = VaccinationConsumer.certificateId(dose.getEventId());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/certificates/" + certificateId).then().statusCode(200)
                        .body("personId", equalTo(dose.getPersonId()))
                        .body("vaccinationEventId", equalTo(dose.getEventId()))
                        .body("doseNumber", equalTo(1))
                        .body("status", equalTo("VALID")));
    }

    @Test
    void theSameEventTwiceMakesOneCertificate() throws Exception {
        VaccinationAdministered dose = dose("person-" + UUID.randomUUID());
        kafka.send(Topics.VACCINATIONS, dose.getPersonId(), dose);
        kafka.send(Topics.VACCINATIONS, dose.getPersonId(), dose);
        VaccinationAdministered later = dose(dose.getPersonId());
        kafka.send(Topics.VACCINATIONS, later.getPersonId(), later);

        String laterId = VaccinationConsumer.certificateId(later.getEventId());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/certificates/" + laterId).then().statusCode(200));
        assertThat(certificatesOf(dose.getPersonId())).isEqualTo(2);
    }

    @Test
    void anUnreadableRecordIsParkedAndTheNextIsStillApplied() {
        kafka.sendRaw(Topics.VACCINATIONS.name(), "poison", "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8));
        kafka.readRawUntil(Topics.VACCINATIONS.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> "poison".equals(r.key())), Duration.ofSeconds(60));
        aReportedDoseBecomesACertificateWithAnIdDerivedFromTheEvent();
    }

    @Test
    void anUnknownCertificateIs404() {
        given().when().get("/certificates/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static int certificatesOf(String personId) throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM certificate WHERE person_id = ?")) {
            s.setString(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static VaccinationAdministered dose(String personId) {
        return VaccinationAdministered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setClinicId("clinic-1").setTargetDisease("840539006").setVaccineType("J07BX03")
                .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-42").setDoseNumber(1)
                .setSeriesDoses(2).setAdministeredAt(Instant.parse("2030-03-04T09:10:00Z")).setCountry("SE")
                .setVaccinator("vacc-7").build();
    }
}
