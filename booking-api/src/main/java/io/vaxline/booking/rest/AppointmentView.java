package io.vaxline.booking.rest;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import io.vaxline.events.AppointmentBooked;

/** An appointment as its owner sees it; times also in the clinic's local time. */
public record AppointmentView(
        String appointmentId,
        String requestId,
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

    static AppointmentView of(AppointmentBooked booked) {
        ZoneId zone = ZoneId.of(booked.getClinicTimeZone());
        return new AppointmentView(booked.getAppointmentId(), booked.getRequestId(), "BOOKED",
                booked.getConfirmationCode(), booked.getPersonId(), booked.getClinicId(), booked.getService(),
                booked.getSlotStart(), booked.getSlotEnd(), booked.getSlotStart().atZone(zone), zone.getId(),
                booked.getDoseNumber());
    }
}
