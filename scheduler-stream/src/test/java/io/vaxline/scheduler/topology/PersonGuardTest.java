package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.cancel;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.reschedule;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.SeatDecisionTest.booked;
import static io.vaxline.scheduler.topology.SeatDecisionTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.commands.BookAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.RejectionReason;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The person guard: one appointment per person and dose, repeats answered once, cancel and reschedule. */
class PersonGuardTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);
    private static final Instant NINE_FIFTEEN = local(DAY, "09:15", STOCKHOLM);

    private TopologyTestSupport topology;

    @BeforeEach
    void givenTwoClinicsWithOneSeatPerSlot() {
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINICS, "c2", clinic("c2", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 1, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c2", session("c2", "s1", DAY, "09:00", "10:00", 1, 0));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void repeatingARequestIdReturnsTheFirstOutcomeAndTakesNoSecondSeat() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).hasSize(2).allMatch(AppointmentBooked.class::isInstance);
        assertThat(events.get(0)).isEqualTo(events.get(1));
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getBooked()).isEqualTo(1);
    }

    @Test
    void aPersonHoldsOneAppointmentPerDose() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r2", "p1", "c2", NINE, false));
        // A service the programme has not defined is one dose: there is no dose 2 to hold a second seat with.
        BookAppointment secondDose = book("r3", "p1", "c2", NINE, false);
        secondDose.setDoseNumber(2);
        topology.send(Topics.BOOKING_COMMANDS, "p1", secondDose);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(booked(events, "r1")).isTrue();
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(reason(events, "r3")).isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(topology.latestView("c2", DAY).getSlots().get(0).getBooked()).isZero();
    }

    @Test
    void aSecondBookingWhileTheFirstIsUndecidedIsRefused() {
        // Both commands reach the guard before any outcome comes back: the guard alone must refuse the second.
        topology.input(Topics.BOOKING_COMMANDS).pipeRecordList(List.of(
                new org.apache.kafka.streams.test.TestRecord<>("p1", book("r1", "p1", "c1", NINE, false)),
                new org.apache.kafka.streams.test.TestRecord<>("p1", book("r2", "p1", "c1", NINE_FIFTEEN, false))));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events.stream().filter(AppointmentBooked.class::isInstance)).hasSize(1);
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.ALREADY_BOOKED);
    }

    @Test
    void cancellingReleasesTheSeatForSomeoneElse() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();

        topology.send(Topics.BOOKING_COMMANDS, "p1", cancel("r2", "p1", appointmentId));
        AppointmentCancelled cancelled = topology.single(AppointmentCancelled.class, topology.bookingEvents());
        assertThat(cancelled.getRequestId()).isEqualTo("r2");
        assertThat(cancelled.getReason()).isEqualTo("plans changed");
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getFreeForAnyone()).isEqualTo(1);

        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r3", "p2", "c1", NINE, false));
        assertThat(booked(topology.bookingEvents(), "r3")).isTrue();
    }

    @Test
    void afterCancellingThePersonCanBookTheDoseAgain() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();
        topology.send(Topics.BOOKING_COMMANDS, "p1", cancel("r2", "p1", appointmentId));

        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r3", "p1", "c2", NINE, false));
        assertThat(booked(topology.bookingEvents(), "r3")).isTrue();
    }

    @Test
    void nobodyCancelsAnotherPersonsAppointment() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();

        topology.send(Topics.BOOKING_COMMANDS, "p2", cancel("r2", "p2", appointmentId));

        assertThat(reason(topology.bookingEvents(), "r2")).isEqualTo(RejectionReason.NO_SUCH_APPOINTMENT);
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getBooked()).isEqualTo(1);
    }

    @Test
    void anAppointmentThatHasStartedCannotBeCancelled() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();
        topology.driver.advanceWallClockTime(Duration.between(NOW, NINE.plusSeconds(60)));

        topology.send(Topics.BOOKING_COMMANDS, "p1", cancel("r2", "p1", appointmentId));
        assertThat(reason(topology.bookingEvents(), "r2")).isEqualTo(RejectionReason.SLOT_IN_PAST);
    }

    @Test
    void reschedulingMovesTheSeatAndKeepsTheAppointment() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        AppointmentBooked booked = topology.single(AppointmentBooked.class, topology.bookingEvents());

        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r2", "p1", booked.getAppointmentId(), "c1", NINE_FIFTEEN));

        AppointmentRescheduled moved = topology.single(AppointmentRescheduled.class, topology.bookingEvents());
        assertThat(moved.getAppointmentId()).isEqualTo(booked.getAppointmentId());
        assertThat(moved.getConfirmationCode()).as("the code follows from the appointment id, which is kept").isNull();
        assertThat(moved.getPreviousSlotStart()).isEqualTo(NINE);
        assertThat(moved.getSlotStart()).isEqualTo(NINE_FIFTEEN);
        var slots = topology.latestView("c1", DAY).getSlots();
        assertThat(slots.get(0).getBooked()).as("old seat released").isZero();
        assertThat(slots.get(1).getBooked()).as("new seat taken").isEqualTo(1);
    }

    @Test
    void reschedulingToAnotherClinicReleasesTheOldClinicsSeat() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();

        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r2", "p1", appointmentId, "c2", NINE));

        assertThat(topology.single(AppointmentRescheduled.class, topology.bookingEvents()).getClinicId()).isEqualTo("c2");
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getBooked()).isZero();
        assertThat(topology.latestView("c2", DAY).getSlots().get(0).getBooked()).isEqualTo(1);
    }

    @Test
    void reschedulingToAFullSlotKeepsTheOldAppointment() {
        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r0", "p2", "c1", NINE_FIFTEEN, false));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.bookingEvents().stream().filter(AppointmentBooked.class::isInstance)
                .map(AppointmentBooked.class::cast).filter(b -> b.getPersonId().equals("p1")).findFirst().orElseThrow()
                .getAppointmentId();

        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r2", "p1", appointmentId, "c1", NINE_FIFTEEN));
        assertThat(reason(topology.bookingEvents(), "r2")).isEqualTo(RejectionReason.SLOT_FULL);
        var slots = topology.latestView("c1", DAY).getSlots();
        assertThat(slots.get(0).getBooked()).as("the old seat is still held").isEqualTo(1);

        // The old appointment is still the person's: it can be cancelled, and then rebooked.
        topology.send(Topics.BOOKING_COMMANDS, "p1", cancel("r3", "p1", appointmentId));
        assertThat(topology.single(AppointmentCancelled.class, topology.bookingEvents()).getAppointmentId())
                .isEqualTo(appointmentId);
    }

    @Test
    void aRepeatedRescheduleDoesNotReleaseTheSeatTwice() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointmentId = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();
        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r2", "p1", appointmentId, "c1", NINE_FIFTEEN));
        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r3", "p1", appointmentId, "c1", NINE));
        topology.bookingEvents();

        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r2", "p1", appointmentId, "c1", NINE_FIFTEEN));

        var slots = topology.latestView("c1", DAY).getSlots();
        assertThat(slots.get(0).getBooked()).as("the appointment is back at nine").isEqualTo(1);
        assertThat(slots.get(1).getBooked()).isZero();
    }

    @Test
    void reschedulingAnUnknownAppointmentIsRefused() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r1", "p1", "no-such-appointment", "c1", NINE));

        assertThat(reason(topology.bookingEvents(), "r1")).isEqualTo(RejectionReason.NO_SUCH_APPOINTMENT);
    }
}
