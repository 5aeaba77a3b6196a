package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import io.vaxline.events.CapacityPublished;
import io.vaxline.scheduler.domain.SessionSlots.Slot;

import org.junit.jupiter.api.Test;

class SessionSlotsTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    @Test
    void cutsASessionIntoSlotsOfItsLengthFromItsStart() {
        CapacityPublished session = session(LocalDate.of(2030, 1, 15), "09:00", "10:00", 15);

        assertThat(SessionSlots.of(session, STOCKHOLM)).extracting(Slot::start).containsExactly(
                Instant.parse("2030-01-15T08:00:00Z"), Instant.parse("2030-01-15T08:15:00Z"),
                Instant.parse("2030-01-15T08:30:00Z"), Instant.parse("2030-01-15T08:45:00Z"));
        assertThat(SessionSlots.of(session, STOCKHOLM).get(3).end()).isEqualTo(Instant.parse("2030-01-15T09:00:00Z"));
    }

    @Test
    void dropsASlotThatWouldEndAfterTheSession() {
        CapacityPublished session = session(LocalDate.of(2030, 1, 15), "09:00", "10:10", 20);

        assertThat(SessionSlots.of(session, STOCKHOLM)).extracting(Slot::start).containsExactly(
                Instant.parse("2030-01-15T08:00:00Z"), Instant.parse("2030-01-15T08:20:00Z"),
                Instant.parse("2030-01-15T08:40:00Z"));
    }

    @Test
    void startsAtTheClinicsWallClockTimeWhateverTheSeason() {
        Slot winter = SessionSlots.of(session(LocalDate.of(2030, 1, 15), "09:00", "09:15", 15), STOCKHOLM).get(0);
        Slot summer = SessionSlots.of(session(LocalDate.of(2030, 7, 15), "09:00", "09:15", 15), STOCKHOLM).get(0);

        assertThat(winter.start()).isEqualTo(Instant.parse("2030-01-15T08:00:00Z"));
        assertThat(summer.start()).isEqualTo(Instant.parse("2030-07-15T07:00:00Z"));
    }

    @Test
    void aSessionOnTheDayTheClocksGoForwardKeepsItsLocalTimes() {
        // Sweden moves from UTC+1 to UTC+2 at 02:00 on 31 March 2030.
        Slot nine = SessionSlots.of(session(LocalDate.of(2030, 3, 31), "09:00", "09:15", 15), STOCKHOLM).get(0);

        assertThat(nine.start()).isEqualTo(Instant.parse("2030-03-31T07:00:00Z"));
    }

    @Test
    void aSessionWithoutASlotLengthHasNoSlots() {
        assertThat(SessionSlots.of(session(LocalDate.of(2030, 1, 15), "09:00", "10:00", 0), STOCKHOLM)).isEmpty();
    }

    @Test
    void findsOnlyASlotStartingExactlyAtTheRequestedMoment() {
        CapacityPublished session = session(LocalDate.of(2030, 1, 15), "09:00", "10:00", 15);

        assertThat(SessionSlots.find(session, STOCKHOLM, Instant.parse("2030-01-15T08:15:00Z")))
                .hasValue(new Slot(Instant.parse("2030-01-15T08:15:00Z"), Instant.parse("2030-01-15T08:30:00Z")));
        assertThat(SessionSlots.find(session, STOCKHOLM, Instant.parse("2030-01-15T08:05:00Z"))).isEmpty();
        assertThat(SessionSlots.find(session, STOCKHOLM, Instant.parse("2030-01-15T09:00:00Z"))).isEmpty();
    }

    private static CapacityPublished session(LocalDate date, String from, String to, int slotMinutes) {
        return CapacityPublished.newBuilder()
                .setEventId("e1")
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId("c1")
                .setSessionId("s1")
                .setService("covid-19")
                .setDate(date)
                .setStartTime(LocalTime.parse(from))
                .setEndTime(LocalTime.parse(to))
                .setSlotMinutes(slotMinutes)
                .setSeatsPerSlot(2)
                .build();
    }
}
