package io.vaxline.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One booking across all four services: an administrator registers a clinic and publishes a session,
 * a person books, scheduler-stream confirms against capacity, the notifier texts the confirmation,
 * and a dose reported by the clinic becomes a certificate in PostgreSQL.
 */
class WalkingSkeletonIT {

    private static final String ZONE = "Europe/Stockholm";

    @Test
    void aBookingFlowsFromTheApiThroughKafkaToAnSmsAndADoseToACertificate() {
        VaxlineStack stack = RunningStack.get();
        String bookingApi = stack.url(Service.BOOKING_API);
        String clinicId = "skeleton-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.now(ZoneId.of(ZONE)).plusDays(5);

        given().baseUri(bookingApi).contentType(ContentType.JSON).body("""
                        {"clinicId": "%s", "name": "Södermalm Vaccination Centre", "address": "Götgatan 1, Stockholm",
                         "latitude": 59.31, "longitude": 18.07, "timeZone": "%s", "services": ["covid-19"]}"""
                        .formatted(clinicId, ZONE))
                .when().post("/admin/clinics").then().statusCode(201);
        given().baseUri(bookingApi).contentType(ContentType.JSON).body("""
                        {"sessionId": "morning", "service": "covid-19", "date": "%s", "startTime": "09:00",
                         "endTime": "12:00", "slotMinutes": 15, "seatsPerSlot": 1}""".formatted(day))
                .when().post("/admin/clinics/" + clinicId + "/sessions").then().statusCode(201);

        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        Instant nine = day.atTime(9, 0).atZone(ZoneId.of(ZONE)).toInstant();
        String booking = """
                {"person": {"name": "Grace Hopper", "phone": "%s", "birthYear": 1975, "language": "en"},
                 "clinicId": "%s", "service": "covid-19", "slotStart": "%s"}""".formatted(phone, clinicId, nine);

        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            // scheduler-stream has taken the session in once the day's availability view shows it.
            kafka.await(Topics.SLOT_AVAILABILITY, SlotAvailability.class,
                    view -> view.getClinicId().equals(clinicId) && !view.getSlots().isEmpty(), Duration.ofSeconds(60));
        }
        String code = given().baseUri(bookingApi).contentType(ContentType.JSON)
                .header("Idempotency-Key", "skeleton-" + UUID.randomUUID()).body(booking)
                .when().post("/appointments")
                .then().statusCode(201)
                .body("confirmationCode", matchesPattern("[0-9A-Z]{4}-[0-9A-Z]{4}"))
                .body("localStart", equalTo(nine.atZone(ZoneId.of(ZONE)).toOffsetDateTime()
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)))
                .extract().path("confirmationCode");

        // The only seat of the slot is taken: the next person is told so.
        given().baseUri(bookingApi).contentType(ContentType.JSON)
                .body(booking.replace("Grace Hopper", "Alan Turing"))
                .when().post("/appointments")
                .then().statusCode(409).body("reason", equalTo("SLOT_FULL"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().baseUri(stack.url(Service.NOTIFIER)).when().get("/inbox/" + phone)
                        .then().statusCode(200)
                        .body("text", hasItem(org.hamcrest.Matchers.containsString("Confirmation code: " + code))));

        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            AppointmentBooked booked = kafka.await(Topics.BOOKING_EVENTS, AppointmentBooked.class,
                    b -> b.getConfirmationCode().equals(code), Duration.ofSeconds(30));
            VaccinationAdministered dose = VaccinationAdministered.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                    .setPersonId(booked.getPersonId()).setClinicId(clinicId).setAppointmentId(booked.getAppointmentId())
                    .setTargetDisease("840539006").setVaccineType("J07BX03").setProduct("EU/1/20/1528")
                    .setManufacturer("ORG-100030215").setLot("FK1234").setDoseNumber(1).setSeriesDoses(2)
                    .setAdministeredAt(nine.plusSeconds(300)).setCountry("SE").setVaccinator("nurse-12").build();
            kafka.send(Topics.VACCINATIONS, dose.getPersonId(), dose);

            List<String> certificateIds = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> certificatesOf(stack, dose.getEventId()), ids -> !ids.isEmpty());
            assertThat(certificateIds).singleElement().satisfies(id ->
                    given().baseUri(stack.url(Service.CERTIFICATE_SERVICE)).when().get("/certificates/" + id)
                            .then().statusCode(200)
                            .body("personId", equalTo(booked.getPersonId()))
                            .body("status", equalTo("VALID")));
        }
    }

    private static List<String> certificatesOf(VaxlineStack stack, String vaccinationEventId) throws Exception {
        var db = stack.infrastructure().endpoints();
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                var s = c.prepareStatement("SELECT certificate_id FROM certificate WHERE vaccination_event_id = ?")) {
            s.setString(1, vaccinationEventId);
            try (var rs = s.executeQuery()) {
                List<String> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }
}
