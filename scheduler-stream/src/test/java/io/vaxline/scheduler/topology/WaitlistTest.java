package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.cancel;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.series;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.vaxline.commands.AcceptWaitlistOffer;
import io.vaxline.commands.JoinWaitlist;
import io.vaxline.commands.LeaveWaitlist;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.SlotSeats;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.events.WaitlistOfferExpired;
import io.vaxline.events.WaitlistOfferMade;
import io.vaxline.internal.PersonBookings;
import io.vaxline.internal.SeatsTaken;
import io.vaxline.internal.WaitlistEntry;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waitlist in the clinic ledger: a seat that frees is held for the first in line and offered,
 * accepted into an appointment or handed on when the offer lapses; never offered to two people, and a
 * hold never takes a seat beyond the slot's capacity.
 */
class WaitlistTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);
    private static final Duration HOLD = Waitlist.DEFAULT_HOLD;

    private TopologyTestSupport topology;

    @BeforeEach
    void givenAClinicWhoseOnlySeatIsTaken() {
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "09:15", 1, 0));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void joinsTheLineInOrderAndOffersNothingWhileTheDayIsFull() {
        topology.bookingEvents();
        join("p2");
        join("p3");

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).filteredOn(WaitlistJoined.class::isInstance).map(e -> ((WaitlistJoined) e).getPosition())
                .containsExactly(1, 2);
        assertThat(events).noneMatch(WaitlistOfferMade.class::isInstance);
    }

    @Test
    void aCancelledSeatIsHeldForTheFirstInLineAndNobodyElseCanBookIt() {
        join("p2");
        join("p3");
        cancelFirstAppointment();

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).filteredOn(AppointmentCancelled.class::isInstance).hasSize(1);
        WaitlistOfferMade offer = topology.single(WaitlistOfferMade.class, events);
        assertThat(offer.getPersonId()).isEqualTo("p2");
        assertThat(offer.getSlotStart()).isEqualTo(NINE);
        assertThat(offer.getExpiresAt()).isEqualTo(NOW.plus(HOLD));

        topology.send(Topics.BOOKING_COMMANDS, "p4", book("r4", "p4", "c1", NINE, false));
        assertThat(reason(topology.bookingEvents(), "r4")).isEqualTo(RejectionReason.SLOT_FULL);
        SlotSeats slot = topology.latestView("c1", DAY).getSlots().get(0);
        assertThat(slot.getBooked()).isEqualTo(1);
        assertThat(slot.getFreeForAnyone()).isZero();
    }

    @Test
    void acceptingTurnsTheHeldSeatIntoAnAppointmentOfTheNextDoseDue() {
        join("p2");
        cancelFirstAppointment();
        WaitlistOfferMade offer = topology.single(WaitlistOfferMade.class, topology.bookingEvents());

        accept("a2", "p2", offer.getOfferId());

        AppointmentBooked booked = topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(booked.getRequestId()).isEqualTo("a2");
        assertThat(booked.getPersonId()).isEqualTo("p2");
        assertThat(booked.getSlotStart()).isEqualTo(NINE);
        assertThat(booked.getDoseNumber()).isEqualTo(1);
        assertThat(seatsTaken()).isEqualTo(1);
        assertThat(waiting()).as("the person left the line").isZero();

        topology.driver.advanceWallClockTime(HOLD.plusMinutes(1));
        assertThat(topology.bookingEvents()).as("an accepted offer does not lapse").isEmpty();
        assertThat(seatsTaken()).isEqualTo(1);
    }

    @Test
    void aLapsedOfferGoesToTheNextInLineAndCannotBeAcceptedAnyMore() {
        join("p2");
        join("p3");
        cancelFirstAppointment();
        WaitlistOfferMade first = topology.single(WaitlistOfferMade.class, topology.bookingEvents());

        topology.driver.advanceWallClockTime(HOLD);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(topology.single(WaitlistOfferExpired.class, events).getOfferId()).isEqualTo(first.getOfferId());
        WaitlistOfferMade next = topology.single(WaitlistOfferMade.class, events);
        assertThat(next.getPersonId()).isEqualTo("p3");
        assertThat(next.getOfferId()).isNotEqualTo(first.getOfferId());
        assertThat(seatsTaken()).isEqualTo(1);

        accept("a2", "p2", first.getOfferId());
        assertThat(reason(topology.bookingEvents(), "a2")).isEqualTo(RejectionReason.NO_SUCH_APPOINTMENT);
        accept("a3", "p3", next.getOfferId());
        assertThat(topology.single(AppointmentBooked.class, topology.bookingEvents()).getPersonId()).isEqualTo("p3");
        assertThat(seatsTaken()).isEqualTo(1);
    }

    @Test
    void theLookoutForLapsedOffersRunsOnlyWhileAnOfferIsOpen() {
        join("p2");
        topology.emitViews();
        long idle = topology.punctuations();
        topology.driver.advanceWallClockTime(Waitlist.DEFAULT_EXPIRY_INTERVAL.multipliedBy(5));
        assertThat(topology.punctuations()).as("no offer open: nothing to look for, no punctuation").isEqualTo(idle);

        cancelFirstAppointment();
        topology.emitViews();
        assertThat(topology.bookingEvents()).filteredOn(WaitlistOfferMade.class::isInstance).hasSize(1);
        long offered = topology.punctuations();
        for (int i = 0; i < 3; i++) {
            topology.driver.advanceWallClockTime(Waitlist.DEFAULT_EXPIRY_INTERVAL);
        }
        assertThat(topology.punctuations()).as("an open offer is looked at every interval").isEqualTo(offered + 3);

        topology.driver.advanceWallClockTime(HOLD);
        assertThat(topology.bookingEvents()).hasSize(1).allMatch(WaitlistOfferExpired.class::isInstance);
        topology.emitViews();
        long lapsed = topology.punctuations();
        topology.driver.advanceWallClockTime(Waitlist.DEFAULT_EXPIRY_INTERVAL.multipliedBy(5));
        assertThat(topology.punctuations()).as("the last offer lapsed: the lookout stopped").isEqualTo(lapsed);
    }

    @Test
    void aTaskStartingWithAnOfferOpenLooksForItsLapseAndOneWithoutDoesNot() {
        assertThat(lookoutsAtStart(null)).as("nobody offered a seat").isEmpty();
        assertThat(lookoutsAtStart("offer-1")).as("an offer made before the restart")
                .containsExactly(Waitlist.DEFAULT_EXPIRY_INTERVAL);
    }

    /** The punctuators a ledger task starting on a waitlist store holding one entry schedules for it. */
    private static List<Duration> lookoutsAtStart(String offerId) {
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
        KeyValueStore<String, SpecificRecord> lines = Stores.records(Stores.WAITLIST, TopologyTestSupport.AVRO, Stores.Medium.MEMORY)
                .withLoggingDisabled().withCachingDisabled().build();
        lines.init(context.getStateStoreContext(), lines);
        context.addStateStore(lines);
        lines.put("c1|" + DAY + "|covid-19|0001", WaitlistEntry.newBuilder().setRequestId("j-p2").setPersonId("p2")
                .setDoseNumber(1).setPriority(false).setOfferId(offerId).setExpiresAt(offerId == null ? null : NOW.plus(HOLD))
                .build());
        new Waitlist(context, new Ledger(context), (clinic, date) -> { }).watchOffers();
        return context.scheduledPunctuators().stream().map(MockProcessorContext.CapturedPunctuator::getInterval).toList();
    }

    @Test
    void theLastInLineLettingTheOfferLapseFreesTheSeatForAnyone() {
        join("p2");
        cancelFirstAppointment();
        topology.bookingEvents();

        topology.driver.advanceWallClockTime(HOLD);
        assertThat(topology.bookingEvents()).hasSize(1).allMatch(WaitlistOfferExpired.class::isInstance);
        assertThat(seatsTaken()).isZero();

        topology.send(Topics.BOOKING_COMMANDS, "p4", book("r4", "p4", "c1", NINE, false));
        assertThat(topology.single(AppointmentBooked.class, topology.bookingEvents()).getPersonId()).isEqualTo("p4");
    }

    @Test
    void leavingWithAnOpenOfferHandsTheSeatOnAtOnce() {
        join("p2");
        join("p3");
        cancelFirstAppointment();
        WaitlistOfferMade offer = topology.single(WaitlistOfferMade.class, topology.bookingEvents());

        topology.send(Topics.BOOKING_COMMANDS, "p2", LeaveWaitlist.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId("l2").setOccurredAt(NOW).setPersonId("p2").setClinicId("c1").setService("covid-19")
                .setDate(DAY).build());

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(topology.single(WaitlistLeft.class, events).getOfferId()).isEqualTo(offer.getOfferId());
        assertThat(topology.single(WaitlistOfferMade.class, events).getPersonId()).isEqualTo("p3");
        assertThat(seatsTaken()).isEqualTo(1);
    }

    @Test
    void seatsAddedToTheDayAreOfferedInLineOrder() {
        join("p2");
        join("p3");
        join("p4");
        topology.bookingEvents();

        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "09:15", 3, 0));

        assertThat(topology.bookingEvents()).filteredOn(WaitlistOfferMade.class::isInstance)
                .map(e -> ((WaitlistOfferMade) e).getPersonId()).containsExactly("p2", "p3");
        assertThat(seatsTaken()).isEqualTo(3);
    }

    @Test
    void aRefusedAcceptanceHandsTheSeatOnWithoutWaitingForTheOfferToLapse() {
        topology.send(Topics.SERVICES, "covid-19", series(2, 21, 28));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s0", DAY.minusDays(2), "09:00", "09:15", 1, 0));
        topology.send(Topics.BOOKING_COMMANDS, "p2", book("d1", "p2", "c1", local(DAY.minusDays(2), "09:00", STOCKHOLM), false));
        // p2 holds dose 1 two days before: dose 2 is due 21 days after it, so the offer cannot be taken.
        join("p2");
        join("p3");
        topology.bookingEvents();
        cancelFirstAppointment();
        WaitlistOfferMade offer = topology.single(WaitlistOfferMade.class, topology.bookingEvents());
        assertThat(offer.getPersonId()).isEqualTo("p2");

        accept("a2", "p2", offer.getOfferId());

        List<SpecificRecord> events = topology.bookingEvents();
        BookingRejected rejected = topology.single(BookingRejected.class, events);
        assertThat(rejected.getReason()).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(rejected.getCommand()).isEqualTo(BookingCommandType.ACCEPT_OFFER);
        assertThat(topology.single(WaitlistOfferMade.class, events).getPersonId()).isEqualTo("p3");
        assertThat(seatsTaken()).isEqualTo(1);
    }

    @Test
    void whoHoldsEveryDoseCannotWait() {
        join("p1");

        BookingRejected rejected = topology.single(BookingRejected.class, topology.bookingEvents());
        assertThat(rejected.getReason()).isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(rejected.getCommand()).isEqualTo(BookingCommandType.JOIN_WAITLIST);
    }

    @Test
    void joiningADayWithoutASessionOfTheServiceIsRefused() {
        topology.send(Topics.BOOKING_COMMANDS, "p2", JoinWaitlist.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId("j2").setOccurredAt(NOW).setPersonId("p2").setClinicId("c1").setService("covid-19")
                .setDate(DAY.plusDays(1)).build());

        assertThat(reason(topology.bookingEvents(), "j2")).isEqualTo(RejectionReason.NO_SUCH_SLOT);
    }

    /**
     * A storm of cancellations, acceptances, lapses and bookings over a day of four slots of two seats
     * with a long line: at every step no slot holds more seats (taken and held) than it has, no offer is
     * made twice or to a person who has one open, and every offer ends accepted or lapsed.
     */
    @Test
    void aCancellationStormNeverOffersASeatTwiceNorOverbooks() {
        topology.close();
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 2, 0));
        Map<String, String> appointmentOf = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            topology.send(Topics.BOOKING_COMMANDS, "b" + i, book("rb" + i, "b" + i, "c1", NINE.plus(Duration.ofMinutes(15L * (i / 2))), false));
        }
        topology.bookingEvents().stream().filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast)
                .forEach(b -> appointmentOf.put(b.getPersonId(), b.getAppointmentId()));
        assertThat(appointmentOf).hasSize(8);
        for (int i = 0; i < 20; i++) {
            join("w" + i);
        }
        topology.bookingEvents();

        Random random = new Random(18);
        Set<String> offersMade = new HashSet<>();
        Map<String, WaitlistOfferMade> open = new HashMap<>();
        int accepted = 0;
        int lapsed = 0;
        for (int step = 0; step < 60; step++) {
            int action = random.nextInt(4);
            if (action == 0 && !appointmentOf.isEmpty()) {
                String person = new ArrayList<>(appointmentOf.keySet()).get(random.nextInt(appointmentOf.size()));
                topology.send(Topics.BOOKING_COMMANDS, person, cancel("x" + step, person, appointmentOf.remove(person)));
            } else if (action == 1 && !open.isEmpty()) {
                WaitlistOfferMade offer = new ArrayList<>(open.values()).get(random.nextInt(open.size()));
                accept("acc" + step, offer.getPersonId(), offer.getOfferId());
            } else if (action == 2) {
                topology.driver.advanceWallClockTime(HOLD.dividedBy(3));
            } else {
                String person = "n" + step;
                topology.send(Topics.BOOKING_COMMANDS, person, book("nb" + step, person, "c1",
                        NINE.plus(Duration.ofMinutes(15L * random.nextInt(4))), false));
            }
            for (SpecificRecord event : topology.bookingEvents()) {
                switch (event) {
                    case WaitlistOfferMade offer -> {
                        assertThat(offersMade.add(offer.getOfferId())).as("offer made once: " + offer).isTrue();
                        assertThat(open.values()).noneMatch(o -> o.getPersonId().equals(offer.getPersonId()));
                        open.put(offer.getOfferId(), offer);
                    }
                    case WaitlistOfferExpired expired -> {
                        assertThat(open.remove(expired.getOfferId())).isNotNull();
                        lapsed++;
                    }
                    case AppointmentBooked booked -> {
                        if (booked.getRequestId().startsWith("acc")) {
                            assertThat(open.values().removeIf(o -> o.getPersonId().equals(booked.getPersonId()))).isTrue();
                            accepted++;
                        }
                        appointmentOf.put(booked.getPersonId(), booked.getAppointmentId());
                    }
                    default -> {
                    }
                }
            }
            for (int slot = 0; slot < 4; slot++) {
                assertThat(seatsTaken(NINE.plus(Duration.ofMinutes(15L * slot)))).as("slot " + slot + " at step " + step)
                        .isLessThanOrEqualTo(2);
            }
        }
        int held = 0;
        for (int slot = 0; slot < 4; slot++) {
            held += seatsTaken(NINE.plus(Duration.ofMinutes(15L * slot)));
        }
        assertThat(held).as("every seat is an appointment or an open offer").isEqualTo(appointmentOf.size() + open.size());
        assertThat(offersMade).hasSize(accepted + lapsed + open.size());
        assertThat(accepted).isPositive();
        assertThat(lapsed).isPositive();
    }

    private void join(String personId) {
        topology.send(Topics.BOOKING_COMMANDS, personId, JoinWaitlist.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId("j-" + personId).setOccurredAt(NOW).setPersonId(personId).setClinicId("c1")
                .setService("covid-19").setDate(DAY).build());
    }

    private void accept(String requestId, String personId, String offerId) {
        topology.send(Topics.BOOKING_COMMANDS, personId, AcceptWaitlistOffer.newBuilder()
                .setCommandId(UUID.randomUUID().toString()).setRequestId(requestId).setOccurredAt(NOW)
                .setPersonId(personId).setOfferId(offerId).build());
    }

    private void cancelFirstAppointment() {
        String appointmentId = ((PersonBookings) topology.store(Stores.PERSON_BOOKINGS).get("p1")).getAppointments()
                .get(0).getAppointmentId();
        topology.send(Topics.BOOKING_COMMANDS, "p1", cancel("x1", "p1", appointmentId));
    }

    private int waiting() {
        try (KeyValueIterator<String, SpecificRecord> all = topology.store(Stores.WAITLIST).all()) {
            int count = 0;
            for (; all.hasNext(); all.next()) {
                count++;
            }
            return count;
        }
    }

    private int seatsTaken() {
        return seatsTaken(NINE);
    }

    private int seatsTaken(Instant slotStart) {
        SeatsTaken taken = (SeatsTaken) topology.store(Stores.SEATS).get(StoreKeys.seats("c1", DAY, "s1", slotStart));
        return taken == null ? 0 : taken.getTotal();
    }

    private static RejectionReason reason(List<SpecificRecord> events, String requestId) {
        return events.stream().filter(BookingRejected.class::isInstance).map(BookingRejected.class::cast)
                .filter(r -> r.getRequestId().equals(requestId)).findFirst().orElseThrow().getReason();
    }
}
