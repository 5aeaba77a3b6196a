package io.vaxline.booking.clinics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import io.vaxline.events.SlotAvailability;

/** One slot of a clinic day and how many seats the caller could still get in it. */
public record SlotView(String service, Instant start, Instant end, ZonedDateTime localStart, int capacity, int free,
        int freeForPriority) {

    /** The day's slots of {@code service} (all services if null) that still have a seat for the caller. */
    public static List<SlotView> free(SlotAvailability day, String service, ZoneId zone, boolean priority) {
        return day.getSlots().stream()
                .filter(s -> service == null || s.getService().equals(service))
                .filter(s -> (priority ? s.getFreeForPriority() : s.getFreeForAnyone()) > 0)
                .map(s -> new SlotView(s.getService(), s.getStart(), s.getEnd(), s.getStart().atZone(zone),
                        s.getCapacity(), s.getFreeForAnyone(), s.getFreeForPriority()))
                .toList();
    }
}
