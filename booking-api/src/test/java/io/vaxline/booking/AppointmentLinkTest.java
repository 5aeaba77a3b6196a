package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.schemas.AppointmentLinks;
import io.vaxline.schemas.AppointmentLinks.Purpose;
import io.vaxline.schemas.Topics;

import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The texted links that cancel or move one appointment without a login, and staff cancelling with a reason,
 * over the real broker (the stand-in answers the commands as scheduler-stream would). The links are made the
 * way the notifier makes them: with the pepper the local stack hands both services.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AppointmentLinkTest {

    private static final Instant SLOT = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    private static final String CLINIC = "link-clinic";
    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final AppointmentLinks LINKS = new AppointmentLinks(InfrastructureTestResource.endpoints().secrets().pepper());
    private static SchedulerStandIn scheduler;

    @BeforeAll
    static void start() {
        scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints());
        kafka.send(Topics.CLINICS, CLINIC, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(CLINIC).setName("Link Clinic").setAddress("Main St 1")
                .setLatitude(59.3).setLongitude(18.0).setTimeZone("Europe/Stockholm").setServices(List.of("covid-19"))
                .build());
    }

    @BeforeEach
    void clinicIsKnown() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/clinics/" + CLINIC
                + "/slots?date=" + LocalDate.now()).then().statusCode(200));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        scheduler.close();
    }

    @Test
    void aValidCancellationLinkShowsTheAppointmentAndCancelsItOnce() {
        String appointmentId = book();
        String token = LINKS.token(appointmentId, Purpose.CANCEL, SLOT);

        given().get("/appointment-links/" + token).then().statusCode(200)
                .body("purpose", equalTo("CANCEL")).body("appointment.appointmentId", equalTo(appointmentId))
                .body("appointment.status", equalTo("BOOKED")).body("appointment.clinicId", equalTo(CLINIC))
                .body("appointment.confirmationCode", nullValue()).body("appointment.personId", nullValue());
        given().contentType(ContentType.JSON).body(appointment(appointmentId)).post("/appointment-links/" + token + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));

        given().get("/appointment-links/" + token).then().statusCode(200).body("appointment.status", equalTo("CANCELLED"));
        given().contentType(ContentType.JSON).body(appointment(appointmentId)).post("/appointment-links/" + token + "/cancel")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/appointment-cancelled"));
    }

    @Test
    void aReschedulingLinkMovesTheAppointmentButCannotCancelIt() {
        String appointmentId = book();
        String token = LINKS.token(appointmentId, Purpose.RESCHEDULE, SLOT);
        Instant later = SLOT.plus(1, ChronoUnit.DAYS);

        given().contentType(ContentType.JSON).body(appointment(appointmentId)).post("/appointment-links/" + token + "/cancel")
                .then().statusCode(403).body("type", equalTo("https://vaxline.io/problems/link-wrong-purpose"));
        given().contentType(ContentType.JSON)
                .body("{\"appointmentId\": \"%s\", \"clinicId\": \"%s\", \"slotStart\": \"%s\"}".formatted(appointmentId, CLINIC, later))
                .post("/appointment-links/" + token + "/reschedule").then().statusCode(200)
                .body("appointmentId", equalTo(appointmentId)).body("slotStart", equalTo(later.toString()));
    }

    @Test
    void anExpiredLinkIsRefusedWith410() {
        Booked booked = booked();
        String appointmentId = booked.appointmentId();
        String token = LINKS.token(appointmentId, Purpose.CANCEL, Instant.now().minusSeconds(60));

        given().get("/appointment-links/" + token).then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/link-expired"));
        given().contentType(ContentType.JSON).body(appointment(appointmentId)).post("/appointment-links/" + token + "/cancel")
                .then().statusCode(410).body("type", equalTo("https://vaxline.io/problems/link-expired"));
        Assertions.assertThat(scheduler.commandsFor(booked.personId())).isEqualTo(1); // the booking only
    }

    @Test
    void aTamperedLinkIsRefusedWith403() {
        String appointmentId = book();
        byte[] bytes = Base64.getUrlDecoder().decode(LINKS.token(appointmentId, Purpose.CANCEL, SLOT));
        bytes[1] ^= 0x40; // a later expiry
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        given().get("/appointment-links/" + tampered).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/link-invalid"));
        given().contentType(ContentType.JSON).body(appointment(appointmentId)).post("/appointment-links/" + tampered + "/cancel")
                .then().statusCode(403).body("type", equalTo("https://vaxline.io/problems/link-invalid"));
        String otherKey = new AppointmentLinks("not-the-pepper").token(appointmentId, Purpose.CANCEL, SLOT);
        given().get("/appointment-links/" + otherKey).then().statusCode(403)
                .body("type", equalTo("https://vaxline.io/problems/link-invalid"));
    }

    @Test
    void aLinkUsedForAnotherAppointmentIsRefusedAndNothingIsCancelled() {
        String mine = book();
        String theirs = book();
        String token = LINKS.token(mine, Purpose.CANCEL, SLOT);

        given().contentType(ContentType.JSON).body(appointment(theirs)).post("/appointment-links/" + token + "/cancel")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/link-other-appointment"));
        given().get("/appointment-links/" + LINKS.token(theirs, Purpose.CANCEL, SLOT)).then().statusCode(200)
                .body("appointment.status", equalTo("BOOKED"));
    }

    @Test
    void staffCancelWithAReasonThatReachesTheCancellation() {
        String appointmentId = book();
        String staff = given().auth().oauth2(People.adminToken()).contentType(ContentType.JSON)
                .body("{\"staffName\": \"Reception\"}").post("/admin/clinics/" + CLINIC + "/staff-tokens").then()
                .statusCode(200).extract().path("token");

        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"reason\": \"\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/cancellation").then().statusCode(422)
                .body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"reason\": \"the vaccinator is ill\"}")
                .post("/clinics/clinic-elsewhere/appointments/" + appointmentId + "/cancellation").then().statusCode(403);
        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"reason\": \"the vaccinator is ill\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/cancellation").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));

        Assertions.assertThat(kafka.await(Topics.BOOKING_EVENTS, AppointmentCancelled.class,
                e -> e.getAppointmentId().equals(appointmentId), Duration.ofSeconds(30)).getReason())
                .isEqualTo("the vaccinator is ill");
        given().auth().oauth2(staff).get("/clinics/" + CLINIC + "/appointments/" + appointmentId).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }

    /**
     * care's service login (CARE_API_KEY): its token cancels an appointment with a reason at any clinic, and can do
     * nothing else: not read the appointment or the roster, not move, not administer, not book.
     */
    @Test
    void careServiceTokenMayCancelAndNothingElse() {
        String appointmentId = book();
        given().contentType(ContentType.JSON).body("{\"apiKey\": \"not-the-key-0123456789\"}").post("/services/login")
                .then().statusCode(401);
        String care = given().contentType(ContentType.JSON).body("{\"apiKey\": \"care-own-key-0123456789\"}")
                .post("/services/login").then().statusCode(200).extract().path("token");

        given().auth().oauth2(care).get("/clinics/" + CLINIC + "/appointments/" + appointmentId).then().statusCode(403);
        given().auth().oauth2(care).get("/clinics/" + CLINIC + "/roster?date=" + LocalDate.now()).then().statusCode(403);
        given().auth().oauth2(care).contentType(ContentType.JSON)
                .body("{\"slotStart\": \"" + SLOT.plus(1, ChronoUnit.HOURS) + "\", \"reason\": \"the fee failed\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/move").then().statusCode(403);
        given().auth().oauth2(care).contentType(ContentType.JSON).body("{\"staffName\": \"Mallory\"}")
                .post("/admin/clinics/" + CLINIC + "/staff-tokens").then().statusCode(403);
        given().auth().oauth2(care).get("/admin/priority-occupations").then().statusCode(403);
        given().auth().oauth2(care).get("/me/people").then().statusCode(403);

        given().auth().oauth2(care).contentType(ContentType.JSON).body("{\"reason\": \"The fee could not be paid\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/cancellation").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        Assertions.assertThat(kafka.await(Topics.BOOKING_EVENTS, AppointmentCancelled.class,
                e -> e.getAppointmentId().equals(appointmentId), Duration.ofSeconds(30)).getReason())
                .isEqualTo("The fee could not be paid");
    }

    @Test
    void staffMoveWithAReasonThatReachesTheMove() {
        String appointmentId = book();
        String staff = staffToken(CLINIC);
        Instant later = SLOT.plus(1, ChronoUnit.HOURS);

        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"slotStart\": \"" + later + "\", \"reason\": \"x\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/move").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body("{\"slotStart\": \"2001-01-01T09:00:00Z\", \"reason\": \"the room is closed\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/move").then().statusCode(422)
                .body("errors[0].field", equalTo("slotStart"));
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body("{\"slotStart\": \"" + later + "\", \"reason\": \"the room is closed\"}")
                .post("/clinics/clinic-elsewhere/appointments/" + appointmentId + "/move").then().statusCode(403);
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body("{\"slotStart\": \"" + later + "\", \"reason\": \"the room is closed in the morning\"}")
                .post("/clinics/" + CLINIC + "/appointments/" + appointmentId + "/move").then().statusCode(200)
                .body("appointmentId", equalTo(appointmentId)).body("slotStart", equalTo(later.toString()));

        io.vaxline.commands.RescheduleAppointment sent = kafka.await(Topics.BOOKING_COMMANDS,
                io.vaxline.commands.RescheduleAppointment.class, c -> c.getAppointmentId().equals(appointmentId), Duration.ofSeconds(30));
        Assertions.assertThat(sent.getReason()).isEqualTo("the room is closed in the morning");
        Assertions.assertThat(kafka.await(Topics.BOOKING_EVENTS, AppointmentRescheduled.class,
                e -> e.getAppointmentId().equals(appointmentId), Duration.ofSeconds(30)).getReason())
                .isEqualTo("the room is closed in the morning");
    }

    @Test
    void staffRegisterAWalkInFindingThePersonAgainAndAFullSessionSaysWhy() {
        String staff = staffToken(CLINIC);
        String phone = newPhone();

        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"service\": \"covid-19\", \"name\": \"\"}")
                .post("/clinics/" + CLINIC + "/walk-ins").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("phone", "name", "birthYear"));
        String walkIn = "{\"service\": \"covid-19\", \"name\": \"Walter Walk-In\", \"birthYear\": 1970, \"phone\": \"" + phone
                + "\", \"language\": \"sv\"}";
        String personId = given().auth().oauth2(staff).contentType(ContentType.JSON).header("Idempotency-Key", "walk-in-0001")
                .body(walkIn).post("/clinics/" + CLINIC + "/walk-ins").then().statusCode(201)
                .body("status", equalTo("BOOKED")).body("clinicId", equalTo(CLINIC)).body("doseNumber", equalTo(1))
                .extract().path("personId");
        io.vaxline.commands.RegisterWalkIn command = kafka.await(Topics.BOOKING_COMMANDS, io.vaxline.commands.RegisterWalkIn.class,
                c -> c.getPersonId().equals(personId), Duration.ofSeconds(30));
        Assertions.assertThat(command.getClinicId()).isEqualTo(CLINIC);
        Assertions.assertThat(command.getAgeYears()).isPositive();
        Assertions.assertThat(kafka.await(Topics.PEOPLE, io.vaxline.events.PersonRegistered.class,
                p -> p.getPersonId().equals(personId), Duration.ofSeconds(30)).getLanguage()).isEqualTo("sv");

        // The same person at the door again (any spelling of the name's case and spaces): found, not registered twice.
        given().auth().oauth2(staff).contentType(ContentType.JSON).header("Idempotency-Key", "walk-in-0002")
                .body(walkIn.replace("Walter Walk-In", " walter  walk-in ")).post("/clinics/" + CLINIC + "/walk-ins").then()
                .statusCode(201).body("personId", equalTo(personId));

        String fullClinic = "full-walk-in-clinic";
        kafka.send(Topics.CLINICS, fullClinic, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(fullClinic).setName("Full Clinic").setAddress("Main St 2")
                .setLatitude(59.3).setLongitude(18.0).setTimeZone("Europe/Stockholm").setServices(List.of("covid-19")).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/clinics/" + fullClinic
                + "/slots?date=" + LocalDate.now()).then().statusCode(200));
        given().auth().oauth2(People.adminToken()).contentType(ContentType.JSON)
                .body("{\"service\": \"covid-19\", \"personId\": \"" + personId + "\"}")
                .post("/clinics/" + fullClinic + "/walk-ins").then().statusCode(409).contentType("application/problem+json")
                .body("reason", equalTo("SLOT_FULL")).body("detail", org.hamcrest.Matchers.containsString("is full"));
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(walkIn)
                .post("/clinics/" + fullClinic + "/walk-ins").then().statusCode(403);
    }

    private static String staffToken(String clinicId) {
        return given().auth().oauth2(People.adminToken()).contentType(ContentType.JSON)
                .body("{\"staffName\": \"Reception\"}").post("/admin/clinics/" + clinicId + "/staff-tokens").then()
                .statusCode(200).extract().path("token");
    }

    private static String book() {
        return booked().appointmentId();
    }

    private record Booked(String personId, String appointmentId) {
    }

    private static Booked booked() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Linda Link", 1980);
        return new Booked(personId, given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"personId\": \"%s\", \"clinicId\": \"%s\", \"service\": \"covid-19\", \"slotStart\": \"%s\"}"
                        .formatted(personId, CLINIC, SLOT))
                .post("/appointments").then().statusCode(201).extract().path("appointmentId"));
    }

    private static String appointment(String appointmentId) {
        return "{\"appointmentId\": \"" + appointmentId + "\"}";
    }
}
