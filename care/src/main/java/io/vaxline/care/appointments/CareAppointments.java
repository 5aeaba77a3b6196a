package io.vaxline.care.appointments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vaxline.care.doctors.Doctors;

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

    /** A booking answered again (same Idempotency-Key) keeps the row, and its room, it had. */
    public CareAppointment record(CareAppointment a) {
        db.update("INSERT INTO care_appointment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (appointment_id) DO NOTHING",
                a.appointmentId(), a.doctorId(), a.typeId(), a.clinicId(), a.personId(), a.householdId(), a.slotStart(),
                a.status(), a.videoUrl(), a.timeZone());
        return find(a.appointmentId()).orElseThrow();
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
