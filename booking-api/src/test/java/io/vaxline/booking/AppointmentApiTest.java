package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.schemas.ConfirmationCodes;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** booking-api's side of booking: request-reply over the real broker, ownership, eligibility, priority. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AppointmentApiTest {

    private static final Instant SLOT = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    private static final List<String> CLINICS = List.of("clinic-a", "clinic-b", "full-clinic", "silent-clinic");

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static SchedulerStandIn scheduler;

    @BeforeAll
    static void start() {
        scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints());
        for (String clinicId : CLINICS) {
            kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setClinicId(clinicId).setName(clinicId).setAddress("Main St 1")
                    .setLatitude(59.3).setLongitude(18.0).setTimeZone("Europe/Stockholm").setServices(List.of("covid-19"))
                    .build());
        }
    }

    /** RestAssured only knows the test port once a test runs, so the HTTP part of the set-up waits until then. */
    @BeforeEach
    void clinicsAreKnown() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/clinics/silent-clinic/slots?date="
                + LocalDate.now()).then().statusCode(200));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        scheduler.close();
    }

    @Test
    void bookingAnswers201WithTheAppointmentWhichItsOwnerCanRead() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Ada Lovelace", 1980);

        String appointmentId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", "key-" + UUID.randomUUID()).body(booking(personId, "clinic-a"))
                .post("/appointments").then().statusCode(201)
                .body("status", equalTo("BOOKED")).body("confirmationCode", notNullValue())
                .body("timeZone", equalTo("Europe/Stockholm"))
                .extract().path("appointmentId");

        given().auth().oauth2(token).get("/appointments/" + appointmentId).then().statusCode(200)
                .body("personId", equalTo(personId)).body("clinicId", equalTo("clinic-a"));
        given().auth().oauth2(token).get("/me/appointments").then().statusCode(200)
                .body("appointmentId", containsInAnyOrder(appointmentId));
    }

    @Test
    void anotherHouseholdCannotSeeMoveOrCancelTheAppointment() {
        String owner = People.login(kafka, newPhone());
        String personId = People.addPerson(owner, "Owner", 1980);
        String appointmentId = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body(booking(personId, "clinic-a")).post("/appointments").then().statusCode(201)
                .extract().path("appointmentId");
        String stranger = People.login(kafka, newPhone());
        People.addPerson(stranger, "Stranger", 1980);

        given().auth().oauth2(stranger).get("/appointments/" + appointmentId).then().statusCode(404);
        given().auth().oauth2(stranger).contentType(ContentType.JSON)
                .body("{\"clinicId\": \"clinic-b\", \"slotStart\": \"" + SLOT + "\"}")
                .put("/appointments/" + appointmentId).then().statusCode(404);
        given().auth().oauth2(stranger).delete("/appointments/" + appointmentId).then().statusCode(404);
        // Booking for someone outside one's household is refused the same way.
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(booking(personId, "clinic-a"))
                .post("/appointments").then().statusCode(404);
        given().auth().oauth2(owner).get("/appointments/" + appointmentId).then().statusCode(200);
    }

    @Test
    void theSameIdempotencyKeyGetsTheSameAppointment() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Repeat", 1980);
        String key = "again-" + UUID.randomUUID();

        String first = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(booking(personId, "clinic-b")).post("/appointments").then().statusCode(201).extract().path("appointmentId");
        String second = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(booking(personId, "clinic-b")).post("/appointments").then().statusCode(201).extract().path("appointmentId");

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anIdempotencyKeySentAgainWithAnotherRequestIsRefusedAndNothingIsSent() {
        String token = People.login(kafka, newPhone());
        String anna = People.addPerson(token, "Anna", 1980);
        String bert = People.addPerson(token, "Bert", 1982);
        String key = "shared-" + UUID.randomUUID();
        String first = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(booking(anna, "clinic-a")).post("/appointments").then().statusCode(201).extract().path("appointmentId");

        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(booking(bert, "clinic-a")).post("/appointments").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"));
        given().auth().oauth2(token).header("Idempotency-Key", key).delete("/appointments/" + first)
                .then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));

        // The first request sent again still gets its own outcome, and Bert was never booked.
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(booking(anna, "clinic-a")).post("/appointments").then().statusCode(201)
                .body("appointmentId", equalTo(first)).body("personId", equalTo(anna));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> scheduler.commandsFor(bert) == 0);
        given().auth().oauth2(token).get("/appointments/" + first).then().statusCode(200).body("status", equalTo("BOOKED"));
    }

    @Test
    void aCancellationThatLeavesTheServiceEmptyKeepsTheStoredService() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Cleo", 1980);
        String appointmentId = given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(personId, "clinic-a"))
                .post("/appointments").then().statusCode(201).extract().path("appointmentId");

        kafka.send(Topics.BOOKING_EVENTS, "clinic-a", AppointmentCancelled.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now().plusSeconds(1)).setRequestId("late-" + UUID.randomUUID())
                .setAppointmentId(appointmentId).setPersonId(personId).setClinicId("clinic-a").setService("")
                .setSlotStart(SLOT).setDoseNumber(0).setReason("withdrawn").build());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/appointments/" + appointmentId).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("service", equalTo("covid-19")));
    }

    @Test
    void aRejectionIs409WithTheReasonAndTheDaysFreeSlots() {
        // The board still shows the requested slot free (its view of the day lags the ledger a moment): the slot the
        // ledger called full is left out; the day's other slot, and another service's slot at the same time, are offered.
        LocalDate day = SLOT.atZone(ZoneId.of("Europe/Stockholm")).toLocalDate();
        Instant later = SLOT.plus(1, ChronoUnit.HOURS);
        kafka.send(Topics.SLOT_AVAILABILITY, "full-clinic|" + day, SlotAvailability.newBuilder().setClinicId("full-clinic")
                .setDate(day).setUpdatedAt(Instant.now()).setSlots(List.of(seats(SLOT, "covid-19"), seats(SLOT, "flu"),
                        seats(later, "covid-19"))).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/clinics/full-clinic/slots?date=" + day).then().statusCode(200).body("slots", hasSize(3)));
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Late", 1980);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(personId, "full-clinic"))
                .post("/appointments").then().statusCode(409).contentType("application/problem+json")
                .body("reason", equalTo("SLOT_FULL"))
                .body("availability.findAll { it.service == 'covid-19' }.start", contains(later.toString()))
                .body("availability.findAll { it.service == 'flu' }.start", contains(SLOT.toString()));
    }

    private static SlotSeats seats(Instant start, String service) {
        return SlotSeats.newBuilder().setSessionId("s").setService(service).setStart(start).setEnd(start.plusSeconds(900))
                .setCapacity(1).setReservedForPriority(0).setBooked(0).setFreeForAnyone(1).setFreeForPriority(1).build();
    }

    @Test
    void aLateOutcomeIs202WithAUrlToAskAgain() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Patient", 1980);

        String statusUrl = given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(personId, "silent-clinic"))
                .post("/appointments").then().statusCode(202).body("status", equalTo("PENDING"))
                .extract().path("statusUrl");
        given().auth().oauth2(token).get(statusUrl).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void childrenUnderTheMinimumAgeAreRefusedBeforeAnythingIsSent() {
        String token = People.login(kafka, newPhone());
        String child = People.addPerson(token, "Child", LocalDate.now().getYear() - 5);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(child, "clinic-a"))
                .post("/appointments").then().statusCode(409).body("reason", equalTo("NOT_ELIGIBLE"));
    }

    @Test
    void theHouseholdListSaysFromWhenSomeoneMayBook() {
        String token = People.login(kafka, newPhone());
        int childYear = LocalDate.now().getYear() - 5;
        People.addPerson(token, "Child", childYear);
        People.addPerson(token, "Adult", 1980);

        // The minimum age is 12 here; a birth year alone counts as the younger age, so from 1 January after.
        given().auth().oauth2(token).get("/me/people").then().statusCode(200)
                .body("find { it.name == 'Child' }.eligibleFrom", equalTo((childYear + 13) + "-01-01"))
                .body("find { it.name == 'Child' }.minAge", equalTo(12))
                .body("find { it.name == 'Adult' }.eligibleFrom", nullValue());
    }

    @Test
    void listedConditionsAndPriorityOccupationsMakeAPriorityBooking() {
        String token = People.login(kafka, newPhone());
        String lungs = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Lungs\", \"birthYear\": 1980, \"conditions\": [\"chronic-lung-disease\"]}")
                .post("/me/people").then().statusCode(201).extract().path("personId");
        String teacher = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Teacher\", \"birthYear\": 1980, \"occupation\": \"teacher\"}")
                .post("/me/people").then().statusCode(201).extract().path("personId");
        String plain = People.addPerson(token, "Plain", 1980);
        given().auth().oauth2(People.adminToken()).contentType(ContentType.JSON).body("{\"description\": \"School staff\"}")
                .put("/admin/priority-occupations/teacher").then().statusCode(200);

        for (String personId : List.of(lungs, teacher, plain)) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(personId, "clinic-b"))
                    .post("/appointments").then().statusCode(201);
        }
        assertThat(priority(lungs)).isTrue();
        assertThat(priority(teacher)).isTrue();
        assertThat(priority(plain)).isFalse();
    }

    @Test
    void theOwnerReschedulesAndCancels() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Mover", 1980);
        String appointmentId = given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(personId, "clinic-a"))
                .post("/appointments").then().statusCode(201).extract().path("appointmentId");
        Instant later = SLOT.plus(1, ChronoUnit.DAYS);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"clinicId\": \"clinic-b\", \"slotStart\": \"" + later + "\"}")
                .put("/appointments/" + appointmentId).then().statusCode(200)
                .body("clinicId", equalTo("clinic-b")).body("slotStart", equalTo(later.toString()));
        given().auth().oauth2(token).delete("/appointments/" + appointmentId).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        given().auth().oauth2(token).get("/appointments/" + appointmentId).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }

    /**
     * The outcomes carry no confirmation code (as scheduler-stream writes them, and the stand-in too): the code
     * the person sees is the keyed hash of the appointment id under the secret pepper, the one the notifier
     * texts, the same in every view, kept by a move, and on no topic in clear.
     */
    @Test
    void theCodeShownIsTheKeyedHashOfTheAppointmentAndNoTopicCarriesIt() throws Exception {
        ConfirmationCodes codes = new ConfirmationCodes(InfrastructureTestResource.endpoints().secrets().pepper());
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Code Holder", 1980);
        var booked = given().auth().oauth2(token).contentType(ContentType.JSON).body(booking(personId, "clinic-a"))
                .post("/appointments").then().statusCode(201).extract();
        String appointmentId = booked.path("appointmentId");
        String code = booked.path("confirmationCode");

        assertThat(code).isEqualTo(codes.of(appointmentId)).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(kafka.await(Topics.BOOKING_EVENTS, AppointmentBooked.class, e -> e.getAppointmentId().equals(appointmentId),
                Duration.ofSeconds(30)).getConfirmationCode()).isNull();
        given().auth().oauth2(token).get("/appointments/" + appointmentId).then().statusCode(200)
                .body("confirmationCode", equalTo(code));
        given().auth().oauth2(token).get("/me/appointments").then().statusCode(200)
                .body("find { it.appointmentId == '" + appointmentId + "' }.confirmationCode", equalTo(code));
        Instant later = SLOT.plus(1, ChronoUnit.DAYS);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"clinicId\": \"clinic-a\", \"slotStart\": \"" + later + "\"}")
                .put("/appointments/" + appointmentId).then().statusCode(200).body("confirmationCode", equalTo(code));
        // the clinic's roster of the new day, from the stored row once the move is stored
        String staff = given().auth().oauth2(People.adminToken()).contentType(ContentType.JSON)
                .body("{\"staffName\": \"Reception\"}").post("/admin/clinics/clinic-a/staff-tokens").then()
                .statusCode(200).extract().path("token");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .accept(ContentType.JSON)
                .get("/clinics/clinic-a/roster?date=" + later.atZone(ZoneId.of("Europe/Stockholm")).toLocalDate())
                .then().statusCode(200)
                .body("find { it.appointmentId == '" + appointmentId + "' }.confirmationCode", equalTo(code)));
        assertThat(Db.rows("SELECT confirmation_code FROM appointment WHERE appointment_id = '" + appointmentId + "'"))
                .containsExactly(List.of(code));

        assertThat(TopicScan.recordsContaining(code.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(TopicScan.recordsContaining(code.replace("-", "").getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void anOutcomeWrittenWhileCodesWereOnTheTopicsKeepsTheCodeItCarries() {
        String appointmentId = "appt-" + UUID.randomUUID();
        kafka.send(Topics.BOOKING_EVENTS, "clinic-a", AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setRequestId("request-" + appointmentId).setAppointmentId(appointmentId)
                .setConfirmationCode("K7M3-Q9XD").setPersonId("p-" + appointmentId).setClinicId("clinic-a")
                .setService("covid-19").setSlotStart(SLOT).setSlotEnd(SLOT.plusSeconds(900))
                .setClinicTimeZone("Europe/Stockholm").setDoseNumber(1).build());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Db.rows(
                "SELECT confirmation_code FROM appointment WHERE appointment_id = '" + appointmentId + "'"))
                .containsExactly(List.of("K7M3-Q9XD")));
    }

    @Test
    void invalidFieldsGive422NamingEachField() {
        String token = People.login(kafka, newPhone());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"personId\": \"\", \"clinicId\": \"Bad Id!\", \"service\": \"covid-19\", \"slotStart\": \"2001-01-01T10:00:00Z\"}")
                .post("/appointments").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("clinicId", "personId", "slotStart"));
    }

    @Test
    void unreadableJsonGives400NamingTheField() {
        String token = People.login(kafka, newPhone());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"personId\": \"p\", \"clinicId\": \"c\", \"service\": \"s\", \"slotStart\": \"tomorrow\"}")
                .post("/appointments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("slotStart"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"personId\": \"p\", ")
                .post("/appointments").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/invalid-request"))
                .body("errors[0].field", equalTo("body"));
    }

    private static boolean priority(String personId) {
        return kafka.await(Topics.BOOKING_COMMANDS, BookAppointment.class, c -> c.getPersonId().equals(personId),
                Duration.ofSeconds(30)).getPriority();
    }

    private static String booking(String personId, String clinicId) {
        return """
                {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s"}"""
                .formatted(personId, clinicId, SLOT);
    }
}
