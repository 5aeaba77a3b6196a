package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.cancel;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.reschedule;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Day-before reminders, driven by the mocked wall clock of the TopologyTestDriver: at 18:00 of the
 * clinic's own zone the day before, DST-correct, at most once, none for cancelled or moved slots.
 */
class ReminderTest {

    private static final String NEW_YORK = "America/New_York";
    /** Scanned every minute, so a reminder is at most a minute late. */
    private static final ReminderSchedule SCHEDULE = new ReminderSchedule(LocalTime.of(18, 0), Duration.ofMinutes(1));

    private TopologyTestSupport topology;
    private TestOutputTopic<String, SpecificRecord> reminders;
    private Instant clock;

    private void startAt(Instant now) {
        clock = now;
        topology = new TopologyTestSupport(now, SCHEDULE);
        reminders = topology.output(Topics.APPOINTMENT_REMINDERS.name());
    }

    @AfterEach
    void close() {
        topology.close();
    }

    /** Moves the wall clock to {@code to}; the punctuator runs once, at {@code to}. */
    private void advanceTo(Instant to) {
        topology.driver.advanceWallClockTime(Duration.between(clock, to));
        clock = to;
    }

    private List<AppointmentReminderDue> newReminders() {
        return reminders.readValuesToList().stream().map(AppointmentReminderDue.class::cast).toList();
    }

    private String bookOne(String clinicId, String zone, LocalDate day, String time, String person) {
        topology.send(Topics.CLINIC_CAPACITY, clinicId, session(clinicId, "s-" + day + "-" + person, day, time,
                LocalTime.parse(time).plusMinutes(15).toString(), 1, 0));
        topology.send(Topics.BOOKING_COMMANDS, person, book("r-" + person, person, clinicId, local(day, time, zone), false));
        return topology.bookingEvents().stream().filter(AppointmentBooked.class::isInstance)
                .map(e -> ((AppointmentBooked) e).getAppointmentId()).findFirst().orElseThrow();
    }

    @Test
    void remindsAtSixInTheEveningOfTheDayBeforeInTheClinicsZoneOnlyOnce() {
        LocalDate day = LocalDate.of(2030, 3, 15);
        startAt(Instant.parse("2030-03-13T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        String appointment = bookOne("c1", STOCKHOLM, day, "10:00", "p1");

        advanceTo(local(day.minusDays(1), "17:59", STOCKHOLM));
        assertThat(newReminders()).isEmpty();

        advanceTo(local(day.minusDays(1), "18:00", STOCKHOLM));
        List<AppointmentReminderDue> sent = newReminders();
        assertThat(sent).hasSize(1);
        AppointmentReminderDue reminder = sent.get(0);
        assertThat(reminder.getAppointmentId()).isEqualTo(appointment);
        assertThat(reminder.getSlotStart()).isEqualTo(local(day, "10:00", STOCKHOLM));
        assertThat(reminder.getClinicTimeZone()).isEqualTo(STOCKHOLM);
        assertThat(reminder.getConfirmationCode()).as("the notifier computes the code; analysts read this topic").isNull();

        advanceTo(local(day, "12:00", STOCKHOLM));
        assertThat(newReminders()).as("reminded at most once").isEmpty();
        assertNothingPending();
    }

    @Test
    void twoClinicsInDifferentZonesAreEachRemindedAtTheirOwnSixPm() {
        LocalDate day = LocalDate.of(2030, 6, 12);
        startAt(Instant.parse("2030-06-10T12:00:00Z"));
        topology.send(Topics.CLINICS, "se", clinic("se", STOCKHOLM));
        topology.send(Topics.CLINICS, "us", clinic("us", NEW_YORK));
        String stockholm = bookOne("se", STOCKHOLM, day, "09:00", "p1");
        String newYork = bookOne("us", NEW_YORK, day, "09:00", "p2");

        // 18:00 CEST is 16:00 UTC; 18:00 EDT is 22:00 UTC.
        advanceTo(Instant.parse("2030-06-11T15:59:00Z"));
        assertThat(newReminders()).isEmpty();
        advanceTo(Instant.parse("2030-06-11T16:00:00Z"));
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(stockholm);
        advanceTo(Instant.parse("2030-06-11T21:59:00Z"));
        assertThat(newReminders()).isEmpty();
        advanceTo(Instant.parse("2030-06-11T22:00:00Z"));
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(newYork);
    }

    @Test
    void theReminderTimeFollowsTheClocksAcrossADaylightSavingChange() {
        // Stockholm moves from CET (UTC+1) to CEST (UTC+2) on Sunday 2030-03-31 at 02:00.
        startAt(Instant.parse("2030-03-29T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        String sunday = bookOne("c1", STOCKHOLM, LocalDate.of(2030, 3, 31), "10:00", "p1");
        String monday = bookOne("c1", STOCKHOLM, LocalDate.of(2030, 4, 1), "10:00", "p2");

        advanceTo(Instant.parse("2030-03-30T16:59:00Z"));
        assertThat(newReminders()).isEmpty();
        advanceTo(Instant.parse("2030-03-30T17:00:00Z")); // Saturday 18:00 CET
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(sunday);

        advanceTo(Instant.parse("2030-03-31T15:59:00Z"));
        assertThat(newReminders()).isEmpty();
        advanceTo(Instant.parse("2030-03-31T16:00:00Z")); // Sunday 18:00 CEST, not 19:00
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(monday);
    }

    @Test
    void theDayTheClocksGoBackAlsoGetsItsRemindersAtSixLocal() {
        // Stockholm moves from CEST back to CET on Sunday 2030-10-27 at 03:00.
        startAt(Instant.parse("2030-10-25T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        String monday = bookOne("c1", STOCKHOLM, LocalDate.of(2030, 10, 28), "10:00", "p1");

        advanceTo(Instant.parse("2030-10-27T16:59:00Z"));
        assertThat(newReminders()).isEmpty();
        advanceTo(Instant.parse("2030-10-27T17:00:00Z")); // Sunday 18:00 CET, not 17:00
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(monday);
    }

    @Test
    void cancelledAndMovedAppointmentsAreNotRemindedOfTheOldSlot() {
        LocalDate day = LocalDate.of(2030, 3, 15);
        LocalDate later = day.plusDays(2);
        startAt(Instant.parse("2030-03-13T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINICS, "c2", clinic("c2", NEW_YORK));
        String cancelled = bookOne("c1", STOCKHOLM, day, "09:00", "p1");
        String moved = bookOne("c1", STOCKHOLM, day, "10:00", "p2");
        String kept = bookOne("c1", STOCKHOLM, day, "11:00", "p3");
        topology.send(Topics.BOOKING_COMMANDS, "p1", cancel("cancel-1", "p1", cancelled));
        topology.send(Topics.CLINIC_CAPACITY, "c2", session("c2", "s-later", later, "09:00", "10:00", 1, 0));
        topology.send(Topics.BOOKING_COMMANDS, "p2",
                reschedule("move-2", "p2", moved, "c2", local(later, "09:00", NEW_YORK)));
        topology.bookingEvents();

        advanceTo(local(day.minusDays(1), "18:00", STOCKHOLM));
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(kept);

        advanceTo(local(later.minusDays(1), "18:00", NEW_YORK));
        List<AppointmentReminderDue> movedReminder = newReminders();
        assertThat(movedReminder).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(moved);
        assertThat(movedReminder.get(0).getClinicId()).isEqualTo("c2");
        assertThat(movedReminder.get(0).getSlotStart()).isEqualTo(local(later, "09:00", NEW_YORK));
        assertNothingPending();
    }

    @Test
    void aBookingMadeAfterTheReminderTimeForTomorrowIsRemindedStraightAwayButNotOneForToday() {
        LocalDate today = LocalDate.of(2030, 3, 14);
        startAt(local(today, "19:30", STOCKHOLM));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));

        String tomorrow = bookOne("c1", STOCKHOLM, today.plusDays(1), "09:00", "p1");
        assertThat(newReminders()).extracting(AppointmentReminderDue::getAppointmentId).containsExactly(tomorrow);

        bookOne("c1", STOCKHOLM, today, "21:00", "p2");
        advanceTo(local(today, "20:30", STOCKHOLM));
        assertThat(newReminders()).as("a same-day booking's confirmation is its reminder").isEmpty();
    }

    @Test
    void theScanReadsOnlyWhatIsDueNotEveryStoredAppointment() {
        startAt(Instant.parse("2030-03-01T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        for (int d = 0; d < 20; d++) {
            bookOne("c1", STOCKHOLM, LocalDate.of(2030, 3, 5).plusDays(d), "09:00", "p" + d);
        }
        // Keys sort by due moment: what the punctuator's range reads at the first reminder is one entry.
        Instant firstDue = local(LocalDate.of(2030, 3, 4), "18:00", STOCKHOLM);
        try (KeyValueIterator<String, SpecificRecord> due = topology.store(Stores.REMINDERS_DUE)
                .range(null, ReminderProcessor.dueUpTo(firstDue.toEpochMilli()))) {
            assertThat(due.hasNext()).isTrue();
            due.next();
            assertThat(due.hasNext()).isFalse();
        }
        advanceTo(firstDue);
        assertThat(newReminders()).hasSize(1);
        assertThat(countPending()).isEqualTo(19);
    }

    @Test
    void aReminderPlannedWhileCodesWereOnTheTopicsKeepsTheCodeThePersonWasTexted() {
        LocalDate day = LocalDate.of(2030, 3, 15);
        startAt(Instant.parse("2030-03-13T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        String appointment = bookOne("c1", STOCKHOLM, day, "10:00", "p1");
        // the store as a scheduler-stream of before left it: the pending reminder carries the code
        var due = topology.store(Stores.REMINDERS_DUE);
        String key;
        try (KeyValueIterator<String, SpecificRecord> all = due.all()) {
            key = all.next().key;
        }
        AppointmentReminderDue planned = (AppointmentReminderDue) due.get(key);
        planned.setConfirmationCode("K7M3-Q9XD");
        due.put(key, planned);

        advanceTo(local(day.minusDays(1), "18:00", STOCKHOLM));

        assertThat(newReminders()).singleElement().satisfies(r -> {
            assertThat(r.getAppointmentId()).isEqualTo(appointment);
            assertThat(r.getConfirmationCode()).as("what booking-api shows for that booking").isEqualTo("K7M3-Q9XD");
        });
    }

    private void assertNothingPending() {
        assertThat(countPending()).isZero();
        try (KeyValueIterator<String, String> index = topology.driver
                .<String, String>getKeyValueStore(Stores.REMINDERS_BY_APPOINTMENT).all()) {
            assertThat(index.hasNext()).isFalse();
        }
    }

    private long countPending() {
        long n = 0;
        try (KeyValueIterator<String, SpecificRecord> all = topology.store(Stores.REMINDERS_DUE).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
