package io.vaxline.care.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.care.appointments.CareAppointments.CareAppointment;
import io.vaxline.care.doctors.Doctors;
import io.vaxline.care.doctors.Doctors.AppointmentType;
import io.vaxline.care.doctors.Doctors.Doctor;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.VideoConsultationBooked;
import io.vaxline.schemas.Topics;

/**
 * Recording what booking-api booked (the step of {@code POST /care-appointments} after its 201; the whole request, through
 * booking-api and scheduler-stream, is e2e's CareIT): a video type's room link goes to the restricted care-appointments
 * topic through the outbox, once, on the real PostgreSQL, broker and registry, as care's own principal.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class VideoConsultationEventsTest {

    private static final String BASE_URL = "https://meet.example.org/";

    @Inject
    CareAppointments appointments;

    @Inject
    Doctors db;

    private Doctor doctor() {
        String id = "d" + UUID.randomUUID().toString().substring(0, 8);
        Doctor doctor = new Doctor(id, "clinic-" + id, "Dr Ada Lovelace", "ada", "dr-" + id, 20);
        db.add(doctor);
        return doctor;
    }

    private AppointmentType type(Doctor doctor, String mode) {
        AppointmentType type = new AppointmentType("t" + UUID.randomUUID().toString().substring(0, 8), doctor.doctorId(),
                mode.equals("VIDEO") ? "Video consultation" : "Visit", mode, 20, 0, "SEK");
        db.addType(type);
        return type;
    }

    private long pendingOf(String appointmentId) {
        return db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ? AND sent_at IS NULL", rs -> rs.getLong(1),
                appointmentId).get(0);
    }

    private long rowsOf(String appointmentId) {
        return db.query("SELECT count(*) FROM payment_outbox WHERE appointment_id = ?", rs -> rs.getLong(1), appointmentId).get(0);
    }

    /** Once the outbox has nothing left for the appointment, every event of it that will be published is on the topic. */
    private List<SpecificRecord> eventsOf(String appointmentId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pendingOf(appointmentId) > 0) {
            assertThat(System.nanoTime()).as("the outbox of " + appointmentId + " is sent within 30 s").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return InfrastructureTestResource.topics().readToEnd(Topics.CARE_APPOINTMENTS).stream()
                .filter(r -> appointmentId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    @Test
    void aVideoConsultationIsOneVideoConsultationBookedWithTheRoomLinkStoredForTheAppointment() {
        Doctor doctor = doctor();
        AppointmentType video = type(doctor, "VIDEO");
        String appointmentId = UUID.randomUUID().toString();
        String personId = UUID.randomUUID().toString();
        Instant slot = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);

        CareAppointment booked = appointments.booked(doctor, video, appointmentId, personId, "household-1", slot,
                "Europe/Stockholm", BASE_URL);
        // The same booking answered again (same Idempotency-Key): the row, its room and its one event are kept.
        CareAppointment again = appointments.booked(doctor, video, appointmentId, personId, "household-1", slot,
                "Europe/Stockholm", BASE_URL);

        assertThat(booked.videoUrl()).startsWith(BASE_URL).hasSize(BASE_URL.length() + 22);
        assertThat(again.videoUrl()).isEqualTo(booked.videoUrl());
        assertThat(rowsOf(appointmentId)).isEqualTo(1);
        assertThat(eventsOf(appointmentId)).singleElement().isInstanceOfSatisfying(VideoConsultationBooked.class, e -> {
            assertThat(e.getVideoUrl()).isEqualTo(appointments.find(appointmentId).orElseThrow().videoUrl());
            assertThat(e.getPersonId()).isEqualTo(personId);
            assertThat(e.getClinicId()).isEqualTo(doctor.clinicId());
            assertThat(e.getDoctorName()).isEqualTo("Dr Ada Lovelace");
            assertThat(e.getSlotStart()).isEqualTo(slot);
            assertThat(e.getClinicTimeZone()).isEqualTo("Europe/Stockholm");
            assertThat(e.getEventId()).isNotBlank();
        });
        // The link goes nowhere analysts read: not with the payments, nor on the booking's own topic.
        assertThat(InfrastructureTestResource.topics().readToEnd(Topics.PAYMENT_EVENTS))
                .noneMatch(r -> appointmentId.equals(r.key()));
    }

    @Test
    void anInPersonAppointmentHasNoRoomAndWritesNoEvent() {
        Doctor doctor = doctor();
        AppointmentType visit = type(doctor, "IN_PERSON");
        String appointmentId = UUID.randomUUID().toString();

        CareAppointment booked = appointments.booked(doctor, visit, appointmentId, UUID.randomUUID().toString(), "household-2",
                Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES), "Europe/Stockholm", BASE_URL);

        assertThat(booked.videoUrl()).isNull();
        assertThat(rowsOf(appointmentId)).isZero();
        // A video consultation booked after it is published: had the visit written anything, it would be there by now.
        Doctor other = doctor();
        String later = UUID.randomUUID().toString();
        appointments.booked(other, type(other, "VIDEO"), later, UUID.randomUUID().toString(), "household-2",
                Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES), "Europe/Stockholm", BASE_URL);
        assertThat(eventsOf(later)).hasSize(1);
        assertThat(InfrastructureTestResource.topics().readToEnd(Topics.CARE_APPOINTMENTS))
                .noneMatch(r -> appointmentId.equals(r.key()));
    }
}
