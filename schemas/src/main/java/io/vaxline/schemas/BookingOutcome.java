package io.vaxline.schemas;

import java.util.Optional;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.events.WaitlistOfferExpired;
import io.vaxline.events.WaitlistOfferMade;

import org.apache.avro.specific.SpecificRecord;

/**
 * Which request, person and clinic a booking outcome belongs to. Every type on booking-events
 * carries these fields; this is the one place that knows them. A waitlist offer answers no request
 * of its own: its request id is the offer id (an AcceptWaitlistOffer names it).
 */
public record BookingOutcome(String requestId, String personId, String clinicId) {

    /** The outcome's routing fields, or empty when the record is not a booking outcome. */
    public static Optional<BookingOutcome> of(SpecificRecord record) {
        return Optional.ofNullable(switch (record) {
            case AppointmentBooked e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case BookingRejected e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case AppointmentRescheduled e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case AppointmentCancelled e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case WaitlistJoined e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case WaitlistLeft e -> new BookingOutcome(e.getRequestId(), e.getPersonId(), e.getClinicId());
            case WaitlistOfferMade e -> new BookingOutcome(e.getOfferId(), e.getPersonId(), e.getClinicId());
            case WaitlistOfferExpired e -> new BookingOutcome(e.getOfferId(), e.getPersonId(), e.getClinicId());
            case null, default -> null;
        });
    }
}
