package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vaxline.booking.clinics.ClinicRosters;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ClinicRosterReady;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The clinic's next-day roster goes to the notifier at the clinic-local send time (16:00 by default), once,
 * sealed: on the real broker, with the stand-in answering the booking as scheduler-stream would.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ClinicRosterTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Inject
    ClinicRosters rosters;

    @Test
    void theNextDaysRosterIsHandedToTheNotifierOnceAtTheClinicsLocalTimeSealed() throws Throwable {
        String clinic = "roster-" + System.nanoTime() % 100000;
        String admin = People.adminToken();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("clinicId", clinic, "name", "Roster Clinic",
                "address", "Main St 1", "latitude", 40.7, "longitude", -74.0, "timeZone", ZONE.getId(),
                "services", List.of("covid-19"), "contactEmail", "desk@roster.example")).post("/admin/clinics")
                .then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("clinicId", clinic + "-x", "name", "Bad",
                "address", "Main St 1", "latitude", 40.7, "longitude", -74.0, "timeZone", ZONE.getId(),
                "services", List.of("covid-19"), "contactEmail", "not an address")).post("/admin/clinics")
                .then().statusCode(422);
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        Instant slot = day.atTime(9, 30).atZone(ZONE).toInstant();
        String appointmentId;
        try (SchedulerStandIn scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints())) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/clinics/" + clinic
                    + "/slots?date=" + day).then().statusCode(200));
            String token = People.login(kafka, newPhone());
            String personId = People.addPerson(token, "Rosa Roster", 1970);
            appointmentId = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("personId", personId, "clinicId", clinic, "service", "covid-19", "slotStart", slot.toString()))
                    .post("/appointments").then().statusCode(201).extract().path("appointmentId");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !Db.rows(
                "SELECT 1 FROM appointment WHERE appointment_id = '" + appointmentId + "'").isEmpty());
        Instant eve = day.minusDays(1).atTime(15, 59).atZone(ZONE).toInstant();

        assertThat(forClinic(sendDue(eve), clinic)).as("before 16:00").isEmpty();
        List<ClinicRosterReady> sent = forClinic(sendDue(eve.plus(2, ChronoUnit.MINUTES)), clinic);
        assertThat(forClinic(sendDue(eve.plus(30, ChronoUnit.MINUTES)), clinic))
                .as("the same day again").isEmpty();

        assertThat(sent).singleElement().satisfies(roster -> {
            assertThat(roster.getDay()).isEqualTo(day);
            assertThat(roster.getRecipients()).containsExactly("desk@roster.example");
            assertThat(roster.getAppointments()).isEqualTo(1);
        });
        ClinicRosterReady onTopic = kafka.await(Topics.NOTIFICATION_REQUESTS, ClinicRosterReady.class,
                r -> r.getClinicId().equals(clinic), Duration.ofSeconds(30));
        ByteBuffer sealed = onTopic.getSealedCsv().duplicate();
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        String csv = People.notifierKey().open(bytes, "roster:" + onTopic.getEventId());
        assertThat(csv).startsWith("time,appointment_id,confirmation_code,person_id,name,birth_year,service,dose,attended\n")
                .contains("09:30," + appointmentId + ",").contains(",\"Rosa Roster\",1970,covid-19,1,no");
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Rosa");
        assertThat(kafka.readToEnd(Topics.NOTIFICATION_REQUESTS).stream().map(r -> r.value())
                .filter(v -> v instanceof ClinicRosterReady r && r.getClinicId().equals(clinic))).hasSize(1);
    }

    /** As the scheduler calls it: on a Vert.x context, which Hibernate Reactive needs. */
    private List<ClinicRosterReady> sendDue(Instant now) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> rosters.sendDue(now));
    }

    private static List<ClinicRosterReady> forClinic(List<ClinicRosterReady> sent, String clinic) {
        return sent.stream().filter(r -> r.getClinicId().equals(clinic)).toList();
    }
}
