package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.dose;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.lot;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.SlotSeats;
import io.vaxline.internal.StockLevel;
import io.vaxline.internal.StockLot;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stock held per lot: a lot counts for the days it is still good, and a dose given takes one from its lot. */
class LotStockTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);

    private TopologyTestSupport topology;

    @BeforeEach
    void givenAClinicWithSessionsOnTwoDays() {
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 5, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s0", DAY.minusDays(1), "09:00", "10:00", 5, 0));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aLotCountsOnlyForTheDaysUpToItsExpiry() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "EXP-SUNDAY", DAY.minusDays(1), 3));

        assertThat(free(DAY.minusDays(1))).as("good on its last day").isEqualTo(3);
        assertThat(free(DAY)).as("expired by the day after").isZero();

        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        BookingRejected rejected = topology.single(BookingRejected.class, topology.bookingEvents());
        assertThat(rejected.getReason()).isEqualTo(RejectionReason.OUT_OF_STOCK);

        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "FRESH", DAY.plusMonths(1), 1));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r2", "p1", "c1", NINE, false));
        topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(free(DAY)).isZero();
        assertThat(free(DAY.minusDays(1))).as("the expiring lot still serves its own day, less the dose promised")
                .isEqualTo(3);
    }

    @Test
    void anExpiredLotIsNoticedOnTheClinicsDayAfterItsExpiryAndItsDaysAreShownAgain() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "EXP-SUNDAY", DAY.minusDays(1), 3));
        assertThat(lotNamed("EXP-SUNDAY").getExpired()).isFalse();

        topology.clockTo(local(DAY, "00:30", STOCKHOLM));

        assertThat(lotNamed("EXP-SUNDAY").getExpired()).isTrue();
        assertThat(lotNamed("EXP-SUNDAY").getOnHand()).as("kept for a recall, just not counted").isEqualTo(3);
        assertThat(free(DAY)).isZero();
    }

    @Test
    void aDoseGivenTakesOneFromItsLotAndTurnsTheAppointmentsCommitmentIntoUse() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "FK1234", DAY.plusMonths(1), 2));
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "OTHER", DAY.plusMonths(1), 5));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointment = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();
        assertThat(level().getCommitted()).isEqualTo(1);

        topology.send(Topics.VACCINATIONS, "p1", dose("dose-1", "p1", "c1", appointment, "FK1234", NINE.plusSeconds(300)));

        assertThat(lotNamed("FK1234").getOnHand()).isEqualTo(1);
        assertThat(lotNamed("OTHER").getOnHand()).isEqualTo(5);
        assertThat(level().getCommitted()).as("the promise became a dose given").isZero();
        assertThat(topology.latestView("c1", DAY).getSlots().get(1).getFreeForAnyone())
                .as("6 doses on hand and none promised: the 09:15 slot's 5 seats are free").isEqualTo(5);

        topology.send(Topics.VACCINATIONS, "p1", dose("dose-1", "p1", "c1", appointment, "FK1234", NINE.plusSeconds(300)));
        assertThat(lotNamed("FK1234").getOnHand()).as("the same dose read again takes nothing").isEqualTo(1);
        assertThat(level().getCommitted()).isZero();
    }

    @Test
    void aDoseWithoutAppointmentTakesFromItsLotOnce() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "FK1234", DAY.plusMonths(1), 2));

        topology.send(Topics.VACCINATIONS, "p9", dose("walk-in-1", "p9", "c1", null, "FK1234", NINE));
        topology.send(Topics.VACCINATIONS, "p9", dose("walk-in-1", "p9", "c1", null, "FK1234", NINE));

        assertThat(lotNamed("FK1234").getOnHand()).isEqualTo(1);
        assertThat(level().getCommitted()).isZero();
    }

    @Test
    void aDoseFromALotTheLedgerDoesNotKnowTakesFromTheServicesStockWithoutLot() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", Fixtures.stock("c1", 4));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointment = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();

        topology.send(Topics.VACCINATIONS, "p1", dose("dose-1", "p1", "c1", appointment, "UNREPORTED", NINE));

        assertThat(level().getOnHand()).isEqualTo(3);
        assertThat(level().getCommitted()).isZero();
    }

    @Test
    void aMoveWithinTheClinicKeepsItsOneCommittedDoseAndAMoveAwayGivesItBack() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "FK1234", DAY.plusMonths(1), 5));
        topology.send(Topics.CLINICS, "c2", clinic("c2", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c2", session("c2", "s1", DAY, "09:00", "10:00", 5, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c2", lot("c2", "OTHER", DAY.plusMonths(1), 5));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointment = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();

        topology.send(Topics.BOOKING_COMMANDS, "p1", Fixtures.reschedule("r2", "p1", appointment, "c1", NINE.plusSeconds(900)));
        topology.single(AppointmentRescheduled.class, topology.bookingEvents());
        assertThat(level().getCommitted()).as("moved within the clinic: still one dose promised").isEqualTo(1);

        topology.send(Topics.BOOKING_COMMANDS, "p1", Fixtures.reschedule("r3", "p1", appointment, "c2", NINE));
        topology.single(AppointmentRescheduled.class, topology.bookingEvents());
        assertThat(level().getCommitted()).as("moved away: the dose is free here").isZero();
        assertThat(((StockLevel) topology.store(Stores.STOCK).get("c2|covid-19")).getCommitted()).isEqualTo(1);
    }

    private StockLevel level() {
        return (StockLevel) topology.store(Stores.STOCK).get("c1|covid-19");
    }

    private StockLot lotNamed(String lot) {
        return (StockLot) topology.store(Stores.STOCK_LOTS).get("c1|covid-19|" + lot);
    }

    private int free(LocalDate date) {
        List<SlotSeats> slots = topology.latestView("c1", date).getSlots();
        return slots.get(0).getFreeForAnyone();
    }
}
