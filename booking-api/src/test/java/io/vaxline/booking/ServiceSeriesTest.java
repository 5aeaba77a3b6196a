package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
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
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ServiceDefined;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dose series through booking-api: administrators define a service's series (published as ServiceDefined),
 * the day for the next dose is offered from it, and a booking of two doses goes out as one command with the
 * follow-up slot and the dose left for scheduler-stream to decide (its rules are tested in DoseSeriesTest).
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ServiceSeriesTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final String SERVICE = "series-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String CLINIC = "series-clinic";
    private static final LocalDate FIRST = LocalDate.now(STOCKHOLM).plusDays(3);
    private static final Instant FIRST_SLOT = FIRST.atTime(LocalTime.of(9, 0)).atZone(STOCKHOLM).toInstant();

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static SchedulerStandIn scheduler;

    @BeforeAll
    static void start() {
        scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints());
        kafka.send(Topics.CLINICS, CLINIC, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(CLINIC).setName("Series clinic").setAddress("Main St 1")
                .setLatitude(59.3).setLongitude(18.0).setTimeZone(STOCKHOLM.getId()).setServices(List.of(SERVICE, "covid-19"))
                .build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        scheduler.close();
    }

    @Test
    void anAdministratorDefinesASeriesWhichIsPublishedAndListed() {
        String admin = People.adminToken();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"doses\": 2, \"minIntervalDays\": 21, \"recommendedIntervalDays\": 28, \"targetDisease\": \"840539006\"}")
                .put("/services/" + SERVICE).then().statusCode(200)
                .body("doses", equalTo(2)).body("minIntervalDays", equalTo(21)).body("recommendedIntervalDays", equalTo(28));

        ServiceDefined published = kafka.await(Topics.SERVICES, ServiceDefined.class, d -> d.getService().equals(SERVICE),
                Duration.ofSeconds(30));
        assertThat(published.getDoses()).isEqualTo(2);
        assertThat(published.getMinIntervalDays()).isEqualTo(21);
        assertThat(published.getTargetDisease()).isEqualTo("840539006");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/services").then().statusCode(200)
                .body("service", hasItem(SERVICE)));
    }

    @Test
    void aBadSeriesIsRefusedNamingTheFieldAndOnlyAdministratorsMayDefineOne() {
        String admin = People.adminToken();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"doses\": 0, \"minIntervalDays\": -1}")
                .put("/services/" + SERVICE).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("doses", "minIntervalDays"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"doses\": 2, \"minIntervalDays\": 21, \"recommendedIntervalDays\": 7}")
                .put("/services/" + SERVICE).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("recommendedIntervalDays"))
                .body("errors[0].message", containsString("recommendedIntervalDays must not be shorter than minIntervalDays"));
        String person = People.login(kafka, newPhone());
        given().auth().oauth2(person).contentType(ContentType.JSON).body("{\"doses\": 5}")
                .put("/services/" + SERVICE).then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"doses\": 5}").put("/services/" + SERVICE).then().statusCode(401);
    }

    @Test
    void theNextDoseIsOfferedOnTheFirstDayFromTheRecommendedOneWithAFreeSlot() {
        String service = "offer-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.CLINICS, "offer-clinic", ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId("offer-clinic").setName("Offer clinic").setAddress("Main St 2")
                .setLatitude(59.3).setLongitude(18.0).setTimeZone(STOCKHOLM.getId()).setServices(List.of(service)).build());
        kafka.send(Topics.SERVICES, service, ServiceDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setService(service).setDoses(2).setMinIntervalDays(21)
                .setRecommendedIntervalDays(28).build());
        // Day 28 is full; day 30 has a free slot.
        day("offer-clinic", service, FIRST.plusDays(28), 0);
        day("offer-clinic", service, FIRST.plusDays(30), 2);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/clinics/offer-clinic/next-dose?service=" + service + "&after=" + FIRST_SLOT).then().statusCode(200)
                .body("doseNumber", equalTo(2)).body("doses", equalTo(2))
                .body("earliest", equalTo(FIRST.plusDays(21).toString()))
                .body("recommended", equalTo(FIRST.plusDays(28).toString()))
                .body("date", equalTo(FIRST.plusDays(30).toString())).body("slots", hasSize(1)));
        given().get("/clinics/offer-clinic/next-dose?service=" + service + "&after=" + FIRST_SLOT + "&dose=2").then()
                .statusCode(404).contentType("application/problem+json").body("detail", containsString("there is no dose 3"));
        given().get("/clinics/offer-clinic/next-dose?service=" + service).then().statusCode(422)
                .body("errors.field", hasItem("after"));
        // Nothing free within the search: an offer without a day.
        given().get("/clinics/offer-clinic/next-dose?service=" + service + "&after=" + FIRST_SLOT.plus(60, ChronoUnit.DAYS))
                .then().statusCode(200).body("date", nullValue()).body("slots", hasSize(0));
    }

    @Test
    void twoDosesBookedTogetherGoOutAsOneCommandWithTheFollowUpSlot() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Pair", 1980);
        Instant followUp = FIRST_SLOT.plus(28, ChronoUnit.DAYS);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("""
                        {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s", "followUpSlotStart": "%s"}"""
                        .formatted(personId, CLINIC, FIRST_SLOT, followUp))
                .post("/appointments").then().statusCode(201).body("doseNumber", equalTo(1));

        BookAppointment sent = kafka.await(Topics.BOOKING_COMMANDS, BookAppointment.class,
                c -> c.getPersonId().equals(personId), Duration.ofSeconds(30));
        assertThat(sent.getFollowUpSlotStart()).isEqualTo(followUp);
        assertThat(sent.getDoseNumber()).as("the dose is left to the series rules").isZero();

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("""
                        {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s", "followUpSlotStart": "2001-01-01T09:00:00Z"}"""
                        .formatted(personId, CLINIC, FIRST_SLOT))
                .post("/appointments").then().statusCode(422).body("errors.field", hasItem("followUpSlotStart"));
    }

    private static void day(String clinicId, String service, LocalDate date, int free) {
        Instant nine = date.atTime(LocalTime.of(9, 0)).atZone(STOCKHOLM).toInstant();
        kafka.send(Topics.SLOT_AVAILABILITY, clinicId + "|" + date, SlotAvailability.newBuilder().setClinicId(clinicId)
                .setDate(date).setUpdatedAt(Instant.now()).setSlots(List.of(SlotSeats.newBuilder().setSessionId("s")
                        .setService(service).setStart(nine).setEnd(nine.plusSeconds(900)).setCapacity(2)
                        .setReservedForPriority(0).setBooked(2 - free).setFreeForAnyone(free).setFreeForPriority(free).build()))
                .build());
    }
}
