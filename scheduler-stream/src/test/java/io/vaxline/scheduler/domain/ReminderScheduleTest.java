package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ReminderScheduleTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ReminderSchedule SIX_PM = ReminderSchedule.DEFAULT;

    @Test
    void fallsDueAtSixInTheEveningOfTheDayBeforeInTheClinicsZone() {
        Instant tenOnTheFifteenth = Instant.parse("2030-01-15T09:00:00Z"); // 10:00 in Stockholm

        assertThat(SIX_PM.dueAt(tenOnTheFifteenth, STOCKHOLM)).isEqualTo(Instant.parse("2030-01-14T17:00:00Z"));
    }

    @Test
    void theDayBeforeIsTheDayBeforeOnTheClinicsCalendar() {
        Instant slot = Instant.parse("2030-01-15T23:30:00Z"); // 00:30 on the 16th in Stockholm, 18:30 on the 15th in New York

        assertThat(SIX_PM.dueAt(slot, STOCKHOLM)).isEqualTo(Instant.parse("2030-01-15T17:00:00Z"));
        assertThat(SIX_PM.dueAt(slot, NEW_YORK)).isEqualTo(Instant.parse("2030-01-14T23:00:00Z"));
    }

    @Test
    void followsTheClocksWhenTheyGoForwardBetweenTheReminderAndTheAppointment() {
        // Sweden moves to summer time at 02:00 on Sunday 31 March 2030.
        Instant sundayMorning = Instant.parse("2030-03-31T08:00:00Z"); // 10:00 summer time
        Instant mondayMorning = Instant.parse("2030-04-01T08:00:00Z");

        assertThat(SIX_PM.dueAt(sundayMorning, STOCKHOLM)).isEqualTo(Instant.parse("2030-03-30T17:00:00Z")); // 18:00 winter time
        assertThat(SIX_PM.dueAt(mondayMorning, STOCKHOLM)).isEqualTo(Instant.parse("2030-03-31T16:00:00Z")); // 18:00 summer time
    }

    @Test
    void followsTheClocksWhenTheyGoBack() {
        // Sweden moves back to winter time at 03:00 on Sunday 27 October 2030.
        Instant sundayMorning = Instant.parse("2030-10-27T09:00:00Z"); // 10:00 winter time
        Instant mondayMorning = Instant.parse("2030-10-28T09:00:00Z");

        assertThat(SIX_PM.dueAt(sundayMorning, STOCKHOLM)).isEqualTo(Instant.parse("2030-10-26T16:00:00Z")); // 18:00 summer time
        assertThat(SIX_PM.dueAt(mondayMorning, STOCKHOLM)).isEqualTo(Instant.parse("2030-10-27T17:00:00Z")); // 18:00 winter time
    }

    @Test
    void aReminderTimeTheClocksSkipMovesLaterByTheGap() {
        ReminderSchedule halfPastTwo = new ReminderSchedule(LocalTime.of(2, 30), Duration.ofSeconds(30));
        Instant mondayMorning = Instant.parse("2030-04-01T08:00:00Z");

        // 02:30 does not exist on 31 March 2030 in Stockholm; it becomes 03:30 summer time.
        assertThat(halfPastTwo.dueAt(mondayMorning, STOCKHOLM)).isEqualTo(Instant.parse("2030-03-31T01:30:00Z"));
    }

    @Test
    void remindsAtTheDueMomentWhileItIsAhead() {
        Instant slot = Instant.parse("2030-01-15T09:00:00Z");
        Instant now = Instant.parse("2030-01-10T12:00:00Z");

        assertThat(SIX_PM.remindAt(slot, STOCKHOLM, now)).hasValue(Instant.parse("2030-01-14T17:00:00Z"));
    }

    @Test
    void remindsStraightAwayWhenBookedAfterTheReminderTimeForTomorrow() {
        Instant slot = Instant.parse("2030-01-15T09:00:00Z");
        Instant now = Instant.parse("2030-01-14T20:00:00Z"); // 21:00 the evening before

        assertThat(SIX_PM.remindAt(slot, STOCKHOLM, now)).hasValue(now);
    }

    @Test
    void doesNotRemindOfAnAppointmentTodayOrInThePast() {
        Instant slot = Instant.parse("2030-01-15T15:00:00Z");

        assertThat(SIX_PM.remindAt(slot, STOCKHOLM, Instant.parse("2030-01-15T07:00:00Z"))).isEmpty();
        assertThat(SIX_PM.remindAt(slot, STOCKHOLM, Instant.parse("2030-01-16T07:00:00Z"))).isEmpty();
    }
}
