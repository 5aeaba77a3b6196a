package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingRejected;
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

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).singleElement().isInstanceOfSatisfying(AppointmentBooked.class, booked -> {
            assertThat(booked.getRequestId()).isEqualTo("r1");
            assertThat(booked.getPersonId()).isEqualTo("p1");
            assertThat(booked.getSlotStart()).isEqualTo(Instant.parse("2030-03-04T08:00:00Z"));
            assertThat(booked.getSlotEnd()).isEqualTo(Instant.parse("2030-03-04T08:15:00Z"));
            assertThat(booked.getClinicTimeZone()).isEqualTo(STOCKHOLM);
            assertThat(booked.getConfirmationCode()).matches("[0-9A-Z]{4}-[0-9A-Z]{4}");
        });
    }

    @Test
    void rejectsWithSlotFullOnceEverySeatIsTaken() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "p3", book("r3", "p3", "c1", NINE, false));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).hasSize(3);
        assertThat(events.subList(0, 2)).allMatch(AppointmentBooked.class::isInstance);
        assertThat(events.get(2)).isInstanceOfSatisfying(BookingRejected.class,
                rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.SLOT_FULL));
    }

    @Test
    void repeatingARequestIdReturnsTheFirstOutcomeAndTakesNoSecondSeat() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).hasSize(2).allMatch(AppointmentBooked.class::isInstance);
        assertThat(events.get(0)).isEqualTo(events.get(1));
        assertThat(latestView().getSlots().get(0).getBooked()).isEqualTo(1);
    }

    @Test
    void rejectsATimeThatIsNotTheStartOfASlot() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE.plusSeconds(5 * 60), false));

        assertThat(topology.bookingEvents()).singleElement().isInstanceOfSatisfying(BookingRejected.class,
                rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.NO_SUCH_SLOT));
    }

    @Test
    void rejectsAnUnknownClinicAsNoSuchSlot() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "nowhere", NINE, false));

        assertThat(topology.bookingEvents()).singleElement().isInstanceOfSatisfying(BookingRejected.class,
                rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.NO_SUCH_SLOT));
    }

    @Test
    void rejectsASlotThatHasAlreadyStarted() {
        topology.driver.advanceWallClockTime(java.time.Duration.between(NOW, NINE.plusSeconds(60)));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        assertThat(topology.bookingEvents()).singleElement().isInstanceOfSatisfying(BookingRejected.class,
                rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.SLOT_IN_PAST));
    }

    @Test
    void keepsReservedSeatsForPriorityGroups() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s2", DAY, "11:00", "12:00", 2, 1));
        Instant eleven = local(DAY, "11:00", STOCKHOLM);

        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", eleven, false));
        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", eleven, false));
        topology.send(Topics.BOOKING_COMMANDS, "p3", book("r3", "p3", "c1", eleven, true));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events.get(0)).isInstanceOf(AppointmentBooked.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(BookingRejected.class,
                rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.SLOT_FULL));
        assertThat(events.get(2)).isInstanceOf(AppointmentBooked.class);
    }

    @Test
    void theViewAfterEachDecisionShowsExactlyTheSeatsADecisionWouldGrant() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        SlotAvailability view = latestView();
        assertThat(view.getClinicId()).isEqualTo("c1");
        assertThat(view.getDate()).isEqualTo(DAY);
        assertThat(view.getSlots()).hasSize(4);
        SlotSeats nine = view.getSlots().get(0);
        assertThat(nine.getStart()).isEqualTo(NINE);
        assertThat(nine.getBooked()).isEqualTo(1);
        assertThat(nine.getFreeForAnyone()).isEqualTo(1);

        topology.send(Topics.BOOKING_COMMANDS, "p2", book("r2", "p2", "c1", NINE, false));
        assertThat(latestView().getSlots().get(0).getFreeForAnyone()).isZero();
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
        assertThat(topology.bookingEvents()).singleElement().isInstanceOf(AppointmentBooked.class);
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

    private SlotAvailability latestView() {
        List<SpecificRecord> views = topology.output(Topics.SLOT_AVAILABILITY.name()).readValuesToList();
        return (SlotAvailability) views.get(views.size() - 1);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
