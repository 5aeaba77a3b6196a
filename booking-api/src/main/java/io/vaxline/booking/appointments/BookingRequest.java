package io.vaxline.booking.appointments;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The outcome of one booking, reschedule or cancel request (read model of booking-events). */
@Entity
@Table(name = "booking_request")
public class BookingRequest extends PanacheEntityBase {

    @Id
    public String requestId;
    public String personId;
    /** BOOKED, RESCHEDULED, CANCELLED or REJECTED. */
    public String outcome;
    public String reason;
    public String detail;
    public String appointmentId;
    public Instant decidedAt;
}
