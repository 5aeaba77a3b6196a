package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.dose;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.reschedule;
import static io.vaxline.scheduler.topology.Fixtures.series;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.Fixtures.stock;
import static io.vaxline.scheduler.topology.SeatDecisionTest.booked;
import static io.vaxline.scheduler.topology.SeatDecisionTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.commands.BookAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dose series: the guard decides which dose a booking is for, books the doses in order and far enough
 * apart (counting doses given as well as booked), and a pair of doses is booked together or not at all.
 */
class DoseSeriesTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant DOSE_1 = local(DAY, "09:00", STOCKHOLM);
    private static final Instant WEEK_LATER = local(DAY.plusDays(7), "09:00", STOCKHOLM);
    private static final Instant THREE_WEEKS_LATER = local(DAY.plusDays(21), "09:00", STOCKHOLM);
    private static final Instant FOUR_WEEKS_LATER = local(DAY.plusDays(28), "09:00", STOCKHOLM);

    private TopologyTestSupport topology;

    @BeforeEach
    void givenATwoDoseSeriesAndSessionsOverFourWeeks() {
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.SERVICES, "covid-19", series(2, 21, 28));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        for (int days : new int[] { 0, 7, 21, 28 }) {
            topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s" + days, DAY.plusDays(days), "09:00", "10:00", 1, 0));
        }
    }

    @AfterEach
    void close() {
        topology.close();
    }

    private static BookAppointment next(String requestId, String personId, Instant slotStart) {
        BookAppointment book = book(requestId, personId, "c1", slotStart, false);
        book.setDoseNumber(0);
        return book;
    }

    private static BookingRejected rejection(List<SpecificRecord> events, String requestId) {
        return events.stream().filter(BookingRejected.class::isInstance).map(BookingRejected.class::cast)
                .filter(r -> r.getRequestId().equals(requestId)).findFirst().orElseThrow();
    }

    private static AppointmentBooked booking(List<SpecificRecord> events, String requestId) {
        return events.stream().filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast)
                .filter(b -> b.getRequestId().equals(requestId)).findFirst().orElseThrow();
    }

    @Test
    void theGuardPicksTheNextDoseAndHoldsItToTheMinimumInterval() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r1", "p1", DOSE_1));
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r2", "p1", WEEK_LATER));
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r3", "p1", THREE_WEEKS_LATER));
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r4", "p1", FOUR_WEEKS_LATER));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(booking(events, "r1").getDoseNumber()).isEqualTo(1);
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(rejection(events, "r2").getDetail()).contains("at least 21 days after dose 1");
        assertThat(booking(events, "r3").getDoseNumber()).isEqualTo(2);
        assertThat(reason(events, "r4")).as("both doses held: nothing left to book").isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(topology.latestView("c1", DAY.plusDays(7)).getSlots().get(0).getBooked()).isZero();
    }

    @Test
    void aClientCannotChooseALaterDose() {
        BookAppointment second = book("r1", "p1", "c1", THREE_WEEKS_LATER, false);
        second.setDoseNumber(2);
        BookAppointment tenth = book("r2", "p1", "c1", THREE_WEEKS_LATER, false);
        tenth.setDoseNumber(10);
        topology.send(Topics.BOOKING_COMMANDS, "p1", second);
        topology.send(Topics.BOOKING_COMMANDS, "p1", tenth);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(reason(events, "r1")).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(rejection(events, "r1").getDetail()).contains("is dose 1");
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(rejection(events, "r2").getDetail()).contains("there is no dose 10");
        assertThat(events).noneMatch(AppointmentBooked.class::isInstance);
    }

    @Test
    void twoDosesBookedTogetherAreBothTakenUnderTwoRequestIds() {
        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", 2));
        BookAppointment pair = next("r1", "p1", DOSE_1);
        pair.setFollowUpSlotStart(FOUR_WEEKS_LATER);
        topology.send(Topics.BOOKING_COMMANDS, "p1", pair);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(booking(events, "r1").getDoseNumber()).isEqualTo(1);
        AppointmentBooked second = booking(events, "r1/next");
        assertThat(second.getDoseNumber()).isEqualTo(2);
        assertThat(second.getSlotStart()).isEqualTo(FOUR_WEEKS_LATER);
        assertThat(second.getAppointmentId()).isNotEqualTo(booking(events, "r1").getAppointmentId());
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getBooked()).isEqualTo(1);
        assertThat(topology.latestView("c1", DAY.plusDays(28)).getSlots().get(0).getBooked()).isEqualTo(1);

        // The guard learnt both: a third booking finds the series held, and a move of dose 1 too close to dose 2 is refused.
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r2", "p1", WEEK_LATER));
        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r3", "p1", booking(events, "r1").getAppointmentId(), "c1",
                THREE_WEEKS_LATER));
        List<SpecificRecord> later = topology.bookingEvents();
        assertThat(reason(later, "r2")).isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(reason(later, "r3")).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(rejection(later, "r3").getDetail()).contains("before dose 2");
    }

    @Test
    void aPairWhoseSecondSeatIsGoneIsRefusedWholeAndTakesNothing() {
        topology.send(Topics.BOOKING_COMMANDS, "p2", next("r0", "p2", FOUR_WEEKS_LATER));
        BookAppointment pair = next("r1", "p1", DOSE_1);
        pair.setFollowUpSlotStart(FOUR_WEEKS_LATER);
        topology.send(Topics.BOOKING_COMMANDS, "p1", pair);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(booked(events, "r0")).isTrue();
        assertThat(reason(events, "r1")).isEqualTo(RejectionReason.SLOT_FULL);
        assertThat(rejection(events, "r1").getDetail()).contains("dose 2").contains("neither dose was booked");
        assertThat(events).noneMatch(e -> e instanceof AppointmentBooked b && b.getPersonId().equals("p1"));
        assertThat(topology.latestView("c1", DAY).getSlots().get(0).getBooked()).isZero();

        // Nothing is left held: the person books dose 1 alone.
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r2", "p1", DOSE_1));
        assertThat(booking(topology.bookingEvents(), "r2").getDoseNumber()).isEqualTo(1);
    }

    @Test
    void aPairIsCheckedAgainstTheSeriesAndTheStockBeforeAnySeatIsTaken() {
        BookAppointment tooClose = next("r1", "p1", DOSE_1);
        tooClose.setFollowUpSlotStart(WEEK_LATER);
        topology.send(Topics.BOOKING_COMMANDS, "p1", tooClose);
        topology.send(Topics.CLINIC_CAPACITY, "c1", stock("c1", 1));
        BookAppointment oneDoseLeft = next("r2", "p1", DOSE_1);
        oneDoseLeft.setFollowUpSlotStart(FOUR_WEEKS_LATER);
        topology.send(Topics.BOOKING_COMMANDS, "p1", oneDoseLeft);

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(reason(events, "r1")).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.OUT_OF_STOCK);
        assertThat(events).noneMatch(AppointmentBooked.class::isInstance);
    }

    @Test
    void dosesGivenCountAndACorrectionMovesThem() {
        Instant given = DOSE_1.minusSeconds(3600L * 24 * 10);
        topology.send(Topics.VACCINATIONS, "p1", dose("v1", "p1", 1, given));
        topology.send(Topics.VACCINATIONS, "p1", dose("v1", "p1", 1, given));
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r1", "p1", WEEK_LATER));
        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(rejection(events, "r1").getDetail()).as("dose 2 is next, 21 days after the dose given")
                .contains("dose 2").contains("after dose 1");

        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r2", "p1", THREE_WEEKS_LATER));
        AppointmentBooked second = booking(topology.bookingEvents(), "r2");
        assertThat(second.getDoseNumber()).isEqualTo(2);

        // The clinic had recorded the wrong day: dose 1 was given on day 14. The booking made stands, but the
        // guard counts the corrected day, so dose 2 cannot move to day 28 (14 days after it).
        topology.send(Topics.VACCINATIONS, "p1", corrected("v2", "v1", "p1", local(DAY.plusDays(14), "09:00", STOCKHOLM)));
        topology.send(Topics.BOOKING_COMMANDS, "p1", reschedule("r3", "p1", second.getAppointmentId(), "c1", FOUR_WEEKS_LATER));
        List<SpecificRecord> afterCorrection = topology.bookingEvents();
        assertThat(reason(afterCorrection, "r3")).isEqualTo(RejectionReason.DOSE_NOT_DUE);
        assertThat(rejection(afterCorrection, "r3").getDetail()).contains("after dose 1");
    }

    @Test
    void aSeriesGivenInFullIsComplete() {
        topology.send(Topics.VACCINATIONS, "p1", dose("v1", "p1", 1, NOW.minusSeconds(3600L * 24 * 60)));
        topology.send(Topics.VACCINATIONS, "p1", dose("v2", "p1", 2, NOW.minusSeconds(3600L * 24 * 30)));
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r1", "p1", DOSE_1));
        assertThat(reason(topology.bookingEvents(), "r1")).isEqualTo(RejectionReason.SERIES_COMPLETE);
    }

    @Test
    void aDoseThatCannotBeDecodedIsLeftToCertificateServiceToPark() {
        topology.sendRaw(Topics.VACCINATIONS, "p1", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        topology.send(Topics.BOOKING_COMMANDS, "p1", next("r1", "p1", DOSE_1));

        assertThat(topology.rawRecords(Topics.VACCINATIONS.deadLetterTopic())).as("parked once, by its owner").isEmpty();
        assertThat(booking(topology.bookingEvents(), "r1").getDoseNumber()).isEqualTo(1);
    }

    private static VaccinationCorrected corrected(String eventId, String corrects, String personId, Instant at) {
        var d = dose(eventId, personId, 1, at);
        return VaccinationCorrected.newBuilder().setEventId(eventId).setOccurredAt(at).setCorrectsEventId(corrects)
                .setPersonId(personId).setClinicId(d.getClinicId()).setTargetDisease(d.getTargetDisease())
                .setVaccineType(d.getVaccineType()).setProduct(d.getProduct()).setManufacturer(d.getManufacturer())
                .setLot(d.getLot()).setDoseNumber(1).setSeriesDoses(2).setAdministeredAt(at).setCountry("SE")
                .setVaccinator("v1").setReason("wrong date").build();
    }
}
