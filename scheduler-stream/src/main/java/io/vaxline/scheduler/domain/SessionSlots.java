package io.vaxline.scheduler.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vaxline.events.CapacityPublished;

/**
 * The slots of a published session: from its local start time, one every {@code slotMinutes}, as
 * long as the slot ends by the local end time. Local times are the clinic's, so a session from
 * 09:00 is at 09:00 on the wall clock of the clinic whatever the season.
 */
public final class SessionSlots {

    private SessionSlots() {
    }

    public record Slot(Instant start, Instant end) {
    }

    public static List<Slot> of(CapacityPublished session, ZoneId zone) {
        int length = session.getSlotMinutes();
        int from = session.getStartTime().toSecondOfDay() / 60;
        int to = session.getEndTime().toSecondOfDay() / 60;
        List<Slot> slots = new ArrayList<>();
        for (int minute = from; length > 0 && minute + length <= to; minute += length) {
            ZonedDateTime slotStart = ZonedDateTime.of(session.getDate(), LocalTime.ofSecondOfDay(minute * 60L), zone);
            slots.add(new Slot(slotStart.toInstant(), slotStart.plusMinutes(length).toInstant()));
        }
        return slots;
    }

    /** The slot of {@code session} that starts exactly at {@code start}, if any. */
    public static Optional<Slot> find(CapacityPublished session, ZoneId zone, Instant start) {
        return of(session, zone).stream().filter(s -> s.start().equals(start)).findFirst();
    }
}
