package io.vaxline.booking.appointments;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;


/** An appointment as its owner sees it; times also in the clinic's local time. */
public record AppointmentView(
        String appointmentId,
        String status,
        String confirmationCode,
        String personId,
        String clinicId,
        String service,
        Instant slotStart,
        Instant slotEnd,
        ZonedDateTime localStart,
        String timeZone,
        int doseNumber) {

    public static AppointmentView of(Appointment a) {
        ZoneId zone = a.timeZone == null ? ZoneId.of("UTC") : ZoneId.of(a.timeZone);
        return new AppointmentView(a.appointmentId, a.status, a.confirmationCode, a.personId, a.clinicId, a.service,
                a.slotStart, a.slotEnd, a.slotStart.atZone(zone), zone.getId(), a.doseNumber);
    }
}
