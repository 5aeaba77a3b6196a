package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.CapacityWithdrawn;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.StockAdjusted;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Administrators and clinic staff: who may do what, and the events their changes become. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ClinicAdminTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static String admin;

    /** RestAssured only knows the test port once a test runs. */
    @BeforeEach
    void logInAsAdministrator() {
        if (admin == null) {
            admin = People.adminToken();
        }
    }

    @Test
    void administratorsLogInWithTheApiKeyOnly() {
        People.from(People.newAddress()).body("{\"apiKey\": \"wrong\"}").post("/admin/login").then().statusCode(401);
        given().contentType(ContentType.JSON).body(clinic("nobody-" + UUID.randomUUID().toString().substring(0, 8)))
                .post("/admin/clinics").then().statusCode(401);
        String person = People.login(kafka, newPhone());
        given().auth().oauth2(person).contentType(ContentType.JSON).body(clinic("person-clinic"))
                .post("/admin/clinics").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void registeringAndChangingAClinicPublishesItsEvents() {
        String clinicId = newClinic();
        kafka.await(Topics.CLINICS, ClinicRegistered.class, c -> c.getClinicId().equals(clinicId), Duration.ofSeconds(30));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                        {"name": "Renamed", "address": "Main St 2", "latitude": 59.3, "longitude": 18.0,
                         "timeZone": "Europe/Stockholm", "services": ["covid-19"], "active": false}""")
                .put("/admin/clinics/" + clinicId).then().statusCode(200);
        ClinicUpdated updated = kafka.await(Topics.CLINICS, ClinicUpdated.class, c -> c.getClinicId().equals(clinicId),
                Duration.ofSeconds(30));
        assertThat(updated.getName()).isEqualTo("Renamed");
        assertThat(updated.getActive()).isFalse();
    }

    @Test
    void clinicStaffManageTheirOwnClinicOnly() {
        String own = newClinic();
        String other = newClinic();
        String staff = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"Nurse Joy\"}")
                .post("/admin/clinics/" + own + "/staff-tokens").then().statusCode(200).extract().path("token");

        given().auth().oauth2(staff).contentType(ContentType.JSON).body(session("morning"))
                .post("/admin/clinics/" + own + "/sessions").then().statusCode(201);
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(session("morning"))
                .post("/admin/clinics/" + other + "/sessions").then().statusCode(403);
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(clinic("staff-made"))
                .post("/admin/clinics").then().statusCode(403);

        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"service\": \"covid-19\", \"delta\": 120, \"reason\": \"delivery\"}")
                .post("/admin/clinics/" + own + "/stock").then().statusCode(202);
        given().auth().oauth2(staff).delete("/admin/clinics/" + own + "/sessions/morning?reason=ill").then().statusCode(202);

        assertThat(kafka.await(Topics.CLINIC_CAPACITY, CapacityPublished.class, c -> c.getClinicId().equals(own),
                Duration.ofSeconds(30)).getSeatsPerSlot()).isEqualTo(2);
        assertThat(kafka.await(Topics.CLINIC_CAPACITY, StockAdjusted.class, c -> c.getClinicId().equals(own),
                Duration.ofSeconds(30)).getDelta()).isEqualTo(120);
        assertThat(kafka.await(Topics.CLINIC_CAPACITY, CapacityWithdrawn.class, c -> c.getClinicId().equals(own),
                Duration.ofSeconds(30)).getReason()).isEqualTo("ill");
    }

    @Test
    void aSessionWithImpossibleTimesIsRefusedNamingTheFields() {
        String clinicId = newClinic();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                        {"service": "covid-19", "date": "2099-05-01", "startTime": "10:00", "endTime": "09:00",
                         "slotMinutes": 15, "seatsPerSlot": 2, "reservedSeatsPerSlot": 3}""")
                .post("/admin/clinics/" + clinicId + "/sessions").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("endTime", "reservedSeatsPerSlot"));
    }

    @Test
    void theRosterListsTheDaysAppointmentsForTheClinicsStaffAsJsonAndCsv() throws Exception {
        String clinicId = newClinic();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/clinics/" + clinicId + "/slots?date=" + LocalDate.now()).then().statusCode(200));
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(2);
        Instant ten = day.atTime(10, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant();
        Db.update("INSERT INTO household VALUES ('roster-" + clinicId + "', '+46700000000', now())");
        Db.update("INSERT INTO person (person_id, household_id, name, birth_year, conditions, language, created_at) "
                + "VALUES ('p-" + clinicId + "', 'roster-" + clinicId + "', '=Ada \"The\" Countess', 1980, '', 'en', now())");
        Db.update("INSERT INTO appointment VALUES ('a-" + clinicId + "', 'p-" + clinicId + "', '" + clinicId
                + "', 'covid-19', '" + ten + "', null, 'Europe/Stockholm', 1, 'K7M3-Q9XD', 'BOOKED', now())");
        String staff = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"Reception\"}")
                .post("/admin/clinics/" + clinicId + "/staff-tokens").then().statusCode(200).extract().path("token");

        given().auth().oauth2(staff).accept(ContentType.JSON).get("/clinics/" + clinicId + "/roster?date=" + day)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].time", equalTo("10:00"))
                .body("[0].confirmationCode", equalTo("K7M3-Q9XD"));
        String csv = given().auth().oauth2(staff).accept("text/csv").get("/clinics/" + clinicId + "/roster?date=" + day)
                .then().statusCode(200).extract().asString();
        assertThat(csv).isEqualTo("time,appointment_id,confirmation_code,person_id,name,birth_year,service,dose,attended\n"
                + "10:00,a-" + clinicId + ",K7M3-Q9XD,p-" + clinicId + ",\"'=Ada \"\"The\"\" Countess\",1980,covid-19,1,no\n");

        String otherStaff = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"Elsewhere\"}")
                .post("/admin/clinics/" + newClinic() + "/staff-tokens").then().statusCode(200).extract().path("token");
        given().auth().oauth2(otherStaff).get("/clinics/" + clinicId + "/roster?date=" + day).then().statusCode(403);
    }

    private static String newClinic() {
        String clinicId = "adm-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(clinic(clinicId))
                .post("/admin/clinics").then().statusCode(201).body("clinicId", equalTo(clinicId));
        return clinicId;
    }

    private static String clinic(String clinicId) {
        return """
                {"clinicId": "%s", "name": "Clinic %s", "address": "Main St 1", "latitude": 59.3, "longitude": 18.0,
                 "timeZone": "Europe/Stockholm", "services": ["covid-19"]}""".formatted(clinicId, clinicId);
    }

    private static String session(String sessionId) {
        return """
                {"sessionId": "%s", "service": "covid-19", "date": "%s", "startTime": "09:00", "endTime": "12:00",
                 "slotMinutes": 15, "seatsPerSlot": 2}""".formatted(sessionId, LocalDate.now().plusDays(3));
    }
}
