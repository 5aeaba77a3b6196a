package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.booking.vaccinations.VaccinationReports;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Staff correct a dose their clinic reported: VaccinationCorrected of the latest event, once, with the reason; bad input named. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DoseCorrectionTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static String admin;
    private String clinicId;
    private String staff;

    @BeforeEach
    void clinic() {
        if (admin == null) {
            admin = People.adminToken();
        }
        clinicId = "dc-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"clinicId": "%s", "name": "Clinic %s", "address": "Main St 1", "latitude": 59.3, "longitude": 18.0,
                 "timeZone": "Europe/Stockholm", "services": ["covid-19"]}""".formatted(clinicId, clinicId))
                .post("/admin/clinics").then().statusCode(201);
        staff = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"Nurse\"}")
                .post("/admin/clinics/" + clinicId + "/staff-tokens").then().statusCode(200).extract().path("token");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/clinics/" + clinicId + "/slots?date=" + LocalDate.now()).then().statusCode(200));
    }

    @Test
    void aCorrectionCorrectsTheLatestEventOnceWithItsReason() throws Exception {
        String personId = person();
        String yesterday = LocalDate.now().minusDays(1).toString();
        given().auth().oauth2(staff).contentType("text/csv").body("person_id,administered_at,vaccine_type,product,manufacturer,"
                + "lot,dose_number,series_doses,vaccinator\n" + personId + "," + yesterday
                + "T09:05,J07BX03,EU/1/20/1528,ORG-100030215,LOT-WRONG,1,2,nurse-1\n")
                .post("/clinics/" + clinicId + "/vaccinations").then().statusCode(200).body("published", equalTo(1));
        String reported = VaccinationReports.doseEventId(clinicId, personId, "840539006", 1);

        String first = correct(body(personId, "LOT-RIGHT", "lot mistyped", yesterday)).statusCode(200)
                .body("status", equalTo("published")).body("correctsEventId", equalTo(reported)).extract().path("eventId");
        correct(body(personId, "LOT-RIGHT", "lot mistyped", yesterday)).statusCode(200)
                .body("status", equalTo("already")).body("eventId", equalTo(first));
        String second = correct(body(personId, "LOT-RIGHT-2", "still wrong", yesterday)).statusCode(200)
                .body("status", equalTo("published")).body("correctsEventId", equalTo(first)).extract().path("eventId");

        VaccinationCorrected fix = kafka.await(Topics.VACCINATIONS, VaccinationCorrected.class,
                e -> e.getEventId().equals(first), Duration.ofSeconds(30));
        assertThat(fix.getCorrectsEventId()).isEqualTo(reported);
        assertThat(fix.getLot()).isEqualTo("LOT-RIGHT");
        assertThat(fix.getReason()).isEqualTo("lot mistyped");
        assertThat(fix.getClinicId()).isEqualTo(clinicId);
        assertThat(fix.getCountry()).isEqualTo("SE");
        assertThat(kafka.await(Topics.VACCINATIONS, VaccinationCorrected.class, e -> e.getEventId().equals(second),
                Duration.ofSeconds(30)).getCorrectsEventId()).isEqualTo(first);
    }

    @Test
    void badCorrectionsAreRefusedNamingTheField() throws Exception {
        String personId = person();
        given().auth().oauth2(staff).contentType(ContentType.JSON).body("""
                {"personId": "%s", "correctsDoseNumber": 0, "vaccineType": "J07BX03", "product": "EU/1/20/1528",
                 "manufacturer": "ORG-100030215", "lot": "", "doseNumber": 1, "seriesDoses": 2,
                 "administeredAt": "2026-01-01T09:00:00+01:00", "vaccinator": "n", "reason": ""}""".formatted(personId))
                .post("/clinics/" + clinicId + "/vaccinations/corrections").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("correctsDoseNumber", "lot", "reason"));
        correct(body(personId, "LOT-1", "why", LocalDate.now().minusDays(1).toString()).replace("EU/1/20/1528", "MadeUpVax"))
                .statusCode(422).body("errors[0].field", equalTo("product"));
        correct(body(personId, "LOT-1", "never reported", LocalDate.now().minusDays(1).toString())).statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("reported no dose 1"));
        given().auth().oauth2(People.login(kafka, People.newPhone())).contentType(ContentType.JSON)
                .body(body(personId, "LOT-1", "why", "2026-01-01")).post("/clinics/" + clinicId + "/vaccinations/corrections")
                .then().statusCode(403);
    }

    private io.restassured.response.ValidatableResponse correct(String body) {
        return given().auth().oauth2(staff).contentType(ContentType.JSON).body(body)
                .post("/clinics/" + clinicId + "/vaccinations/corrections").then();
    }

    private static String body(String personId, String lot, String reason, String day) {
        return """
                {"personId": "%s", "correctsDoseNumber": 1, "vaccineType": "J07BX03", "product": "EU/1/20/1528",
                 "manufacturer": "ORG-100030215", "lot": "%s", "doseNumber": 1, "seriesDoses": 2,
                 "administeredAt": "%sT09:05:00+01:00", "vaccinator": "nurse-1", "reason": "%s"}""".formatted(personId, lot, day, reason);
    }

    private String person() throws Exception {
        String household = "h-" + clinicId;
        String personId = "p-" + clinicId;
        Db.update("INSERT INTO household VALUES ('" + household + "', '" + household + "', now())");
        Db.update("INSERT INTO person (person_id, household_id, name, birth_year, conditions, language, created_at) "
                + "VALUES ('" + personId + "', '" + household + "', 'Person " + clinicId + "', 1980, '', 'en', now())");
        return personId;
    }
}
