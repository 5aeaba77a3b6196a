package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.dose;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.lot;
import static io.vaxline.scheduler.topology.Fixtures.series;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.Fixtures.walkIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCheckedIn;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.internal.StockLevel;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walk-ins: staff register a person at the door, and the clinic ledger seats them in the session running
 * then, capacity, age and stock permitting, exactly once; the person guard holds them to the dose series as
 * for a booking.
 */
class WalkInTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant BOOKING_TIME = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);

    private TopologyTestSupport topology;

    /** One seat a slot from 09:00 to 10:00 (four slots), Ada booked at 09:00, ten doses in a lot. */
    @BeforeEach
    void givenASessionWithOneSeatASlot() {
        topology = new TopologyTestSupport(BOOKING_TIME);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "morning", DAY, "09:00", "10:00", 1, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "FK1234", DAY.plusMonths(2), 10));
        topology.send(Topics.BOOKING_COMMANDS, "ada", book("r-ada", "ada", "c1", NINE, false));
        topology.single(AppointmentBooked.class, topology.bookingEvents());
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aWalkInIsSeatedInTheFirstFreeSlotOfTheSessionUnderWayCheckedInAndGivenADoseOnce() {
        topology.clockTo(local(DAY, "09:05", STOCKHOLM));

        topology.send(Topics.BOOKING_COMMANDS, "wes", walkIn("w-wes", "wes", "c1"));
        topology.send(Topics.BOOKING_COMMANDS, "wes", walkIn("w-wes", "wes", "c1"));

        List<SpecificRecord> events = topology.bookingEvents();
        List<AppointmentBooked> booked = events.stream().filter(AppointmentBooked.class::isInstance)
                .map(AppointmentBooked.class::cast).toList();
        assertThat(booked).as("the same request twice seats once, and answers the same").hasSize(2);
        assertThat(booked.get(0)).isEqualTo(booked.get(1));
        AppointmentBooked seated = booked.get(0);
        assertThat(seated.getWalkIn()).isTrue();
        assertThat(seated.getPersonId()).isEqualTo("wes");
        assertThat(seated.getDoseNumber()).isEqualTo(1);
        assertThat(seated.getSlotStart()).as("09:00 is Ada's: the next slot of the session")
                .isEqualTo(local(DAY, "09:15", STOCKHOLM));
        AppointmentCheckedIn checkedIn = topology.single(AppointmentCheckedIn.class, events);
        assertThat(checkedIn.getAppointmentId()).isEqualTo(seated.getAppointmentId());
        assertThat(committed()).as("Ada's dose and the walk-in's").isEqualTo(2);

        topology.send(Topics.VACCINATIONS, "wes", io.vaxline.events.VaccinationAdministered.newBuilder(
                dose("d-wes", "wes", "c1", seated.getAppointmentId(), "FK1234", local(DAY, "09:10", STOCKHOLM))).build());
        assertThat(committed()).as("the walk-in's dose is used, no longer promised").isEqualTo(1);
    }

    @Test
    void aWalkInTakesTheSlotUnderWayWhenItHasASeat() {
        topology.clockTo(local(DAY, "09:20", STOCKHOLM));

        topology.send(Topics.BOOKING_COMMANDS, "wes", walkIn("w-wes", "wes", "c1"));

        AppointmentBooked seated = topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(seated.getSlotStart()).as("the 09:15 slot has started and is free")
                .isEqualTo(local(DAY, "09:15", STOCKHOLM));
    }

    @Test
    void aFullSessionRefusesAWalkInWithTheReason() {
        topology.clockTo(local(DAY, "09:05", STOCKHOLM));
        for (String person : List.of("w1", "w2", "w3")) {
            topology.send(Topics.BOOKING_COMMANDS, person, walkIn("w-" + person, person, "c1"));
        }
        assertThat(topology.bookingEvents().stream().filter(AppointmentBooked.class::isInstance)).hasSize(3);

        topology.send(Topics.BOOKING_COMMANDS, "w4", walkIn("w-w4", "w4", "c1"));

        BookingRejected refused = topology.single(BookingRejected.class, topology.bookingEvents());
        assertThat(refused.getReason()).isEqualTo(RejectionReason.SLOT_FULL);
        assertThat(refused.getCommand()).isEqualTo(BookingCommandType.WALK_IN);
        assertThat(refused.getDetail()).contains("session morning (09:00–10:00) is full");
        assertThat(committed()).as("Ada and three walk-ins").isEqualTo(4);

        topology.send(Topics.BOOKING_COMMANDS, "w5", book("r-w5", "w5", "c1", local(DAY, "09:45", STOCKHOLM), false));
        assertThat(topology.single(BookingRejected.class, topology.bookingEvents()).getReason())
                .as("nor can anyone book the seats the walk-ins took").isEqualTo(RejectionReason.SLOT_FULL);
    }

    @Test
    void noSessionUnderWayNoWalkIn() {
        topology.clockTo(local(DAY, "10:05", STOCKHOLM));

        topology.send(Topics.BOOKING_COMMANDS, "wes", walkIn("w-wes", "wes", "c1"));

        BookingRejected refused = topology.single(BookingRejected.class, topology.bookingEvents());
        assertThat(refused.getReason()).isEqualTo(RejectionReason.NO_SUCH_SLOT);
        assertThat(refused.getDetail()).contains("no covid-19 session running at 10:05");
    }

    @Test
    void aWalkInForTheNextDoseObeysTheSeriesRules() {
        topology.send(Topics.SERVICES, "covid-19", series(2, 21, 28));
        topology.clockTo(local(DAY, "09:05", STOCKHOLM));
        topology.send(Topics.VACCINATIONS, "bo", dose("d-bo-1", "bo", 1, DAY.minusDays(10).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));

        topology.send(Topics.BOOKING_COMMANDS, "bo", walkIn("w-bo", "bo", "c1"));

        BookingRejected refused = topology.single(BookingRejected.class, topology.bookingEvents());
        assertThat(refused.getReason()).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(refused.getCommand()).isEqualTo(BookingCommandType.WALK_IN);
        assertThat(refused.getDetail()).contains("at least 21 days after dose 1");
        assertThat(committed()).as("only Ada's").isEqualTo(1);

        topology.send(Topics.VACCINATIONS, "cy", dose("d-cy-1", "cy", 1, DAY.minusDays(30).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        topology.send(Topics.BOOKING_COMMANDS, "cy", walkIn("w-cy", "cy", "c1"));
        AppointmentBooked seated = topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(seated.getDoseNumber()).as("dose 1 was given 30 days ago: dose 2 is due").isEqualTo(2);
    }

    private long committed() {
        return ((StockLevel) topology.store(Stores.STOCK).get("c1|covid-19")).getCommitted();
    }
}
