package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BookingConfirmationTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    /**
     * The booking carries no code (analysts read booking-events): the text has the keyed hash of the appointment
     * id under the pepper, the code booking-api shows (AppointmentApiTest checks that side with the same function).
     */
    @Test
    void textsTheConfirmationCodeInTheClinicsLocalTimeAndRecordsTheDelivery() {
        String personId = UUID.randomUUID().toString();
        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        kafka.send(Topics.PEOPLE, personId, person(personId, phone));
        AppointmentBooked booked = booked(personId, Instant.parse("2030-03-04T08:00:00Z"));
        kafka.send(Topics.BOOKING_EVENTS, booked.getClinicId(), booked);

        String code = Fixtures.code(booked.getAppointmentId());
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/inbox/" + phone).then().statusCode(200)
                        .body("text", hasItem("Hello Ada Lovelace, your covid-19 appointment at clinic-1 is booked for "
                                + "Mon 4 Mar 2030 09:00 (Europe/Stockholm, UTC+01:00). Confirmation code: " + code
                                + Fixtures.links(booked.getAppointmentId(), booked.getSlotStart()))));
        NotificationSent sent = kafka.await(Topics.NOTIFICATIONS, NotificationSent.class,
                n -> n.getSourceEventId().equals(booked.getEventId()), Duration.ofSeconds(30));
        assertThat(sent.getChannel()).isEqualTo("sms");
        assertThat(sent.getKind()).isEqualTo("booking-confirmation");
    }

    @Test
    void aBookingWrittenWhileCodesWereOnTheTopicsIsTextedWithTheCodeItCarries() {
        String personId = UUID.randomUUID().toString();
        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        kafka.send(Topics.PEOPLE, personId, person(personId, phone));
        AppointmentBooked older = booked(personId, Instant.parse("2030-03-04T08:00:00Z"));
        older.setConfirmationCode("K7M3-Q9XD");
        kafka.send(Topics.BOOKING_EVENTS, older.getClinicId(), older);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/inbox/" + phone).then().statusCode(200)
                        .body("text", hasItem("Hello Ada Lovelace, your covid-19 appointment at clinic-1 is booked for "
                                + "Mon 4 Mar 2030 09:00 (Europe/Stockholm, UTC+01:00). Confirmation code: K7M3-Q9XD"
                                + Fixtures.links(older.getAppointmentId(), older.getSlotStart()))));
    }

    @Test
    void parksAConfirmationForAnUnknownPersonWithTheReasonAndGoesOn() {
        AppointmentBooked orphan = booked("nobody-" + UUID.randomUUID(), Instant.parse("2030-03-04T08:00:00Z"));
        kafka.send(Topics.BOOKING_EVENTS, orphan.getClinicId(), orphan);

        List<ConsumerRecord<String, byte[]>> parked = kafka.readRawUntil(Topics.BOOKING_EVENTS.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> reason(r).contains(orphan.getPersonId())), Duration.ofSeconds(60));
        assertThat(parked).anySatisfy(r -> assertThat(reason(r)).contains("unknown person " + orphan.getPersonId()));
        textsTheConfirmationCodeInTheClinicsLocalTimeAndRecordsTheDelivery();
    }

    @Test
    void parksUndecodableBytesAndGoesOn() {
        kafka.sendRaw(Topics.BOOKING_EVENTS.name(), "clinic-1", "garbage".getBytes(StandardCharsets.UTF_8));

        kafka.readRawUntil(Topics.BOOKING_EVENTS.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> "garbage".equals(new String(r.value() == null ? new byte[0] : r.value(),
                        StandardCharsets.UTF_8))), Duration.ofSeconds(60));
        textsTheConfirmationCodeInTheClinicsLocalTimeAndRecordsTheDelivery();
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(DeadLetters.REASON);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static PersonRegistered person(String personId, String phone) {
        return PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setPhone(phone).setName("Ada Lovelace").setBirthYear(1980).setLanguage("en").build();
    }

    private static AppointmentBooked booked(String personId, Instant slotStart) {
        return AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setRequestId(UUID.randomUUID().toString()).setAppointmentId(UUID.randomUUID().toString())
                .setPersonId(personId).setClinicId("clinic-1").setService("covid-19")
                .setSlotStart(slotStart).setSlotEnd(slotStart.plusSeconds(900)).setClinicTimeZone("Europe/Stockholm")
                .setDoseNumber(1).build();
    }
}
