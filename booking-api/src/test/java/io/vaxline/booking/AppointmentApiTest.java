package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AppointmentApiTest {

    private static TopicClient kafka;
    private static SchedulerStandIn scheduler;

    @BeforeAll
    static void start() {
        kafka = new TopicClient(InfrastructureTestResource.endpoints());
        scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        scheduler.close();
        kafka.close();
    }

    @Test
    void publishesTheCommandAndAnswers201WithTheAppointment() {
        String requestId = "req-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("Idempotency-Key", requestId).body(booking("clinic-a"))
                .when().post("/appointments")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("status", equalTo("BOOKED"))
                .body("requestId", equalTo(requestId))
                .body("confirmationCode", equalTo("ABCD-EFGH"))
                .body("timeZone", equalTo("Europe/Stockholm"));

        BookAppointment command = kafka.await(Topics.BOOKING_COMMANDS, BookAppointment.class,
                c -> c.getRequestId().equals(requestId), Duration.ofSeconds(30));
        assertThat(command.getClinicId()).isEqualTo("clinic-a");
        PersonRegistered person = kafka.await(Topics.PEOPLE, PersonRegistered.class,
                p -> p.getPersonId().equals(command.getPersonId()), Duration.ofSeconds(30));
        assertThat(person.getPhone()).isEqualTo("+46701234567");
    }

    @Test
    void answers409WithTheReasonWhenTheSchedulerRejects() {
        given().contentType(ContentType.JSON).body(booking("full-clinic"))
                .when().post("/appointments")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("reason", equalTo("SLOT_FULL"))
                .body("status", equalTo(409));
    }

    @Test
    void answers202WithAStatusUrlWhenTheOutcomeIsLate() {
        String requestId = "late-" + UUID.randomUUID();
        String statusUrl = given().contentType(ContentType.JSON).header("Idempotency-Key", requestId)
                .body(booking("silent-clinic"))
                .when().post("/appointments")
                .then().statusCode(202)
                .body("status", equalTo("PENDING"))
                .extract().path("statusUrl");

        given().when().get(statusUrl).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theSameRequestIdAnsweredLaterReturnsTheSameAppointment() {
        String requestId = "again-" + UUID.randomUUID();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", requestId).body(booking("clinic-b"))
                .when().post("/appointments").then().statusCode(201).extract().path("appointmentId");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/appointments/requests/" + requestId)
                        .then().statusCode(201).body("appointmentId", equalTo(first)));
    }

    @Test
    void invalidFieldsGive422NamingEachField() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"person": {"name": "", "phone": "12345", "birthYear": 1850},
                         "clinicId": "Bad Id!", "service": "covid-19", "slotStart": "2001-01-01T10:00:00Z"}""")
                .when().post("/appointments")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("clinicId", "person.birthYear", "person.name",
                        "person.phone", "slotStart"));
    }

    @Test
    void unreadableJsonGives400NamingTheField() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"person": {"name": "A", "phone": "+46701234567", "birthYear": "nineteen"},
                         "clinicId": "c", "service": "s", "slotStart": "2099-01-01T10:00:00Z"}""")
                .when().post("/appointments")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("person.birthYear"));
    }

    @Test
    void registeringAClinicPublishesItAndPublishingASessionChecksItsTimes() {
        given().contentType(ContentType.JSON).body("""
                        {"clinicId": "api-clinic", "name": "Api Clinic", "address": "Main St 1", "latitude": 59.3,
                         "longitude": 18.0, "timeZone": "Europe/Stockholm", "services": ["covid-19"]}""")
                .when().post("/admin/clinics")
                .then().statusCode(201).body("clinicId", equalTo("api-clinic"));
        kafka.await(Topics.CLINICS, io.vaxline.events.ClinicRegistered.class,
                c -> c.getClinicId().equals("api-clinic"), Duration.ofSeconds(30));

        given().contentType(ContentType.JSON).body("""
                        {"service": "covid-19", "date": "2099-05-01", "startTime": "10:00", "endTime": "09:00",
                         "slotMinutes": 15, "seatsPerSlot": 2, "reservedSeatsPerSlot": 3}""")
                .when().post("/admin/clinics/api-clinic/sessions")
                .then().statusCode(422)
                .body("errors.field", containsInAnyOrder("endTime", "reservedSeatsPerSlot"));
    }

    private static String booking(String clinicId) {
        Instant slot = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return """
                {"person": {"name": "Ada Lovelace", "phone": "+46 70 123 45 67", "birthYear": 1980, "language": "en"},
                 "clinicId": "%s", "service": "covid-19", "slotStart": "%s"}""".formatted(clinicId, slot);
    }
}
