package io.vaxline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * People who gave an e-mail address get their confirmation by e-mail too, with the appointment as an .ics
 * file, and the day-before reminder, in their language; the text still goes to their phone.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AppointmentEmailTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final Instant SLOT = Instant.parse("2031-06-12T07:30:00Z");

    @Inject
    MockMailbox mailbox;

    @Test
    void aConfirmationByEmailCarriesTheAppointmentAsIcsAndTheLinks() {
        String email = "ics-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String personId = registered(email, "en");
        AppointmentBooked booked = Fixtures.booked(personId, "clinic-1", SLOT);
        kafka.send(Topics.BOOKING_EVENTS, booked.getClinicId(), booked);

        Mail mail = awaitMail(email);
        assertThat(mail.getSubject()).isEqualTo("Your covid-19 appointment: Thu 12 Jun 2031 09:30 (Europe/Stockholm, UTC+02:00)");
        assertThat(mail.getText()).startsWith("Hello Ada,")
                .contains("Confirmation code: " + Fixtures.code(booked.getAppointmentId()))
                .contains(Fixtures.links(booked.getAppointmentId(), SLOT).replace(" Move: ", "Another time: ")
                        .replace(" Cancel: ", "\nCancel: "));
        assertThat(mail.getAttachments()).singleElement().satisfies(ics -> {
            assertThat(ics.getName()).isEqualTo("appointment.ics");
            assertThat(ics.getContentType()).startsWith("text/calendar");
            List<Byte> data = io.smallrye.mutiny.Multi.createFrom().publisher(ics.getData()).collect().asList().await().indefinitely();
            byte[] bytes = new byte[data.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = data.get(i);
            }
            String calendar = new String(bytes, StandardCharsets.UTF_8);
            assertThat(calendar).startsWith("BEGIN:VCALENDAR\r\n").contains("\r\nUID:" + booked.getAppointmentId() + "@vaxline\r\n")
                    .contains("\r\nDTSTART:20310612T073000Z\r\n").contains("\r\nDTEND:20310612T074500Z\r\n")
                    .endsWith("END:VCALENDAR\r\n");
            assertThat(calendar.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        });
        List<String> channels = kafka.readUntil(Topics.NOTIFICATIONS, read -> channels(read, booked).size() >= 2,
                Duration.ofSeconds(30)).stream().collect(java.util.stream.Collectors.collectingAndThen(
                        java.util.stream.Collectors.toList(), read -> channels(read, booked)));
        assertThat(channels.stream().distinct()).containsExactlyInAnyOrder("sms", "email");
    }

    @Test
    void theReminderGoesByEmailInThePersonsLanguage() {
        String email = "reminder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String personId = registered(email, "sv");
        String appointmentId = UUID.randomUUID().toString();
        Instant slot = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        kafka.send(Topics.APPOINTMENT_REMINDERS, appointmentId, AppointmentReminderDue.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAppointmentId(appointmentId)
                .setPersonId(personId).setClinicId("clinic-1").setService("covid-19")
                .setSlotStart(slot).setClinicTimeZone("Europe/Stockholm").build());

        Mail mail = awaitMail(email);
        assertThat(mail.getSubject()).startsWith("Påminnelse: covid-19 i morgon, ");
        assertThat(mail.getText()).startsWith("Hej Ada!").contains("Bekräftelsekod: " + Fixtures.code(appointmentId))
                .contains("Avboka: " + Fixtures.LINK_URL);
        assertThat(mail.getAttachments()).isEmpty();
    }

    private static List<String> channels(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> read,
            AppointmentBooked booked) {
        return read.stream().map(r -> r.value()).filter(NotificationSent.class::isInstance).map(NotificationSent.class::cast)
                .filter(n -> n.getSourceEventId().equals(booked.getEventId())).map(NotificationSent::getChannel).toList();
    }

    private Mail awaitMail(String email) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mailbox.getMailsSentTo(email).isEmpty());
        return mailbox.getMailsSentTo(email).get(0);
    }

    private static String registered(String email, String language) {
        String personId = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setPhone(Fixtures.phone()).setName("Ada")
                .setBirthYear(1980).setLanguage(language).setEmail(email).build());
        return personId;
    }
}
