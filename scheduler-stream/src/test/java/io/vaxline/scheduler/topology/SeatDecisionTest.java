package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.Fixtures.stock;
import static io.vaxline.scheduler.topology.Fixtures.withdraw;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.commands.BookAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clinic ledger's rules: every reason a seat is granted or refused, and the view that follows. */
class SeatDecisionTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);

    private TopologyTestSupport topology;

    @BeforeEach
    void givenAClinicWithOneSessionOfTwoSeatsPerSlot() {
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 2, 0));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void booksASeatAndReportsTheSlotInTheClinicsZone() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        AppointmentBooked booked = topology.single(AppointmentBooked.class, topology.bookingEvents());
        assertThat(booked.getRequestId()).isEqualTo("r1");
        assertThat(booked.getPersonId()).isEqualTo("p1");
        assertThat(booked.getSessionId()).isEqualTo("s1");
        assertThat(booked.getSlotStart()).isEqualTo(Instant.parse("2030-03-04T08:00:00Z"));
        assertThat(booked.getSlotEnd()).isEqualTo(Instant.parse("2030-03-04T08:15:00Z"));
        assertThat(booked.getClinicTimeZone()).isEqualTo(STOCKHOLM);
        assertThat(booked.getConfirmationCode()).as("the code is not on booking-events (analysts read it)").isNull();
    }

    @Test
    void aMoveByTheClinicCarriesItsReasonToTheOutcomeAndAPersonsMoveCarriesNone() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        String appointment = topology.single(AppointmentBooked.class, topology.bookingEvents()).getAppointmentId();

        topology.send(Topics.BOOKING_COMMANDS, "p1", io.vaxline.commands.RescheduleAppointment.newBuilder(
                Fixtures.reschedule("r2", "p1", appointment, "c1", NINE.plusSeconds(900))).setReason("the vaccinator is late").build());
        io.vaxline.events.AppointmentRescheduled moved = topology.single(io.vaxline.events.AppointmentRescheduled.class,
                topology.bookingEvents());
        assertThat(moved.getReason()).isEqualTo("the vaccinator is late");

        topology.send(Topics.BOOKING_COMMANDS, "p1", Fixtures.reschedule("r3", "p1", appointment, "c1", NINE.plusSeconds(1800)));
        assertThat(topology.single(io.vaxline.events.AppointmentRescheduled.class, topology.bookingEvents()).getReason()).isNull();
    }

    @Test
    void rejectsWithSlotFullOnceEverySeatIsTaken() {
        for (int i = 1; i <= 3; i++) {
            topology.send(Topics.BOOKING_COMMANDS, "p" + i, book("r" + i, "p" + i, "c1", NINE, false));
        }

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).filteredOn(AppointmentBooked.class::isInstance).hasSize(2);
        assertThat(reason(events, "r3")).isEqualTo(RejectionReason.SLOT_FULL);
    }

    @Test
    void aSessionPublishedAgainWithMoreVaccinatorsTakesMoreBookings() {
        for (int i = 1; i <= 3; i++) {
            topology.send(Topics.BOOKING_COMMANDS, "p" + i, book("r" + i, "p" + i, "c1", NINE, false));
        }
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 3, 0));
        topology.send(Topics.BOOKING_COMMANDS, "p4", book("r4", "p4", "c1", NINE, false));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(reason(events, "r3")).isEqualTo(RejectionReason.SLOT_FULL);
        assertThat(booked(events, "r4")).isTrue();
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getCapacity()).isEqualTo(3);
    }

    @Test
    void keepsReservedSeatsForPriorityGroups() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s2", DAY, "11:00", "12:00", 2, 1));
        Instant eleven = local(DAY, "11:00", STOCKHOLM);

        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", eleven, false));
        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", eleven, false));
        topology.send(Topics.BOOKING_COMMANDS, "p3", book("r3", "p3", "c1", eleven, true));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(booked(events, "r1")).isTrue();
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.SLOT_FULL);
        assertThat(booked(events, "r3")).isTrue();
    }

    @Test
    void rejectsATimeThatIsNotTheStartOfASlot() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE.plusSeconds(5 * 60), false));

        assertThat(reason(topology.bookingEvents(), "r1")).isEqualTo(RejectionReason.NO_SUCH_SLOT);
    }

    @Test
    void rejectsAServiceTheSessionDoesNotOffer() {
        BookAppointment flu = book("r1", "p1", "c1", NINE, false);
        flu.setService("influenza");
        topology.send(Topics.BOOKING_COMMANDS, "p1", flu);

        assertThat(reason(topology.bookingEvents(), "r1")).isEqualTo(RejectionReason.NO_SUCH_SLOT);
    }

    @Test
    void rejectsAnUnknownClinicAsNoSuchSlot() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "nowhere", NINE, false));

        assertThat(reason(topology.bookingEvents(), "r1")).isEqualTo(RejectionReason.NO_SUCH_SLOT);
    }

    @Test
    void rejectsASlotThatHasAlreadyStarted() {
        topology.driver.advanceWallClockTime(Duration.between(NOW, NINE.plusSeconds(60)));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        assertThat(reason(topology.bookingEvents(), "r1")).isEqualTo(RejectionReason.SLOT_IN_PAST);
    }

    @Test
    void rejectsPeopleYoungerThanTheSessionAllows() {
        CapacityPublished adults = session("c1", "adults", DAY, "13:00", "14:00", 2, 0);
        adults.setMinAge(18);
        topology.send(Topics.CLINIC_CAPACITY, "c1", adults);
        Instant one = local(DAY, "13:00", STOCKHOLM);
        BookAppointment child = book("r1", "p1", "c1", one, false);
        child.setAgeYears(12);
        BookAppointment adult = book("r2", "p2", "c1", one, false);
        adult.setAgeYears(40);

        topology.send(Topics.BOOKING_COMMANDS, "p1", child);
        topology.send(Topics.BOOKING_COMMANDS, "p2", adult);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(reason(events, "r1")).isEqualTo(RejectionReason.NOT_ELIGIBLE);
        assertThat(booked(events, "r2")).isTrue();
    }

    @Test
    void stockCapsBookingsOnceTheClinicReportsIt() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", 1));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", NINE.plusSeconds(15 * 60), false));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(booked(events, "r1")).isTrue();
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.OUT_OF_STOCK);
        assertThat(topology.latestView("c1", DAY).getSlots()).allSatisfy(slot -> assertThat(slot.getFreeForAnyone()).isZero());

        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", 5));
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getFreeForAnyone()).isEqualTo(1);
    }

    @Test
    void aWithdrawnSessionTakesNoBookingsAndCancelsItsAppointments() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        AppointmentBooked booked = topology.single(AppointmentBooked.class, topology.bookingEvents());

        topology.send(Topics.CLINIC_CAPACITY, "c1", withdraw("c1", "s1"));
        AppointmentCancelled cancelled = topology.single(AppointmentCancelled.class, topology.bookingEvents());
        assertThat(cancelled.getAppointmentId()).isEqualTo(booked.getAppointmentId());
        assertThat(cancelled.getReason()).contains("withdrew the session").contains("vaccinator ill");
        assertThat(topology.latestView("c1", DAY).getSlots()).isEmpty();

        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", NINE, false));
        assertThat(reason(topology.bookingEvents(), "r2")).isEqualTo(RejectionReason.NO_SUCH_SLOT);
    }

    @Test
    void theViewAfterEachDecisionShowsExactlyTheSeatsADecisionWouldGrant() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        SlotAvailability view = topology.latestView("c1", DAY);
        assertThat(view.getSlots()).hasSize(4);
        SlotSeats nine = view.getSlots().get(0);
        assertThat(nine.getStart()).isEqualTo(NINE);
        assertThat(nine.getBooked()).isEqualTo(1);
        assertThat(nine.getFreeForAnyone()).isEqualTo(1);

        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", NINE, false));
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getFreeForAnyone()).isZero();
        topology.send(Topics.BOOKING_COMMANDS, "p3", book("r3", "p3", "c1", NINE, false));
        assertThat(reason(topology.bookingEvents(), "r3")).isEqualTo(RejectionReason.SLOT_FULL);
    }

    @Test
    void parksUndecodableRecordsOnTheDeadLetterTopicAndKeepsGoing() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        topology.sendRaw(Topics.BOOKING_COMMANDS, "p9", garbage);
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        List<TestRecord<String, byte[]>> parked = topology.rawRecords(Topics.BOOKING_COMMANDS.deadLetterTopic());
        assertThat(parked).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("p9");
            assertThat(r.value()).isEqualTo(garbage);
            assertThat(header(r, DeadLetters.REASON)).contains("not a valid Avro record");
            assertThat(header(r, DeadLetters.TOPIC)).isEqualTo(Topics.BOOKING_COMMANDS.name());
        });
        assertThat(booked(topology.bookingEvents(), "r1")).isTrue();
    }

    @Test
    void parksARecordOfTheWrongTypeForItsTopic() {
        topology.send(Topics.BOOKING_COMMANDS, "c1", clinic("c2", STOCKHOLM));

        assertThat(topology.rawRecords(Topics.BOOKING_COMMANDS.deadLetterTopic())).singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetters.REASON))
                        .isEqualTo("ClinicRegistered does not belong on topic booking-commands"));
    }

    @Test
    void parksCapacityForAnUnknownClinicWithTheReason() {
        topology.send(Topics.CLINIC_CAPACITY, "ghost", session("ghost", "s1", DAY, "09:00", "10:00", 1, 0));

        assertThat(topology.rawRecords(Topics.CLINIC_CAPACITY.deadLetterTopic())).singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetters.REASON)).isEqualTo("capacity published for unknown clinic ghost"));
    }

    @Test
    void parksASessionThatWouldMoveToAnotherDay() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY.plusDays(1), "09:00", "10:00", 2, 0));

        assertThat(topology.rawRecords(Topics.CLINIC_CAPACITY.deadLetterTopic())).singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetters.REASON)).contains("cannot move to another day"));
    }

    static RejectionReason reason(List<SpecificRecord> events, String requestId) {
        return events.stream().filter(BookingRejected.class::isInstance).map(BookingRejected.class::cast)
                .filter(r -> r.getRequestId().equals(requestId)).map(BookingRejected::getReason).findFirst()
                .orElseThrow(() -> new AssertionError("no rejection of " + requestId + " in " + events));
    }

    static boolean booked(List<SpecificRecord> events, String requestId) {
        return events.stream().filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast)
                .anyMatch(b -> b.getRequestId().equals(requestId));
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
