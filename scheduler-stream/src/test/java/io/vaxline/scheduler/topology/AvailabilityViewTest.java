package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.Fixtures.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The availability view is emitted once per changed clinic day per commit interval, and shows the true free seats. */
class AvailabilityViewTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final LocalDate NEXT_DAY = DAY.plusDays(1);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    private TopologyTestSupport topology;
    private TestOutputTopic<String, SpecificRecord> views;

    @BeforeEach
    void givenAClinicWithTwoDays() {
        topology = new TopologyTestSupport(NOW);
        views = topology.output(Topics.SLOT_AVAILABILITY.name());
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 5, 1));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s2", NEXT_DAY, "09:00", "10:00", 5, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", 100));
        topology.emitViews();
        views.readKeyValuesToList();
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aBurstOfGrantsWithinOneCommitIntervalGivesOneViewPerDayWithTheTrueFreeSeats() {
        Instant nine = local(DAY, "09:00", STOCKHOLM);
        for (int i = 0; i < 7; i++) {
            // 4 into the first slot (one seat of 5 is kept for priority), 3 into the next; the 5th for 09:00 is refused
            Instant slot = i < 5 ? nine : nine.plusSeconds(15 * 60);
            topology.send(Topics.BOOKING_COMMANDS, "p" + i, book("r" + i, "p" + i, "c1", slot, false));
        }
        topology.send(Topics.BOOKING_COMMANDS, "q", book("rq", "q", "c1", local(NEXT_DAY, "09:30", STOCKHOLM), false));
        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).filteredOn(AppointmentBooked.class::isInstance).hasSize(7);
        assertThat(views.readKeyValuesToList()).as("no view before the commit interval ends").isEmpty();

        topology.emitViews();

        List<KeyValue<String, SpecificRecord>> emitted = views.readKeyValuesToList();
        assertThat(emitted).extracting(kv -> kv.key).containsExactlyInAnyOrder("c1|" + DAY, "c1|" + NEXT_DAY);
        SlotAvailability day = (SlotAvailability) emitted.stream().filter(kv -> kv.key.equals("c1|" + DAY))
                .findFirst().orElseThrow().value;
        SlotSeats nineSlot = day.getSlots().get(0);
        assertThat(nineSlot.getBooked()).isEqualTo(4);
        assertThat(nineSlot.getFreeForAnyone()).isZero();
        assertThat(nineSlot.getFreeForPriority()).isEqualTo(1);
        SlotSeats quarterPast = day.getSlots().get(1);
        assertThat(quarterPast.getBooked()).isEqualTo(2);
        assertThat(quarterPast.getFreeForAnyone()).isEqualTo(2);
        assertThat(day.getSlots().get(2).getFreeForAnyone()).isEqualTo(4);

        topology.emitViews();
        assertThat(views.readKeyValuesToList()).as("nothing changed since the last view").isEmpty();
    }

    @Test
    void anIdleLedgerPunctuatesNothingAndAChangeIsViewedOnce() {
        long before = topology.punctuations();
        for (int i = 0; i < 50; i++) {
            topology.emitViews();
        }
        assertThat(topology.punctuations()).as("50 view intervals with nothing changed: no punctuation, so no commit")
                .isEqualTo(before);

        topology.send(Topics.BOOKING_COMMANDS, "p", book("r", "p", "c1", local(DAY, "09:00", STOCKHOLM), false));
        for (int i = 0; i < 50; i++) {
            topology.emitViews();
        }
        // A dose taken from the clinic's stock marks every day of the service: both views, once each.
        assertThat(views.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("c1|" + DAY, "c1|" + NEXT_DAY);
        assertThat(topology.punctuations()).as("one punctuation for the changed days, none after").isEqualTo(before + 1);

        topology.send(Topics.BOOKING_COMMANDS, "q", book("rq", "q", "c1", local(NEXT_DAY, "09:00", STOCKHOLM), false));
        topology.emitViews();
        assertThat(views.readKeyValuesToList()).as("the view starts again at the next change")
                .extracting(kv -> kv.key).contains("c1|" + NEXT_DAY);
    }

    @Test
    void dosesBookedOnOneDayShowAsGoneOnEveryDayOfTheService() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", -98));
        topology.emitViews();
        views.readKeyValuesToList();
        Instant nine = local(DAY, "09:00", STOCKHOLM);
        for (int i = 0; i < 2; i++) {
            topology.send(Topics.BOOKING_COMMANDS, "p" + i, book("r" + i, "p" + i, "c1", nine, false));
        }
        topology.emitViews();
        SlotAvailability nextDay = (SlotAvailability) views.readKeyValuesToList().stream()
                .filter(kv -> kv.key.equals("c1|" + NEXT_DAY)).findFirst()
                .orElseThrow(() -> new AssertionError("no new view of the next day")).value;
        assertThat(nextDay.getSlots()).allSatisfy(slot -> assertThat(slot.getFreeForAnyone()).isZero());
    }

    @Test
    void theViewIsCappedByTheDosesLeftAfterTheBurst() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", -97));
        Instant nine = local(DAY, "09:00", STOCKHOLM);
        for (int i = 0; i < 3; i++) {
            topology.send(Topics.BOOKING_COMMANDS, "p" + i, book("r" + i, "p" + i, "c1", nine, false));
        }
        topology.emitViews();
        List<KeyValue<String, SpecificRecord>> emitted = views.readKeyValuesToList();
        assertThat(emitted).extracting(kv -> kv.key).containsExactlyInAnyOrder("c1|" + DAY, "c1|" + NEXT_DAY);
        emitted.forEach(kv -> assertThat(((SlotAvailability) kv.value).getSlots())
                .allSatisfy(slot -> assertThat(slot.getFreeForAnyone()).as(kv.key + " " + slot.getStart()).isZero()));
    }
}
