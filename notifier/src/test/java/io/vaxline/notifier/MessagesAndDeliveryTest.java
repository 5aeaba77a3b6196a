package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static io.vaxline.notifier.Fixtures.booked;
import static io.vaxline.notifier.Fixtures.person;
import static io.vaxline.notifier.Fixtures.phone;
import static io.vaxline.notifier.Fixtures.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.NotificationFailed;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Every kind of message, in the person's language, sent once per event, and what cannot be sent parked. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class MessagesAndDeliveryTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final Instant SLOT = Instant.parse("2031-06-12T07:30:00Z");

    private static String registered(String phone, String name, String language) {
        String personId = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, personId, person(personId, phone, name, language));
        return personId;
    }

    private static void awaitInbox(String phone, String... texts) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/inbox/" + phone).then().statusCode(200).body("text", contains(texts)));
    }

    @Test
    void aReminderInSwedishNamesTheClinicAndItsLocalTime() {
        String clinicId = "clinic-" + UUID.randomUUID();
        kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setName("Vårdcentralen Söder").setAddress("Götgatan 1")
                .setLatitude(59.31).setLongitude(18.07).setTimeZone("Europe/Stockholm").setServices(List.of("covid-19")).build());
        String phone = phone();
        String personId = registered(phone, "Greta", "sv");
        // The clinic directory reads its topic on its own: wait until the confirmation names the clinic.
        kafka.send(Topics.BOOKING_EVENTS, clinicId, booked(personId, clinicId, SLOT));
        kafka.send(Topics.APPOINTMENT_REMINDERS, "a-1", AppointmentReminderDue.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAppointmentId("a-1")
                .setPersonId(personId).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(SLOT).setClinicTimeZone("Europe/Stockholm").build());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/inbox/" + phone).then().statusCode(200).body("text", hasItem(
                        "Påminnelse: Greta, din tid för covid-19 är i morgon, tors 12 juni 2031 09:30 (Europe/Stockholm, UTC+02:00), "
                                + "på Vårdcentralen Söder, Götgatan 1. Bekräftelsekod: " + Fixtures.code("a-1") + ". Kan du inte komma? "
                                + "Avboka gärna så att någon annan kan få tiden.")));
    }

    @Test
    void rescheduleCancellationAndCertificateTextsInTheirLanguages() {
        String phone = phone();
        String personId = registered(phone, "Ada", "en");
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", AppointmentRescheduled.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setRequestId("r")
                .setAppointmentId("a-2").setPersonId(personId)
                .setPreviousClinicId("clinic-1").setPreviousSlotStart(SLOT).setClinicId("clinic-1").setService("covid-19")
                .setSlotStart(SLOT.plusSeconds(3600)).setSlotEnd(SLOT.plusSeconds(4500))
                .setClinicTimeZone("America/New_York").setDoseNumber(1).build());
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", AppointmentCancelled.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setRequestId("r2")
                .setAppointmentId("a-2").setPersonId(personId).setClinicId("clinic-1").setService("covid-19")
                .setSlotStart(SLOT.plusSeconds(3600)).setDoseNumber(1).setClinicTimeZone("America/New_York")
                .setReason("the vaccinator is ill").build());
        awaitInbox(phone,
                "Hello Ada, your covid-19 appointment has moved to Thu 12 Jun 2031 04:30 (America/New_York, UTC-04:00) at clinic-1. "
                        + "Confirmation code: " + Fixtures.code("a-2"),
                "Hello Ada, your covid-19 appointment at clinic-1 on Thu 12 Jun 2031 04:30 (America/New_York, UTC-04:00) is cancelled: "
                        + "the vaccinator is ill. You can book a new one at any time.");

        String spanishPhone = phone();
        String spanish = registered(spanishPhone, "Lucía", "es-ES");
        kafka.send(Topics.CERTIFICATES, "cert-1", CertificateIssued.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setCertificateId("cert-1").setPersonId(spanish).setVaccinationEventId("v-1")
                .setDoseNumber(2).setSeriesDoses(2).setExpiresAt(SLOT).setKeyId("k1").build());
        awaitInbox(spanishPhone, "Hola Lucía, su certificado de vacunación de la dosis 2 está listo: "
                + "http://127.0.0.1:8085/certificates/cert-1.pdf");
    }

    @Test
    void aMoveByTheClinicCarriesItsReasonInThePersonsLanguageAndAWalkInIsNotTexted() {
        String phone = phone();
        String personId = registered(phone, "Greta", "sv");
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", AppointmentBooked.newBuilder(booked(personId, "clinic-1", SLOT))
                .setWalkIn(true).build());
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", AppointmentRescheduled.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setRequestId("r-move")
                .setAppointmentId("a-3").setPersonId(personId)
                .setPreviousClinicId("clinic-1").setPreviousSlotStart(SLOT).setClinicId("clinic-1").setService("covid-19")
                .setSlotStart(SLOT.plusSeconds(3600)).setSlotEnd(SLOT.plusSeconds(4500))
                .setClinicTimeZone("Europe/Stockholm").setDoseNumber(1).setReason("vaccinatören är sjuk på förmiddagen").build());
        awaitInbox(phone, "Hej Greta! Din tid för covid-19 är flyttad till tors 12 juni 2031 10:30 (Europe/Stockholm, UTC+02:00) "
                + "på clinic-1. Mottagningen meddelar: vaccinatören är sjuk på förmiddagen. Bekräftelsekod: " + Fixtures.code("a-3"));
    }

    @Test
    void theSameEventReadTwiceIsTextedOnceAndRecordedOnce() throws Exception {
        String phone = phone();
        String personId = registered(phone, "Ada", "en");
        AppointmentBooked booked = booked(personId, "clinic-1", SLOT);
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", booked);
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", booked);
        AppointmentBooked after = booked(personId, "clinic-2", SLOT.plusSeconds(86400));
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", after);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(given().get("/inbox/" + phone).then().statusCode(200).extract().jsonPath().getList("text"))
                        .hasSize(2));
        assertThat(delivery(booked.getEventId())).isEqualTo("SENT/1");
        assertThat(delivery(after.getEventId())).isEqualTo("SENT/1");
    }

    @Test
    void anInvalidPhoneNumberIsParkedWithTheReasonAndAuditedAndTheNextEventIsSent() {
        String badPhone = "+4612";
        String bad = registered(badPhone, "Nobody", "en");
        AppointmentBooked unreachable = booked(bad, "clinic-1", SLOT);
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", unreachable);
        String phone = phone();
        String good = registered(phone, "Ada", "en");
        AppointmentBooked reachable = booked(good, "clinic-1", SLOT);
        kafka.send(Topics.BOOKING_EVENTS, "clinic-1", reachable);

        List<ConsumerRecord<String, byte[]>> parked = kafka.readRawUntil(Topics.BOOKING_EVENTS.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> reason(r).startsWith("invalid phone number")), Duration.ofSeconds(60));
        assertThat(parked).anySatisfy(r -> assertThat(reason(r)).doesNotContain(badPhone));
        NotificationFailed failed = kafka.await(Topics.NOTIFICATIONS, NotificationFailed.class,
                n -> n.getSourceEventId().equals(unreachable.getEventId()), Duration.ofSeconds(30));
        assertThat(failed.getWillRetry()).isFalse();
        assertThat(failed.getReason()).startsWith("invalid phone number");
        awaitInbox(phone, "Hello Ada, your covid-19 appointment at clinic-1 is booked for Thu 12 Jun 2031 09:30 "
                + "(Europe/Stockholm, UTC+02:00). Confirmation code: " + Fixtures.code(reachable.getAppointmentId())
                + Fixtures.links(reachable.getAppointmentId(), reachable.getSlotStart()));
    }

    /** state/attempts of the delivery record of an event's SMS. */
    static String delivery(String sourceEventId) throws Exception {
        Endpoints e = InfrastructureTestResource.endpoints();
        try (Connection db = DriverManager.getConnection(e.jdbcUrl("notifier"), e.dbUser(), e.dbPassword());
                PreparedStatement q = db.prepareStatement(
                        "SELECT state, attempts FROM deliveries WHERE source_event_id = ? AND channel = 'sms'")) {
            q.setString(1, sourceEventId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) + "/" + rs.getInt(2) : "none";
            }
        }
    }
}
