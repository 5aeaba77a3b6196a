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

    static String day(String clinicId, LocalDate date) {
        return clinicId + SEPARATOR + date + SEPARATOR;
    }

    static String session(String clinicId, LocalDate date, String sessionId) {
        return day(clinicId, date) + sessionId;
    }

    static String clinicSessions(String clinicId) {
        return clinicId + SEPARATOR;
    }

    static String seats(String clinicId, LocalDate date, String sessionId, Instant slotStart) {
        return session(clinicId, date, sessionId) + SEPARATOR + slotStart.toEpochMilli();
    }

    /** Key of the compacted slot-availability topic. */
    static String availability(String clinicId, LocalDate date) {
        return clinicId + SEPARATOR + date;
    }
}
