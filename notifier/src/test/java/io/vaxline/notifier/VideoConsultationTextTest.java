package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VideoConsultationBooked;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A video consultation booked through care (care-appointments, the restricted topic that carries the room link): the
 * patient gets the doctor, the time in the clinic's zone and the link by SMS, and by e-mail when they gave an address,
 * in their language; once per event, however often it is delivered. On the real broker, registry and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class VideoConsultationTextTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final Instant SLOT = Instant.parse("2031-03-04T08:00:00Z");

    @Inject
    MockMailbox mailbox;

    @Inject
    io.vaxline.notifier.channel.RecordingSmsChannel channel;

    @Test
    void textsTheRoomLinkOnceThoughTheEventIsDeliveredTwice() {
        String personId = UUID.randomUUID().toString();
        String phone = Fixtures.phone();
        kafka.send(Topics.PEOPLE, personId, Fixtures.person(personId, phone, "Ada Lovelace", "en"));
        VideoConsultationBooked booked = booked(personId, "Dr Grace Hopper");
        long repeatsBefore = channel.repeats();
        kafka.send(Topics.CARE_APPOINTMENTS, booked.getAppointmentId(), booked);
        kafka.send(Topics.CARE_APPOINTMENTS, booked.getAppointmentId(), booked);
        // Behind both copies on the same partition (same key): once its text is there, both copies have been handled.
        String otherPhone = Fixtures.phone();
        String other = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, other, Fixtures.person(other, otherPhone, "Alan Turing", "en"));
        VideoConsultationBooked marker = booked(other, "Dr Grace Hopper");
        marker.setAppointmentId(booked.getAppointmentId());
        kafka.send(Topics.CARE_APPOINTMENTS, marker.getAppointmentId(), marker);

        String expected = "Hello Ada Lovelace, your video consultation with Dr Grace Hopper is booked for "
                + "Tue 4 Mar 2031 09:00 (Europe/Stockholm, UTC+01:00). Join here at that time: " + booked.getVideoUrl();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inbox(otherPhone).size() == 1);
        assertThat(inbox(otherPhone).get(0)).contains(marker.getVideoUrl());
        assertThat(inbox(phone)).containsExactly(expected);
        // Not handed to the channel a second time either (the recording channel would absorb a repeated key, as providers
        // with idempotency keys do, and count it): the delivery log saw the copy's event id as sent.
        assertThat(channel.repeats()).isEqualTo(repeatsBefore);

        List<NotificationSent> sent = kafka.readToEnd(Topics.NOTIFICATIONS).stream().map(r -> r.value())
                .filter(NotificationSent.class::isInstance).map(NotificationSent.class::cast)
                .filter(n -> n.getSourceEventId().equals(booked.getEventId())).toList();
        assertThat(sent).isNotEmpty().allSatisfy(n -> {
            assertThat(n.getChannel()).isEqualTo("sms");
            assertThat(n.getKind()).isEqualTo("video-consultation");
        });
        // The second copy is audited again under the same id (the same outcome of the same attempt), not sent again.
        assertThat(sent.stream().map(NotificationSent::getEventId).distinct()).hasSize(1);
        assertThat(InfrastructureTestResource.topics().readRawToEnd(Topics.CARE_APPOINTMENTS.deadLetterTopic()).stream()
                .filter(r -> booked.getAppointmentId().equals(r.key()))).isEmpty();
    }

    @Test
    void goesByEmailTooInThePersonsLanguage() {
        String email = "video-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String personId = UUID.randomUUID().toString();
        String phone = Fixtures.phone();
        kafka.send(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setPhone(phone).setName("Greta")
                .setBirthYear(1980).setLanguage("sv").setEmail(email).build());
        VideoConsultationBooked booked = booked(personId, "Dr Lise Meitner");
        kafka.send(Topics.CARE_APPOINTMENTS, booked.getAppointmentId(), booked);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mailbox.getMailsSentTo(email).isEmpty());
        Mail mail = mailbox.getMailsSentTo(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Ditt videobesök hos Dr Lise Meitner: tis 4 mars 2031 09:00 (Europe/Stockholm, UTC+01:00)");
        assertThat(mail.getText()).startsWith("Hej Greta!").contains("Anslut till mötesrummet vid den tiden: " + booked.getVideoUrl());
        assertThat(mail.getAttachments()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inbox(phone).size() == 1);
        assertThat(inbox(phone).get(0)).startsWith("Hej Greta! Ditt videobesök hos Dr Lise Meitner är bokat ")
                .endsWith("Anslut här vid den tiden: " + booked.getVideoUrl());
    }

    @Test
    void aConsultationAlreadyBegunIsNotTexted() {
        String personId = UUID.randomUUID().toString();
        String phone = Fixtures.phone();
        kafka.send(Topics.PEOPLE, personId, Fixtures.person(personId, phone, "Ada Lovelace", "en"));
        VideoConsultationBooked past = booked(personId, "Dr Grace Hopper");
        past.setSlotStart(Instant.now().minus(1, ChronoUnit.HOURS));
        kafka.send(Topics.CARE_APPOINTMENTS, past.getAppointmentId(), past);
        VideoConsultationBooked next = booked(personId, "Dr Grace Hopper");
        next.setAppointmentId(past.getAppointmentId());
        kafka.send(Topics.CARE_APPOINTMENTS, next.getAppointmentId(), next);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inbox(phone).size() == 1);
        assertThat(inbox(phone).get(0)).endsWith(next.getVideoUrl());
    }

    /** The texts recorded for {@code phone} (the inbox of a number nothing was sent to answers 404). */
    private static List<String> inbox(String phone) {
        var response = given().when().get("/inbox/" + phone);
        if (response.statusCode() == 404) {
            return List.of();
        }
        return response.then().statusCode(200).extract().jsonPath().getList("text", String.class);
    }

    private static VideoConsultationBooked booked(String personId, String doctor) {
        return VideoConsultationBooked.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setAppointmentId(UUID.randomUUID().toString()).setPersonId(personId).setClinicId("clinic-1")
                .setDoctorName(doctor).setSlotStart(SLOT).setClinicTimeZone("Europe/Stockholm")
                .setVideoUrl("https://meet.jit.si/" + UUID.randomUUID().toString().replace("-", "")).build();
    }
}
