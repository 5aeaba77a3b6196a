package io.vaxline.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When the day-before reminder of an appointment falls due: at a fixed local time (18:00 unless
 * configured otherwise) of the day before, in the clinic's own time zone. Computed through the zone
 * rules for that very day, so a DST change between now and the appointment moves nothing.
 *
 * @param localTime the clinic-local time of day reminders go out
 * @param scanInterval how often the punctuator looks for reminders that have fallen due
 */
public record ReminderSchedule(LocalTime localTime, Duration scanInterval) {

    public static final ReminderSchedule DEFAULT = new ReminderSchedule(LocalTime.of(18, 0), Duration.ofSeconds(30));

    /** The moment the reminder of an appointment starting at {@code slotStart} falls due. */
    public Instant dueAt(Instant slotStart, ZoneId clinicZone) {
        LocalDate appointmentDay = slotStart.atZone(clinicZone).toLocalDate();
        // A local time that a DST gap skips moves later by the length of the gap (02:30 becomes 03:30).
        return appointmentDay.minusDays(1).atTime(localTime).atZone(clinicZone).toInstant();
    }

    /**
     * When to remind, seen at {@code now}: the due moment, or now if that moment has passed but the
     * appointment is still on a later day than today (a booking made after the reminder time for
     * tomorrow), or nothing for an appointment today or in the past: its confirmation was the reminder.
     */
    public Optional<Instant> remindAt(Instant slotStart, ZoneId clinicZone, Instant now) {
        Instant due = dueAt(slotStart, clinicZone);
        if (due.isAfter(now)) {
            return Optional.of(due);
        }
        LocalDate today = now.atZone(clinicZone).toLocalDate();
        return slotStart.atZone(clinicZone).toLocalDate().isAfter(today) ? Optional.of(now) : Optional.empty();
    }
}
