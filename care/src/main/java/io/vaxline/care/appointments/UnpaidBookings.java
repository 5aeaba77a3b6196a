package io.vaxline.care.appointments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vaxline.care.appointments.CareAppointments.CareAppointment;
import io.vaxline.care.platform.BookingApi;

/**
 * A booking whose fee the provider reports failed after the booking (a charge that was still processing) gives its
 * seat back: care cancels it through booking-api's staff cancellation, with the reason the person is texted, as
 * care itself (its own administrator login; no caller's token is there when a webhook arrives). Only a booked
 * appointment is cancelled, so a report delivered twice, or retried after booking-api was away, cancels it once.
 */
@ApplicationScoped
public class UnpaidBookings {

    static final String REASON = "The fee could not be paid";

    @Inject
    CareAppointments appointments;

    @Inject
    BookingApi bookingApi;

    /** True when the appointment was booked and is now cancelled (or its cancellation is on its way). */
    public boolean release(String appointmentId) {
        CareAppointment appointment = appointments.find(appointmentId).filter(a -> "BOOKED".equals(a.status())).orElse(null);
        if (appointment == null) {
            return false;
        }
        BookingApi.Reply reply = bookingApi.cancelAsStaff(bookingApi.serviceBearer(), appointment.clinicId(), appointmentId, REASON);
        // 409: booking-api has it cancelled already (the household or the clinic was quicker); the seat is free either way.
        if (reply.status() != 200 && reply.status() != 202 && reply.status() != 409) {
            BookingApi.expect(reply, 200);
        }
        appointments.changeStatus(appointmentId, CareAppointmentResource.PAYMENT_FAILED);
        return true;
    }
}
