package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finding clinics and slots from the availability view scheduler-stream publishes. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ClinicSearchTest {

    private static final String ZONE = "Europe/Stockholm";
    private static final LocalDate DAY = LocalDate.now(ZoneId.of(ZONE)).plusDays(4);
    private static final String TAG = UUID.randomUUID().toString().substring(0, 6);

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @BeforeAll
    static void publishClinicsAndTheirSeats() {
        // Stockholm centre; Uppsala (~65 km); Göteborg (~400 km); and a near one with no free seat.
        clinic("near-" + TAG, 59.33, 18.07, 2, 0);
        clinic("uppsala-" + TAG, 59.86, 17.64, 1, 0);
        clinic("goteborg-" + TAG, 57.71, 11.97, 3, 0);
        clinic("full-" + TAG, 59.34, 18.06, 0, 1);
    }

    /** RestAssured only knows the test port once a test runs, so waiting for the read models happens here. */
    @BeforeEach
    void readModelsHaveTheClinics() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/clinics/full-" + TAG + "/slots?date=" + DAY + "&priority=true").then().statusCode(200)
                        .body("slots", hasSize(1)));
    }

    @Test
    void findsClinicsWithAFreeSeatNearestFirst() {
        float uppsala = given().get("/clinics?near=59.33,18.06&service=covid-19&date=" + DAY + "&limit=200")
                .then().statusCode(200)
                .body("findAll { it.clinicId.endsWith('" + TAG + "') }.clinicId",
                        contains("near-" + TAG, "uppsala-" + TAG, "goteborg-" + TAG))
                .extract().path("find { it.clinicId == 'uppsala-" + TAG + "' }.distanceKm");
        org.assertj.core.api.Assertions.assertThat(uppsala).isBetween(60f, 70f);
    }

    @Test
    void listsADaysFreeSlotsWithLocalTimes() {
        given().get("/clinics/near-" + TAG + "/slots?date=" + DAY).then().statusCode(200)
                .body("timeZone", equalTo(ZONE))
                .body("slots", hasSize(1))
                .body("slots[0].free", equalTo(2))
                .body("slots[0].localStart", org.hamcrest.Matchers.startsWith(DAY + "T09:00:00"));
    }

    @Test
    void theReadFrontAnswersExactlyAsTheResource() {
        // The plain form is answered before RESTEasy (SlotReads); the same question with an Accept header carrying a
        // parameter goes on to the resource. Both must give the same answer.
        for (String query : List.of("date=" + DAY, "date=" + DAY + "&priority=true", "date=" + DAY + "&service=covid-19",
                "date=" + DAY + "&service=flu")) {
            Response front = given().get("/clinics/full-" + TAG + "/slots?" + query);
            Response resource = given().accept("application/json; charset=UTF-8").get("/clinics/full-" + TAG + "/slots?" + query);
            assertThat(front.statusCode()).as(query).isEqualTo(200);
            assertThat(resource.statusCode()).as(query).isEqualTo(200);
            assertThat(front.asString()).as(query).isEqualTo(resource.asString());
            assertThat(front.contentType()).as(query).isEqualTo(resource.contentType());
            assertThat(front.header("X-Request-Id")).as("the request id filter ran first").isNotBlank();
        }
        given().header("X-Request-Id", "read-1").get("/clinics/near-" + TAG + "/slots?date=" + DAY).then()
                .header("X-Request-Id", "read-1");
        given().get("/clinics/nobody-" + TAG + "/slots?date=" + DAY).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/clinics/near-" + TAG + "/slots?date=tomorrow").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("date"))
                .body("errors[0].message", containsString("YYYY-MM-DD"));
    }

    @Test
    void seatsReservedForPriorityGroupsShowOnlyToThem() {
        given().get("/clinics/full-" + TAG + "/slots?date=" + DAY).then().statusCode(200).body("slots", hasSize(0));
        given().get("/clinics/full-" + TAG + "/slots?date=" + DAY + "&priority=true").then().statusCode(200)
                .body("slots", hasSize(1)).body("slots.freeForPriority", hasItem(1));
    }

    @Test
    void staffListTheDaysSessionsWithTheirSeatsAndBookings() {
        String admin = People.adminToken();
        given().auth().oauth2(admin).get("/admin/clinics/near-" + TAG + "/sessions?date=" + DAY).then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].sessionId", equalTo("s"))
                .body("[0].startTime", org.hamcrest.Matchers.startsWith("09:00"))
                .body("[0].endTime", org.hamcrest.Matchers.startsWith("09:15"))
                .body("[0].slotMinutes", equalTo(15))
                .body("[0].seatsPerSlot", equalTo(3))
                .body("[0].booked", equalTo(1))
                .body("[0].free", equalTo(2));
        given().auth().oauth2(admin).get("/admin/clinics/near-" + TAG + "/sessions?date=" + DAY.plusDays(1)).then()
                .statusCode(200).body("", hasSize(0));
        given().auth().oauth2(admin).get("/admin/clinics/unknown-" + TAG + "/sessions?date=" + DAY).then().statusCode(404);
        given().get("/admin/clinics/near-" + TAG + "/sessions?date=" + DAY).then().statusCode(401);
    }

    @Test
    void badCoordinatesAreNamed() {
        given().get("/clinics?near=north&service=covid-19&date=" + DAY).then().statusCode(422)
                .body("errors.field", hasItem("near"));
        given().get("/clinics?near=59.33,18.06&service=covid-19&date=2026-13-01").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("date"))
                .body("errors[0].message", containsString("was \"2026-13-01\""));
        given().get("/clinics/unknown-" + TAG + "/slots?date=" + DAY).then().statusCode(404);
    }

    private static void clinic(String clinicId, double latitude, double longitude, int freeForAnyone, int freeForPriority) {
        kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setName(clinicId).setAddress("Somewhere 1")
                .setLatitude(latitude).setLongitude(longitude).setTimeZone(ZONE).setServices(List.of("covid-19")).build());
        Instant nine = DAY.atTime(9, 0).atZone(ZoneId.of(ZONE)).toInstant();
        kafka.send(Topics.SLOT_AVAILABILITY, clinicId + "|" + DAY, SlotAvailability.newBuilder().setClinicId(clinicId)
                .setDate(DAY).setUpdatedAt(Instant.now()).setSlots(List.of(SlotSeats.newBuilder().setSessionId("s")
                        .setService("covid-19").setStart(nine).setEnd(nine.plusSeconds(900)).setCapacity(3)
                        .setReservedForPriority(freeForPriority).setBooked(3 - freeForAnyone - freeForPriority)
                        .setFreeForAnyone(freeForAnyone).setFreeForPriority(freeForAnyone + freeForPriority).build()))
                .build());
    }
}
