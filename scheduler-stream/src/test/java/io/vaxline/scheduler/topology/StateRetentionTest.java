package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.cancel;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A month of the drive through the topology: the stores keep what the retention says and stop growing. */
class StateRetentionTest {

    private static final Instant START = Instant.parse("2030-03-01T12:00:00Z");
    private static final Retention RETENTION = new Retention(Duration.ofDays(3), Duration.ofDays(3), Duration.ofHours(1));
    private static final List<String> BOUNDED = List.of(Stores.REQUESTS, Stores.SESSIONS, Stores.SEATS,
            Stores.SEAT_HOLDERS, Stores.SEATS_BY_APPOINTMENT, Stores.REMINDERS_DUE, Stores.REMINDERS_BY_APPOINTMENT);

    private TopologyTestSupport topology;

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void storeSizesLevelOffUnderAMonthOfDailyBookings() {
        topology = new TopologyTestSupport(START, ReminderSchedule.DEFAULT, RETENTION,
                new RecordDecoder(TopologyTestSupport.REGISTRY));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        Map<String, Long> afterDay10 = new LinkedHashMap<>();
        Map<String, Long> afterDay30 = new LinkedHashMap<>();

        for (int day = 1; day <= 30; day++) {
            aDayOfBookings(day);
            topology.driver.advanceWallClockTime(Duration.ofDays(1));
            if (day == 10) {
                BOUNDED.forEach(store -> afterDay10.put(store, entries(store)));
            }
        }
        BOUNDED.forEach(store -> afterDay30.put(store, entries(store)));

        assertThat(afterDay10.get(Stores.REQUESTS)).as("requests remembered after 10 days").isPositive();
        assertThat(afterDay10.get(Stores.SEAT_HOLDERS)).as("seats held after 10 days").isPositive();
        BOUNDED.forEach(store -> assertThat(afterDay30.get(store)).as(store + " after 30 days (after 10: "
                + afterDay10.get(store) + ")").isLessThanOrEqualTo(afterDay10.get(store)));
    }

    /** On day {@code day}: a session two days ahead, six bookings for it, one of them cancelled. */
    private void aDayOfBookings(int day) {
        LocalDate sessionDay = START.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(day + 1);
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s" + day, sessionDay, "09:00", "10:00", 2, 0));
        for (int i = 0; i < 6; i++) {
            String person = "p" + day + "-" + i;
            topology.send(Topics.BOOKING_COMMANDS, person, book("r" + day + "-" + i, person, "c1",
                    local(sessionDay, "09:00", STOCKHOLM).plus(Duration.ofMinutes(15L * (i / 2))), false));
        }
        List<SpecificRecord> events = topology.bookingEvents();
        String first = events.stream().filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no booking on day " + day + ": " + events)).getAppointmentId();
        topology.send(Topics.BOOKING_COMMANDS, "p" + day + "-0", cancel("c" + day, "p" + day + "-0", first));
    }

    private long entries(String store) {
        KeyValueStore<String, Object> kv = topology.driver.getKeyValueStore(store);
        long count = 0;
        try (KeyValueIterator<String, Object> it = kv.all()) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }
}
