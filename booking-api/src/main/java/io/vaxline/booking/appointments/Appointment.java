package io.vaxline.booking.appointments;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An appointment as booking-events last described it (read model; scheduler-stream decides). */
@Entity
@Table(name = "appointment")
public class Appointment extends PanacheEntityBase {

    public static final String BOOKED = "BOOKED";
    public static final String CANCELLED = "CANCELLED";

    @Id
    public String appointmentId;
    public String personId;
    public String clinicId;
    public String service;
    public Instant slotStart;
    public Instant slotEnd;
    public String timeZone;
    public int doseNumber;
    public String confirmationCode;
    public String status;
    public Instant updatedAt;
    /** When the dose was reported given (vaccinations topic); null until then. */
    public Instant attendedAt;
    /** When staff checked the person in (AppointmentCheckedIn); null until then. */
    public Instant checkedInAt;
    /** When the appointment was marked missed (AppointmentMissed, by staff or after the session); null unless it was. */
    public Instant missedAt;
}
