package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.cancel;
import static io.vaxline.scheduler.topology.Fixtures.checkIn;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.dose;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.lot;
import static io.vaxline.scheduler.topology.Fixtures.markMissed;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCheckedIn;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.internal.StockLevel;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check-in, no-shows and the release of a session's unused commitments: decided by the clinic ledger, on
 * the clinic's own clock.
 */
class AttendanceTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant BOOKING_TIME = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);
    private static final Instant SESSION_OVER = local(DAY, "10:01", STOCKHOLM);

    private TopologyTestSupport topology;
    private String ada;
    private String bo;

    /** Two doses in stock, both promised: Ada at 09:00, Bo at 09:15. */
    @BeforeEach
    void givenTwoAppointmentsThatTakeEveryDose() {
        topology = new TopologyTestSupport(BOOKING_TIME);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 2, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s2", DAY.plusDays(1), "09:00", "10:00", 2, 0));
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "FK1234", DAY.plusMonths(2), 2));
        topology.send(Topics.BOOKING_COMMANDS, "ada", book("r-ada", "ada", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "bo", book("r-bo", "bo", "c1", NINE.plusSeconds(900), false));
        List<SpecificRecord> booked = topology.bookingEvents();
        ada = appointmentOf(booked, "ada");
        bo = appointmentOf(booked, "bo");
        assertThat(committed()).isEqualTo(2);
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void staffCheckInAPersonOnTheDayOfTheirAppointmentOnce() {
        topology.clockTo(local(DAY, "08:50", STOCKHOLM));

        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", ada));
        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", ada));

        AppointmentCheckedIn checkedIn = topology.single(AppointmentCheckedIn.class, topology.bookingEvents());
        assertThat(checkedIn.getAppointmentId()).isEqualTo(ada);
        assertThat(checkedIn.getPersonId()).isEqualTo("ada");
        assertThat(checkedIn.getClinicId()).isEqualTo("c1");
        assertThat(checkedIn.getSlotStart()).isEqualTo(NINE);
        assertThat(checkedIn.getStaff()).isEqualTo("staff:c1");
        assertThat(committed()).as("checked in is still waiting for the dose").isEqualTo(2);
    }

    @Test
    void aCheckInForAnAppointmentThatIsNotTodayIsParkedWithTheReason() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", ada));

        assertThat(topology.bookingEvents()).isEmpty();
        List<TestRecord<String, byte[]>> parked = topology.rawRecords(Topics.CLINIC_CAPACITY.deadLetterTopic());
        assertThat(parked).hasSize(1);
        assertThat(reason(parked.get(0))).contains(ada).contains("today (2030-03-01)");
    }

    @Test
    void afterTheSessionItsNoShowsAreMarkedMissedAndTheirDosesAreFreeAgain() {
        topology.clockTo(local(DAY, "08:55", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", ada));
        topology.send(Topics.VACCINATIONS, "ada", dose("dose-ada", "ada", "c1", ada, "FK1234", NINE.plusSeconds(120)));
        topology.bookingEvents();
        assertThat(committed()).isEqualTo(1);

        topology.clockTo(SESSION_OVER);

        AppointmentMissed missed = topology.single(AppointmentMissed.class, topology.bookingEvents());
        assertThat(missed.getAppointmentId()).isEqualTo(bo);
        assertThat(missed.getPersonId()).isEqualTo("bo");
        assertThat(missed.getStaff()).as("marked by the ledger, not by staff").isNull();
        assertThat(committed()).isZero();
        assertThat(topology.latestView("c1", DAY.plusDays(1)).getSlots().get(0).getFreeForAnyone())
                .as("one dose left in the lot, and Bo's promise released").isEqualTo(1);

        topology.clockTo(SESSION_OVER.plusSeconds(3600));
        assertThat(topology.bookingEvents()).as("a session is settled once").isEmpty();
    }

    @Test
    void aPersonCheckedInWithoutADoseIsNotMissedButTheDoseIsReleasedAfterTheSession() {
        topology.clockTo(local(DAY, "08:55", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", ada));
        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", bo));
        topology.bookingEvents();

        topology.clockTo(SESSION_OVER);

        assertThat(topology.bookingEvents()).noneMatch(AppointmentMissed.class::isInstance);
        assertThat(committed()).isZero();
    }

    @Test
    void staffMarkANoShowOnceTheSlotHasStartedAndItsDoseIsFreeToBookAgain() {
        topology.clockTo(local(DAY, "08:30", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", markMissed("c1", ada));
        assertThat(topology.bookingEvents()).as("too early: the slot has not started").isEmpty();
        assertThat(reason(topology.rawRecords(Topics.CLINIC_CAPACITY.deadLetterTopic()).get(0)))
                .contains("cannot be missed before its slot has started");

        topology.clockTo(local(DAY, "09:10", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", markMissed("c1", ada));

        AppointmentMissed missed = topology.single(AppointmentMissed.class, topology.bookingEvents());
        assertThat(missed.getAppointmentId()).isEqualTo(ada);
        assertThat(missed.getStaff()).isEqualTo("staff:c1");
        assertThat(committed()).isEqualTo(1);
        topology.send(Topics.BOOKING_COMMANDS, "cy", book("r-cy", "cy", "c1", local(DAY.plusDays(1), "09:00", STOCKHOLM), false));
        topology.single(AppointmentBooked.class, topology.bookingEvents());

        topology.clockTo(SESSION_OVER);
        List<SpecificRecord> after = topology.bookingEvents();
        assertThat(after).filteredOn(AppointmentMissed.class::isInstance).hasSize(1)
                .allMatch(e -> ((AppointmentMissed) e).getAppointmentId().equals(bo));
        assertThat(committed()).as("only Cy's dose of tomorrow is promised").isEqualTo(1);
    }

    @Test
    void aCancellationAfterTheDoseWasReleasedDoesNotGiveItBackTwice() {
        topology.clockTo(local(DAY, "09:20", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", markMissed("c1", bo));
        topology.bookingEvents();
        assertThat(committed()).isEqualTo(1);

        topology.send(Topics.BOOKING_COMMANDS, "bo", cancel("r-bo-cancel", "bo", bo));
        topology.bookingEvents();

        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void checkInsAndNoShowsReadBackFromBookingEventsAreNotTakenForBookingOutcomes() {
        topology.clockTo(local(DAY, "08:55", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", checkIn("c1", ada));
        topology.clockTo(SESSION_OVER);
        assertThat(topology.bookingEvents()).hasSize(2);

        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "NEW", DAY.plusMonths(2), 1));
        topology.send(Topics.BOOKING_COMMANDS, "dee", book("r-dee", "dee", "c1", local(DAY.plusDays(1), "09:00", STOCKHOLM), false));

        topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(topology.rawRecords(Topics.BOOKING_EVENTS.deadLetterTopic())).isEmpty();
        assertThat(topology.rawRecords(Topics.BOOKING_COMMANDS.deadLetterTopic())).isEmpty();
    }

    @Test
    void aMissedAppointmentMovedToAnotherDayOfTheClinicIsPromisedADoseAgain() {
        topology.clockTo(local(DAY, "09:20", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", markMissed("c1", bo));
        topology.bookingEvents();
        assertThat(committed()).isEqualTo(1);

        topology.send(Topics.BOOKING_COMMANDS, "bo", Fixtures.reschedule("r-bo-move", "bo", bo, "c1",
                local(DAY.plusDays(1), "09:00", STOCKHOLM)));
        topology.single(AppointmentRescheduled.class, topology.bookingEvents());

        assertThat(committed()).as("Ada's dose and Bo's new one").isEqualTo(2);
    }

    @Test
    void aMissedAppointmentLetsGoOfItsDoseSoThePersonMayBookThatDoseAgain() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", lot("c1", "NEW", DAY.plusMonths(2), 2));
        topology.send(Topics.BOOKING_COMMANDS, "bo", book("r-bo-early", "bo", "c1", local(DAY.plusDays(1), "09:00", STOCKHOLM), false));
        assertThat(topology.single(BookingRejected.class, topology.bookingEvents()).getReason())
                .as("before it is missed, Bo's appointment holds dose 1").isEqualTo(RejectionReason.ALREADY_BOOKED);

        topology.clockTo(SESSION_OVER);
        assertThat(topology.bookingEvents().stream().filter(AppointmentMissed.class::isInstance)
                .map(e -> ((AppointmentMissed) e).getAppointmentId())).contains(bo);

        topology.send(Topics.BOOKING_COMMANDS, "bo", book("r-bo-again", "bo", "c1", local(DAY.plusDays(1), "09:15", STOCKHOLM), false));
        AppointmentBooked again = topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(again.getDoseNumber()).isEqualTo(1);
        assertThat(again.getAppointmentId()).isNotEqualTo(bo);

        topology.send(Topics.BOOKING_COMMANDS, "bo", book("r-bo-third", "bo", "c1", local(DAY.plusDays(1), "09:30", STOCKHOLM), false));
        assertThat(topology.single(BookingRejected.class, topology.bookingEvents()).getReason())
                .as("the new appointment holds dose 1 again").isEqualTo(RejectionReason.ALREADY_BOOKED);
        topology.send(Topics.BOOKING_COMMANDS, "bo", Fixtures.reschedule("r-bo-old", "bo", bo, "c1",
                local(DAY.plusDays(1), "09:45", STOCKHOLM)));
        assertThat(topology.single(BookingRejected.class, topology.bookingEvents()).getReason())
                .as("the new booking replaced the missed appointment").isEqualTo(RejectionReason.NO_SUCH_APPOINTMENT);
    }

    private long committed() {
        return ((StockLevel) topology.store(Stores.STOCK).get("c1|covid-19")).getCommitted();
    }

    private static String appointmentOf(List<SpecificRecord> events, String personId) {
        return events.stream().filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast)
                .filter(b -> b.getPersonId().equals(personId)).findFirst().orElseThrow().getAppointmentId();
    }

    private static String reason(TestRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8);
    }
}
