package io.vaxline.care.appointments;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vaxline.care.doctors.Doctors;
import io.vaxline.care.doctors.Doctors.AppointmentType;
import io.vaxline.care.doctors.Doctors.Doctor;
import io.vaxline.care.payments.PaymentOutbox;
import io.vaxline.events.VideoConsultationBooked;

/** The appointments booked through care and their consultation notes, in PostgreSQL. */
@ApplicationScoped
public class CareAppointments {

    public record CareAppointment(String appointmentId, String doctorId, String typeId, String clinicId, String personId,
            String householdId, Instant slotStart, String status, String videoUrl, String timeZone) {
    }

    public record Note(String noteId, String appointmentId, String text, String icd10Code, String icd10Display,
            String recordedBy, Instant recordedAt) {
    }

    private static final String COLUMNS = "appointment_id, doctor_id, type_id, clinic_id, person_id, household_id, slot_start, status, video_url, time_zone";

    @Inject
    Doctors db;

    /**
     * Records an appointment booking-api has booked. A video type gets its room ({@link VideoRooms}), and its
     * {@code VideoConsultationBooked} (with the link, for the notifier to send the patient) goes to care's outbox in the
     * same transaction as the row, so the two never diverge; the relay publishes it to the restricted
     * {@code care-appointments}. A booking answered again (same Idempotency-Key) keeps the row, the room and the one event
     * it had.
     */
    public CareAppointment booked(Doctor doctor, AppointmentType type, String appointmentId, String personId, String householdId,
            Instant slotStart, String timeZone, String videoBaseUrl) {
        String videoUrl = "VIDEO".equals(type.mode()) ? VideoRooms.link(videoBaseUrl) : null;
        db.inTransaction(c -> {
            int inserted;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO care_appointment (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (appointment_id) DO NOTHING")) {
                insert.setString(1, appointmentId);
                insert.setString(2, doctor.doctorId());
                insert.setString(3, type.typeId());
                insert.setString(4, doctor.clinicId());
                insert.setString(5, personId);
                insert.setString(6, householdId);
                insert.setObject(7, OffsetDateTime.ofInstant(slotStart, ZoneOffset.UTC));
                insert.setString(8, "BOOKED");
                insert.setString(9, videoUrl);
                insert.setString(10, timeZone);
                inserted = insert.executeUpdate();
            }
            if (inserted == 1 && videoUrl != null) {
                String eventId = UUID.randomUUID().toString();
                PaymentOutbox.append(c, eventId, appointmentId, VideoConsultationBooked.newBuilder().setEventId(eventId)
                        .setOccurredAt(Instant.now()).setAppointmentId(appointmentId).setPersonId(personId)
                        .setClinicId(doctor.clinicId()).setDoctorName(doctor.name()).setSlotStart(slotStart)
                        .setClinicTimeZone(timeZone).setVideoUrl(videoUrl).build());
            }
        });
        return find(appointmentId).orElseThrow();
    }

    public Optional<CareAppointment> find(String appointmentId) {
        return db.query("SELECT " + COLUMNS + " FROM care_appointment WHERE appointment_id = ?", CareAppointments::row, appointmentId)
                .stream().findFirst();
    }

    public List<CareAppointment> ofHousehold(String householdId) {
        return db.query("SELECT " + COLUMNS + " FROM care_appointment WHERE household_id = ? ORDER BY slot_start",
                CareAppointments::row, householdId);
    }

    public List<CareAppointment> ofDoctor(String doctorId, Instant from, Instant to) {
        return db.query("SELECT " + COLUMNS + " FROM care_appointment WHERE doctor_id = ? AND slot_start >= ? AND slot_start < ? ORDER BY slot_start",
                CareAppointments::row, doctorId, from, to);
    }

    public void changeStatus(String appointmentId, String status) {
        db.update("UPDATE care_appointment SET status = ? WHERE appointment_id = ?", status, appointmentId);
    }

    public void moved(String appointmentId, Instant slotStart) {
        db.update("UPDATE care_appointment SET slot_start = ? WHERE appointment_id = ?", slotStart, appointmentId);
    }

    public Note addNote(String appointmentId, String text, String code, String display, String recordedBy) {
        String noteId = UUID.randomUUID().toString();
        db.update("INSERT INTO consultation_note (note_id, appointment_id, text, icd10_code, icd10_display, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                noteId, appointmentId, text, code, display, recordedBy);
        return notes(appointmentId).stream().filter(n -> n.noteId().equals(noteId)).findFirst().orElseThrow();
    }

    public List<Note> notes(String appointmentId) {
        return db.query("SELECT note_id, appointment_id, text, icd10_code, icd10_display, recorded_by, recorded_at FROM consultation_note "
                + "WHERE appointment_id = ? ORDER BY recorded_at", rs -> new Note(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant()),
                appointmentId);
    }

    private static CareAppointment row(ResultSet rs) throws SQLException {
        return new CareAppointment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9), rs.getString(10));
    }
}
