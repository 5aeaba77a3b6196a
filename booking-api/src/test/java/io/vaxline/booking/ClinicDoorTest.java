package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.commands.CheckInAppointment;
import io.vaxline.commands.MarkAppointmentMissed;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentCheckedIn;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staff at the clinic's door: check-in and no-show commands go to the clinic ledger on clinic-capacity, the
 * roster shows the ledger's answers read back from booking-events (written here as the ledger writes them;
 * its decisions are scheduler-stream's AttendanceTest), and a recall lists who got a lot.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ClinicDoorTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static String admin;
    private String clinicId;
    private String staff;
    private ZoneId zone;

    @BeforeEach
    void clinicWhereItIsAboutNoon() {
        if (admin == null) {
            admin = People.adminToken();
        }
        zone = zoneWhereItIsNoon();
        clinicId = "door-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"clinicId": "%s", "name": "Clinic %s", "address": "Main St 1", "latitude": 59.3, "longitude": 18.0,
                 "timeZone": "%s", "services": ["covid-19"]}""".formatted(clinicId, clinicId, zone.getId()))
                .post("/admin/clinics").then().statusCode(201);
        staff = staffOf(clinicId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/clinics/" + clinicId + "/roster?date=" + today()).then().statusCode(200));
    }

    @Test
    void staffCheckInTodaysAppointmentAndTheRosterShowsTheLedgersAnswer() throws Exception {
        String person = person("ada");
        String appointment = appointment(person, Instant.now().plus(30, ChronoUnit.MINUTES));

        given().auth().oauth2(staff).post(door(appointment, "check-in")).then().statusCode(202)
                .body("status", equalTo("CHECKING_IN")).body("appointmentId", equalTo(appointment));

        CheckInAppointment command = kafka.await(Topics.CLINIC_CAPACITY, CheckInAppointment.class,
                c -> c.getAppointmentId().equals(appointment), Duration.ofSeconds(30));
        assertThat(command.getClinicId()).isEqualTo(clinicId);
        assertThat(command.getStaff()).isNotBlank();
        kafka.send(Topics.BOOKING_EVENTS, clinicId, AppointmentCheckedIn.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAppointmentId(appointment)
                .setPersonId(person).setClinicId(clinicId).setService("covid-19").setSlotStart(Instant.now())
                .setDoseNumber(1).setStaff(command.getStaff()).build());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .accept(ContentType.JSON).get("/clinics/" + clinicId + "/roster?date=" + today()).then().statusCode(200)
                .body("find { it.appointmentId == '" + appointment + "' }.checkedIn", equalTo(true))
                .body("find { it.appointmentId == '" + appointment + "' }.missed", equalTo(false)));
    }

    @Test
    void aCheckInIsRefusedForAnotherDayAnUnknownAppointmentOrAnotherClinicsStaff() throws Exception {
        String person = person("bo");
        String tomorrow = appointment(person, Instant.now().plus(1, ChronoUnit.DAYS));

        given().auth().oauth2(staff).post(door(tomorrow, "check-in")).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("not today"));
        given().auth().oauth2(staff).post(door("no-such-appointment", "check-in")).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(staffOf("other-" + clinicId)).post(door(tomorrow, "check-in")).then().statusCode(403);
    }

    @Test
    void staffMarkANoShowOnlyOnceItsSlotHasStarted() throws Exception {
        String person = person("cy");
        String later = appointment(person, Instant.now().plus(30, ChronoUnit.MINUTES));
        String started = appointment(person("dee"), Instant.now().minus(10, ChronoUnit.MINUTES));

        given().auth().oauth2(staff).post(door(later, "no-show")).then().statusCode(409)
                .body("detail", containsString("cannot be missed before its slot has started"));
        given().auth().oauth2(staff).post(door(started, "no-show")).then().statusCode(202)
                .body("status", equalTo("MARKING_MISSED"));

        MarkAppointmentMissed command = kafka.await(Topics.CLINIC_CAPACITY, MarkAppointmentMissed.class,
                c -> c.getAppointmentId().equals(started), Duration.ofSeconds(30));
        kafka.send(Topics.BOOKING_EVENTS, clinicId, AppointmentMissed.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAppointmentId(started)
                .setPersonId("p-dee-" + clinicId).setClinicId(clinicId).setService("covid-19").setSlotStart(Instant.now())
                .setDoseNumber(1).setStaff(command.getStaff()).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .accept(ContentType.JSON).get("/clinics/" + clinicId + "/roster?date=" + today()).then().statusCode(200)
                .body("find { it.appointmentId == '" + started + "' }.missed", equalTo(true))
                .body("find { it.appointmentId == '" + later + "' }.missed", equalTo(false)));
    }

    @Test
    void aRecallListsWhoGotTheLotAtTheClinicAndOnlyThere() throws Exception {
        String ada = person("ada");
        String bo = person("bo");
        String lot = "RECALL-" + clinicId.toUpperCase();
        kafka.send(Topics.VACCINATIONS, ada, dose(ada, clinicId, lot));
        kafka.send(Topics.VACCINATIONS, bo, dose(bo, clinicId, "OTHER-LOT"));
        kafka.send(Topics.VACCINATIONS, bo, dose(bo, "elsewhere-" + clinicId, lot));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/clinics/" + clinicId + "/lots/" + lot + "/doses").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].personId", equalTo(ada)).body("[0].name", equalTo("Person ada"))
                .body("[0].doseNumber", equalTo(1)));
        given().auth().oauth2(admin).get("/clinics/" + clinicId + "/lots/" + lot + "/doses").then().statusCode(200)
                .body("$", hasSize(1));

        given().auth().oauth2(staff).get("/clinics/" + clinicId + "/lots/-bad-lot/doses").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].message", containsString("letters, digits"));
        given().auth().oauth2(staffOf("other-" + clinicId)).get("/clinics/" + clinicId + "/lots/" + lot + "/doses")
                .then().statusCode(403);
        given().get("/clinics/" + clinicId + "/lots/" + lot + "/doses").then().statusCode(401);
    }

    private String staffOf(String clinic) {
        if (!clinic.equals(clinicId)) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                    {"clinicId": "%s", "name": "Clinic %s", "address": "Main St 1", "latitude": 59.3, "longitude": 18.0,
                     "timeZone": "Europe/Stockholm", "services": ["covid-19"]}""".formatted(clinic, clinic))
                    .post("/admin/clinics").then().statusCode(201);
        }
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"Nurse\"}")
                .post("/admin/clinics/" + clinic + "/staff-tokens").then().statusCode(200).extract().path("token");
    }

    private String door(String appointmentId, String action) {
        return "/clinics/" + clinicId + "/appointments/" + appointmentId + "/" + action;
    }

    private LocalDate today() {
        return LocalDate.now(zone);
    }

    /** An appointment as the projection stores it from booking-events. */
    private String appointment(String personId, Instant slotStart) throws Exception {
        String appointmentId = "appt-" + UUID.randomUUID();
        Db.update("INSERT INTO appointment (appointment_id, person_id, clinic_id, service, slot_start, slot_end, time_zone, "
                + "dose_number, confirmation_code, status, updated_at) VALUES ('" + appointmentId + "', '" + personId + "', '"
                + clinicId + "', 'covid-19', '" + slotStart + "', '" + slotStart.plusSeconds(900) + "', '" + zone.getId()
                + "', 1, 'K7M3-Q9XD', 'BOOKED', now())");
        return appointmentId;
    }

    private String person(String label) throws Exception {
        String household = "h-" + label + "-" + clinicId;
        String personId = "p-" + label + "-" + clinicId;
        Db.update("INSERT INTO household VALUES ('" + household + "', '" + household + "', now())");
        Db.update("INSERT INTO person (person_id, household_id, name, birth_year, conditions, language, created_at) "
                + "VALUES ('" + personId + "', '" + household + "', 'Person " + label + "', 1980, '', 'en', now())");
        return personId;
    }

    private static VaccinationAdministered dose(String personId, String clinic, String lot) {
        Instant given = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        return VaccinationAdministered.newBuilder().setEventId("dose-" + UUID.randomUUID()).setOccurredAt(given)
                .setPersonId(personId).setClinicId(clinic).setTargetDisease("840539006").setVaccineType("J07BX03")
                .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot(lot).setDoseNumber(1)
                .setSeriesDoses(2).setAdministeredAt(given).setCountry("SE").setVaccinator("nurse-1").build();
    }

    /** A fixed-offset zone where it is now between 12:00 and 13:00, so that -10 and +30 minutes are still today. */
    private static ZoneId zoneWhereItIsNoon() {
        int offset = 12 - Instant.now().atZone(ZoneOffset.UTC).getHour();
        if (offset > 14) {
            offset -= 24;
        } else if (offset < -12) {
            offset += 24;
        }
        return ZoneId.of(offset == 0 ? "Etc/UTC" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + -offset);
    }
}
