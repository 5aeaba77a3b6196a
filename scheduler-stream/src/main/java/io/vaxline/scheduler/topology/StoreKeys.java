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

    static String stock(String clinicId, String service) {
        return clinicId + SEPARATOR + service;
    }

    /** Key of the compacted slot-availability topic. */
    static String availability(String clinicId, LocalDate date) {
        return clinicId + SEPARATOR + date;
    }
}
