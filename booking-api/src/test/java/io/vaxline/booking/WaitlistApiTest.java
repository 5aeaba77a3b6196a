package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.commands.AcceptWaitlistOffer;
import io.vaxline.commands.JoinWaitlist;
import io.vaxline.commands.LeaveWaitlist;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The waitlist through booking-api on the real broker: joining, leaving and accepting go out as commands on
 * booking-commands keyed by person and are answered from booking-events (a stand-in answers as scheduler-stream
 * would; the line, the holds and the offers are tested in WaitlistTest).
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class WaitlistApiTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final String CLINIC = "waitlist-clinic";
    private static final LocalDate DAY = LocalDate.now(STOCKHOLM).plusDays(2);

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static SchedulerStandIn scheduler;

    @BeforeAll
    static void start() {
        scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints());
        kafka.send(Topics.CLINICS, CLINIC, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(CLINIC).setName("Waitlist clinic").setAddress("Main St 3")
                .setLatitude(59.3).setLongitude(18.0).setTimeZone(STOCKHOLM.getId()).setServices(List.of("covid-19"))
                .build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        scheduler.close();
    }

    @Test
    void aPersonJoinsTheLineAndLeavesIt() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Waiting", 1980);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .contentType(ContentType.JSON)
                .body("""
                        {"personId": "%s", "clinicId": "%s", "service": "covid-19", "date": "%s"}""".formatted(personId, CLINIC, DAY))
                .post("/waitlist").then().statusCode(201)
                .body("status", equalTo("WAITING")).body("position", equalTo(1)).body("date", equalTo(DAY.toString())));
        JoinWaitlist sent = kafka.await(Topics.BOOKING_COMMANDS, JoinWaitlist.class, c -> c.getPersonId().equals(personId),
                Duration.ofSeconds(30));
        assertThat(sent.getClinicId()).isEqualTo(CLINIC);
        assertThat(sent.getDate()).isEqualTo(DAY);
        assertThat(sent.getAgeYears()).isNotNull();

        given().auth().oauth2(token).queryParam("personId", personId).queryParam("clinicId", CLINIC)
                .queryParam("service", "covid-19").queryParam("date", DAY.toString())
                .delete("/waitlist").then().statusCode(200).body("status", equalTo("LEFT"));
        assertThat(kafka.await(Topics.BOOKING_COMMANDS, LeaveWaitlist.class, c -> c.getPersonId().equals(personId),
                Duration.ofSeconds(30)).getDate()).isEqualTo(DAY);
    }

    @Test
    void acceptingAnOfferBooksItAndALapsedOneIsAConflict() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Offered", 1975);

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"personId\": \"" + personId + "\"}")
                .post("/waitlist/offers/offer-1/accept").then().statusCode(201)
                .header("Location", containsString("/appointments/appt-")).body("personId", equalTo(personId))
                .body("status", equalTo("BOOKED"));
        AcceptWaitlistOffer sent = kafka.await(Topics.BOOKING_COMMANDS, AcceptWaitlistOffer.class,
                c -> c.getPersonId().equals(personId), Duration.ofSeconds(30));
        assertThat(sent.getOfferId()).isEqualTo("offer-1");

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"personId\": \"" + personId + "\"}")
                .post("/waitlist/offers/lapsed-1/accept").then().statusCode(409).contentType("application/problem+json")
                .body("reason", equalTo("NO_SUCH_SLOT"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldsAndAnotherHouseholdsPersonIsNotFound() {
        String token = People.login(kafka, newPhone());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("""
                        {"personId": "p", "clinicId": "Not A Clinic", "service": "covid-19", "date": "2001-01-01"}""")
                .post("/waitlist").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("clinicId", "date"));
        given().auth().oauth2(token).queryParam("personId", "p").queryParam("clinicId", CLINIC)
                .queryParam("service", "covid-19").queryParam("date", "tomorrow")
                .delete("/waitlist").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("date"));

        String stranger = People.addPerson(People.login(kafka, newPhone()), "Stranger", 1970);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"personId\": \"" + stranger + "\"}")
                .post("/waitlist/offers/offer-2/accept").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"personId\": \"" + stranger + "\"}")
                .post("/waitlist/offers/offer-2/accept").then().statusCode(401);
    }
}
