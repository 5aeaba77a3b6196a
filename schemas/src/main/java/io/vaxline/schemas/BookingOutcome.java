package io.vaxline.schemas;

import java.util.Optional;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;

import org.apache.avro.specific.SpecificRecord;

/**
 * Which request, person and clinic a booking outcome belongs to. The four outcome types on
 * booking-events carry these fields each; this is the one place that knows them.
 */
public record BookingOutcome(String requestId, String personId, String clinicId) {

    /** The outcome's routing fields, or empty when the record is not a booking outcome. */
    public static Optional<BookingOutcome> of(SpecificRecord record) {
        return Optional.ofNullable(switch (record) {
            case AppointmentBooked e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case BookingRejected e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case AppointmentRescheduled e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case AppointmentCancelled e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case null, default -> null;
        });
    }
}
