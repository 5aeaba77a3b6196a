package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Keys of the clinic-partitioned stores. They start with the clinic and the day so that one prefix
 * scan finds everything a day's availability view needs. Ids never contain '|' (booking-api
 * validates them).
 */
final class StoreKeys {

    static final String SEPARATOR = "|";

    private StoreKeys() {
    }

    static String clinic(String clinicId) {
        return clinicId + SEPARATOR;
    }

    static String day(String clinicId, LocalDate date) {
        return clinic(clinicId) + date + SEPARATOR;
    }

    static String session(String clinicId, LocalDate date, String sessionId) {
        return day(clinicId, date) + sessionId;
    }

    static String seats(String clinicId, LocalDate date, String sessionId, Instant slotStart) {
        return session(clinicId, date, sessionId) + SEPARATOR + slotStart.toEpochMilli();
    }

    static String holder(String seatsKey, String appointmentId) {
        return seatsKey + SEPARATOR + appointmentId;
    }

    /** The seats key a holder key belongs to. */
    static String seatsOf(String holderKey) {
        return holderKey.substring(0, holderKey.lastIndexOf(SEPARATOR));
    }

    /** Key of the seat an appointment holds in one slot, for a lookup that does not need the session. */
    static String appointmentSeat(String clinicId, LocalDate date, String appointmentId, Instant slotStart) {
        return day(clinicId, date) + appointmentId + SEPARATOR + slotStart.toEpochMilli();
    }

    /** The {@link #appointmentSeat} key of a holder key (clinic|date|session|slot|appointment). */
    static String appointmentSeatOf(String holderKey) {
        String[] parts = holderKey.split("\\|");
        return parts[0] + SEPARATOR + parts[1] + SEPARATOR + parts[4] + SEPARATOR + parts[3];
    }

    /** The day of a key that starts with clinic|date, as the day-keyed stores' keys do. */
    static LocalDate dayOf(String key) {
        int from = key.indexOf(SEPARATOR) + 1;
        int to = key.indexOf(SEPARATOR, from);
        return LocalDate.parse(to < 0 ? key.substring(from) : key.substring(from, to));
    }

    static String stock(String clinicId, String service) {
        return clinicId + SEPARATOR + service;
    }

    static String lot(String clinicId, String service, String lot) {
        return stock(clinicId, service) + SEPARATOR + lot;
    }

    /** Prefix of the {@link #appointmentSeat} keys of one appointment on one day, whatever its slot. */
    static String appointmentSeats(String clinicId, LocalDate date, String appointmentId) {
        return day(clinicId, date) + appointmentId + SEPARATOR;
    }

    /** What became of an appointment on its day. */
    static String attendance(String clinicId, LocalDate date, String appointmentId) {
        return day(clinicId, date) + appointmentId;
    }

    /** A dose given without an appointment, by the id of its event. */
    static String doseWithoutAppointment(String clinicId, LocalDate date, String eventId) {
        return day(clinicId, date) + "dose:" + eventId;
    }

    /** Key of the compacted slot-availability topic. */
    static String availability(String clinicId, LocalDate date) {
        return clinicId + SEPARATOR + date;
    }
}
