package io.vaxline.care.doctors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vaxline.care.doctors.Calendar.Hours;

/** Doctors, their hours, exceptions, published sessions and appointment types in PostgreSQL. */
@ApplicationScoped
public class Doctors {

    public record Doctor(String doctorId, String clinicId, String name, String staffName, String service, int slotMinutes) {
    }

    public record AppointmentType(String typeId, String doctorId, String name, String mode, int minutes, long feeMinor,
            String currency) {
    }

    @Inject
    DataSource db;

    public void add(Doctor doctor) {
        update("INSERT INTO doctor (doctor_id, clinic_id, name, staff_name, service, slot_minutes) VALUES (?, ?, ?, ?, ?, ?)",
                doctor.doctorId(), doctor.clinicId(), doctor.name(), doctor.staffName(), doctor.service(), doctor.slotMinutes());
    }

    public Optional<Doctor> find(String doctorId) {
        return query("SELECT doctor_id, clinic_id, name, staff_name, service, slot_minutes FROM doctor WHERE doctor_id = ?",
                Doctors::doctor, doctorId).stream().findFirst();
    }

    public List<Doctor> atClinic(String clinicId) {
        return query("SELECT doctor_id, clinic_id, name, staff_name, service, slot_minutes FROM doctor WHERE clinic_id = ? ORDER BY name",
                Doctors::doctor, clinicId);
    }

    public boolean serviceTaken(String service) {
        return !query("SELECT 1 FROM doctor WHERE service = ?", rs -> 1, service).isEmpty();
    }

    public List<Hours> week(String doctorId) {
        return query("SELECT weekday, start_time, end_time FROM weekly_hours WHERE doctor_id = ? ORDER BY weekday, start_time",
                rs -> new Hours(rs.getInt(1), rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class)), doctorId);
    }

    public void replaceWeek(String doctorId, List<Hours> week) {
        inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM weekly_hours WHERE doctor_id = ?")) {
                delete.setString(1, doctorId);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO weekly_hours (doctor_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?)")) {
                for (Hours hours : week) {
                    insert.setString(1, doctorId);
                    insert.setInt(2, hours.weekday());
                    insert.setObject(3, hours.start());
                    insert.setObject(4, hours.end());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    public Map<LocalDate, Calendar.Exception> exceptions(String doctorId) {
        Map<LocalDate, Calendar.Exception> exceptions = new LinkedHashMap<>();
        for (Calendar.Exception e : query("SELECT day, start_time, end_time, note FROM calendar_exception WHERE doctor_id = ? ORDER BY day",
                rs -> new Calendar.Exception(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalTime.class),
                        rs.getObject(3, LocalTime.class), rs.getString(4)), doctorId)) {
            exceptions.put(e.day(), e);
        }
        return exceptions;
    }

    public void putException(String doctorId, Calendar.Exception exception) {
        update("INSERT INTO calendar_exception (doctor_id, day, start_time, end_time, note) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (doctor_id, day) DO UPDATE SET start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, note = EXCLUDED.note",
                doctorId, exception.day(), exception.start(), exception.end(), exception.note());
    }

    public boolean removeException(String doctorId, LocalDate day) {
        return update("DELETE FROM calendar_exception WHERE doctor_id = ? AND day = ?", doctorId, day) > 0;
    }

    public List<Calendar.Window> published(String doctorId) {
        return query("SELECT day, start_time, end_time FROM published_session WHERE doctor_id = ? ORDER BY day, start_time",
                rs -> new Calendar.Window(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalTime.class),
                        rs.getObject(3, LocalTime.class)), doctorId);
    }

    public void recordPublished(String doctorId, Calendar.Window window) {
        update("INSERT INTO published_session (doctor_id, session_id, day, start_time, end_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                doctorId, window.sessionId(doctorId), window.day(), window.start(), window.end());
    }

    public void recordWithdrawn(String doctorId, Calendar.Window window) {
        update("DELETE FROM published_session WHERE doctor_id = ? AND session_id = ?", doctorId, window.sessionId(doctorId));
    }

    public void addType(AppointmentType type) {
        update("INSERT INTO appointment_type (type_id, doctor_id, name, mode, minutes, fee_minor, currency) VALUES (?, ?, ?, ?, ?, ?, ?)",
                type.typeId(), type.doctorId(), type.name(), type.mode(), type.minutes(), type.feeMinor(), type.currency());
    }

    public List<AppointmentType> types(String doctorId) {
        return query("SELECT type_id, doctor_id, name, mode, minutes, fee_minor, currency FROM appointment_type WHERE doctor_id = ? ORDER BY name",
                Doctors::type, doctorId);
    }

    public Optional<AppointmentType> type(String typeId) {
        return query("SELECT type_id, doctor_id, name, mode, minutes, fee_minor, currency FROM appointment_type WHERE type_id = ?",
                Doctors::type, typeId).stream().findFirst();
    }

    private static Doctor doctor(ResultSet rs) throws SQLException {
        return new Doctor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6));
    }

    private static AppointmentType type(ResultSet rs) throws SQLException {
        return new AppointmentType(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getLong(6), rs.getString(7).trim());
    }

    // --- plain JDBC, one statement per call ---

    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    public <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void inTransaction(Work work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof java.time.Instant instant) {
                s.setObject(i + 1, java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
            } else if (arg instanceof LocalTime time) {
                s.setObject(i + 1, time);
            } else {
                s.setObject(i + 1, arg);
            }
        }
    }
}
