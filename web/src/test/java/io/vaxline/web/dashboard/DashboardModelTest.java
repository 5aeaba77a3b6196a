package io.vaxline.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.vaxline.commands.BookAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.events.StockAdjusted;
import io.vaxline.events.VaccinationAdministered;

import org.junit.jupiter.api.Test;

/** The dashboard's aggregation, fed with the generated Avro events exactly as they come off the topics. */
class DashboardModelTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private final Instant now = Instant.now();
    private final LocalDate today = now.atZone(ZONE).toLocalDate();
    private final DashboardModel model = new DashboardModel(ZONE, DashboardModel.Limits.DEFAULT);
    private int ids;

    @Test
    void countsBookingsAndDosesPerDayOnceEach() {
        AppointmentBooked booked = booked("p1", "c1", now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(1)));
        model.apply(booked);
        model.apply(booked);
        model.apply(booked("p2", "c1", now, now.plus(Duration.ofDays(1))));
        VaccinationAdministered dose = dose("p1", "c1", now);
        model.apply(dose);
        model.apply(dose);
        model.apply(dose("p3", "c1", now.minus(Duration.ofDays(30))));

        Figures f = model.snapshot(now);
        assertThat(f.bookingsByDay()).hasSize(14);
        assertThat(f.bookingsByDay().get(13).day()).isEqualTo(today);
        assertThat(f.bookingsToday()).isEqualTo(1);
        assertThat(f.flat()).containsEntry("bookings-" + today.minusDays(2), 1L).containsEntry("bookings-today", 1L)
                .containsEntry("doses-today", 1L);
        assertThat(f.dosesByDay().stream().mapToLong(Figures.Bar::value).sum()).as("a dose 30 days ago is outside the chart").isEqualTo(1);
    }

    @Test
    void coverageUsesTheAgeFromTheBookingWhicheverArrivesFirst() {
        model.apply(dose("old", "c1", now));
        assertThat(model.snapshot(now).flat()).containsEntry("coverage-age-unknown", 1L);
        model.apply(book("old", 84, true));
        model.apply(book("young", 25, false));
        model.apply(dose("young", "c1", now));
        model.apply(dose("young", "c1", now.plusSeconds(60)));
        model.apply(dose("stranger", "c1", now));

        Map<String, Long> f = model.snapshot(now).flat();
        assertThat(f).containsEntry("coverage-age-80+", 1L).containsEntry("coverage-age-18-39", 1L)
                .containsEntry("coverage-age-unknown", 1L).containsEntry("coverage-age-40-59", 0L)
                .containsEntry("coverage-priority", 1L).containsEntry("coverage-not-priority", 1L)
                .containsEntry("coverage-unknown", 1L).containsEntry("people-vaccinated", 3L);
        assertThat(f.keySet()).as("no person id leaves the model").noneMatch(k -> k.contains("old") || k.contains("young")
                || k.contains("stranger"));
    }

    @Test
    void freeSeatsOfTheNextSevenDaysLeaveOutStartedSlots() {
        model.apply(ClinicRegistered.newBuilder().setEventId(id()).setOccurredAt(now).setClinicId("c1").setName("Södermalm")
                .setAddress("Götgatan 1").setLatitude(59.3).setLongitude(18.0).setTimeZone(ZONE.getId())
                .setServices(List.of("covid-19")).build());
        model.apply(availability("c1", today, List.of(seats(now.minusSeconds(600), 4), seats(now.plusSeconds(3600), 3))));
        model.apply(availability("c1", today.plusDays(6), List.of(seats(now.plus(Duration.ofDays(6)), 5))));
        model.apply(availability("c1", today.plusDays(7), List.of(seats(now.plus(Duration.ofDays(7)), 50))));
        model.apply(availability("c1", today.plusDays(6), List.of(seats(now.plus(Duration.ofDays(6)), 2))));

        Figures f = model.snapshot(now);
        assertThat(f.freeSeats()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Södermalm");
            assertThat(c.days()).hasSize(7);
            assertThat(c.total()).isEqualTo(5);
        });
        assertThat(f.flat()).containsEntry("free-seats-c1-" + today, 3L).containsEntry("free-seats-c1-" + today.plusDays(6), 2L)
                .containsEntry("free-seats-7d", 5L);
    }

    @Test
    void noShowsAreTheAppointmentsTheClinicLedgerMarkedMissedEachOnce() {
        Instant longAgo = now.minus(Duration.ofDays(1));
        AppointmentBooked stayedAway = booked("stayed-away", "c1", longAgo, now.minus(Duration.ofHours(3)));
        model.apply(stayedAway);
        model.apply(booked("ended-unmarked", "c1", longAgo, now.minus(Duration.ofHours(3))));
        AppointmentMissed marked = missed(stayedAway.getAppointmentId(), "c1");
        model.apply(marked);
        model.apply(marked);
        model.apply(missed(stayedAway.getAppointmentId(), "c1"));
        model.apply(missed("by-staff", "c1"));
        model.apply(missed("other", "c2"));

        assertThat(model.snapshot(now).flat()).containsEntry("no-shows", 3L).containsEntry("no-shows-c1", 2L)
                .containsEntry("no-shows-c2", 1L);
    }

    private AppointmentMissed missed(String appointmentId, String clinicId) {
        return AppointmentMissed.newBuilder().setEventId(id()).setOccurredAt(now).setAppointmentId(appointmentId)
                .setPersonId("p-" + appointmentId).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(now.minus(Duration.ofHours(3))).setDoseNumber(1).build();
    }

    @Test
    void stockIsWhatTheClinicReportedAndWhatConfirmedBookingsCommitSinceItWasTracked() {
        Instant tracked = now.minus(Duration.ofHours(5));
        model.apply(booked("before", "c1", tracked.minusSeconds(60), now.plus(Duration.ofDays(1))));
        model.apply(stock("c1", 10, tracked));
        model.apply(stock("c1", -3, tracked.plusSeconds(1)));
        model.apply(booked("after", "c1", tracked.plusSeconds(60), now.plus(Duration.ofDays(1))));
        AppointmentBooked moving = booked("moving", "c2", tracked.plusSeconds(60), now.plus(Duration.ofDays(1)));
        model.apply(moving);
        model.apply(rescheduled(moving, "c1", now.plus(Duration.ofDays(2))));
        model.apply(stock("c2", -5, tracked));

        Map<String, Long> f = model.snapshot(now).flat();
        assertThat(f).containsEntry("stock-c1-covid-19-on-hand", 7L).containsEntry("stock-c1-covid-19-committed", 2L)
                .containsEntry("stock-c1-covid-19-free", 5L).containsEntry("stock-c2-covid-19-on-hand", 0L)
                .containsEntry("stock-c2-covid-19-committed", 0L);
    }

    @Test
    void stockFollowsTheLotsAsTheLedgerCountsThem() {
        Instant tracked = now.minus(Duration.ofHours(5));
        model.apply(lot("c1", "FRESH", today.plusMonths(3), 10, tracked));
        model.apply(lot("c1", "LAST-DAY", today, 4, tracked));
        model.apply(lot("c1", "EXPIRED", today.minusDays(1), 6, tracked));
        model.apply(stock("c1", 2, tracked));
        AppointmentBooked given = booked("given", "c1", tracked.plusSeconds(60), now.plus(Duration.ofHours(1)));
        AppointmentBooked noShow = booked("no-show", "c1", tracked.plusSeconds(60), now.minus(Duration.ofHours(1)));
        model.apply(given);
        model.apply(noShow);
        model.apply(booked("waiting", "c1", tracked.plusSeconds(60), now.plus(Duration.ofDays(1))));
        assertThat(model.snapshot(now).flat()).as("10 + 4 in good lots, 2 without a lot; the expired lot counts no more")
                .containsEntry("stock-c1-covid-19-on-hand", 16L).containsEntry("stock-c1-covid-19-committed", 3L);

        VaccinationAdministered dose = VaccinationAdministered.newBuilder(dose("given", "c1", now)).setLot("FRESH")
                .setAppointmentId(given.getAppointmentId()).build();
        model.apply(dose);
        model.apply(dose);
        model.apply(VaccinationAdministered.newBuilder(dose("walk-by", "c1", now)).setLot("UNREPORTED").build());
        model.apply(missed(noShow.getAppointmentId(), "c1"));

        Map<String, Long> f = model.snapshot(now).flat();
        assertThat(f).as("a dose from FRESH; one from a lot never reported, of no known appointment, from nothing")
                .containsEntry("stock-c1-covid-19-on-hand", 15L)
                .as("the dose given and the no-show no longer hold a dose").containsEntry("stock-c1-covid-19-committed", 1L)
                .containsEntry("stock-c1-covid-19-free", 14L);
        assertThat(model.snapshot(now.plus(Duration.ofDays(1))).flat()).as("tomorrow LAST-DAY has expired too")
                .containsEntry("stock-c1-covid-19-on-hand", 11L);
    }

    @Test
    void bookingsReadBeforeTheFirstStockReportAreCountedOnceItArrives() {
        Instant tracked = now.minus(Duration.ofHours(5));
        AppointmentBooked after = booked("after", "c1", tracked.plusSeconds(60), now.plus(Duration.ofDays(1)));
        model.apply(after);
        model.apply(booked("before", "c1", tracked.minusSeconds(60), now.plus(Duration.ofDays(1))));
        model.apply(stock("c1", 4, tracked));
        assertThat(model.snapshot(now).flat()).containsEntry("stock-c1-covid-19-committed", 1L)
                .containsEntry("stock-c1-covid-19-free", 3L);
        model.apply(AppointmentCancelled.newBuilder().setEventId(id()).setOccurredAt(now).setRequestId(id())
                .setAppointmentId(after.getAppointmentId()).setPersonId("after").setClinicId("c1").setService("covid-19")
                .setSlotStart(after.getSlotStart()).setDoseNumber(1).build());
        assertThat(model.snapshot(now).flat()).containsEntry("stock-c1-covid-19-committed", 0L);
    }

    @Test
    void messagesCertificatesAndDeadLetters() {
        NotificationSent sms = NotificationSent.newBuilder().setEventId(id()).setOccurredAt(now).setSourceEventId(id())
                .setChannel("sms").setKind("confirmation").setAttempt(1).build();
        model.apply(sms);
        model.apply(sms);
        model.apply(NotificationSent.newBuilder(sms).setEventId(id()).setChannel("email").build());
        model.apply(failed("sms", true));
        model.apply(failed("sms", false));
        model.apply(failed("email", false));
        model.apply(CertificateIssued.newBuilder().setEventId(id()).setOccurredAt(now).setCertificateId(id()).setPersonId("p")
                .setVaccinationEventId(id()).setDoseNumber(1).setSeriesDoses(2).setExpiresAt(now).setKeyId("k").build());
        model.apply(CertificateRevoked.newBuilder().setEventId(id()).setOccurredAt(now).setCertificateId(id()).setPersonId("p")
                .setReason("corrected").build());
        long before = model.version();
        model.deadLetters("vaccinations", 2);
        model.deadLetters("booking-commands", 1);
        assertThat(model.version()).isGreaterThan(before);
        before = model.version();
        model.deadLetters("vaccinations", 2);
        assertThat(model.version()).as("an unchanged count is no change").isEqualTo(before);

        Figures f = model.snapshot(now);
        assertThat(f.flat()).containsEntry("sms-sent", 1L).containsEntry("sms-failed", 1L).containsEntry("email-sent", 1L)
                .containsEntry("email-failed", 1L).containsEntry("certificates-issued", 1L)
                .containsEntry("certificates-revoked", 1L).containsEntry("dlq-vaccinations", 2L)
                .containsEntry("dead-letters", 3L);
        assertThat(f).isEqualTo(model.snapshot(now));
        assertThat(DashboardResource.message(f)).startsWith("{\"layout\":").contains("\"sms-sent\":1");
    }

    @Test
    void forgetsTheOldestPeopleBeyondItsBound() {
        DashboardModel small = new DashboardModel(ZONE, new DashboardModel.Limits(2, 2, 10));
        for (int i = 0; i < 5; i++) {
            small.apply(dose("p" + i, "c1", now));
        }
        assertThat(small.snapshot(now).peopleVaccinated()).isEqualTo(5);
    }

    private String id() {
        return "id-" + ++ids;
    }

    private BookAppointment book(String personId, int age, boolean priority) {
        return BookAppointment.newBuilder().setCommandId(id()).setRequestId(id()).setOccurredAt(now).setPersonId(personId)
                .setClinicId("c1").setService("covid-19").setSlotStart(now.plus(Duration.ofDays(1))).setDoseNumber(1)
                .setPriority(priority).setAgeYears(age).build();
    }

    private AppointmentBooked booked(String personId, String clinicId, Instant at, Instant slotEnd) {
        return AppointmentBooked.newBuilder().setEventId(id()).setOccurredAt(at).setRequestId(id()).setAppointmentId(id())
                .setConfirmationCode("ABC123").setPersonId(personId).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(slotEnd.minus(Duration.ofMinutes(15))).setSlotEnd(slotEnd).setClinicTimeZone(ZONE.getId())
                .setDoseNumber(1).setPriority(false).build();
    }

    private AppointmentRescheduled rescheduled(AppointmentBooked b, String clinicId, Instant slotEnd) {
        return AppointmentRescheduled.newBuilder().setEventId(id()).setOccurredAt(b.getOccurredAt().plusSeconds(10))
                .setRequestId(id()).setAppointmentId(b.getAppointmentId()).setConfirmationCode(b.getConfirmationCode())
                .setPersonId(b.getPersonId()).setPreviousClinicId(b.getClinicId()).setPreviousSlotStart(b.getSlotStart())
                .setClinicId(clinicId).setService("covid-19").setSlotStart(slotEnd.minus(Duration.ofMinutes(15)))
                .setSlotEnd(slotEnd).setClinicTimeZone(ZONE.getId()).setDoseNumber(1).setPriority(false).build();
    }

    private VaccinationAdministered dose(String personId, String clinicId, Instant at) {
        return VaccinationAdministered.newBuilder().setEventId(id()).setOccurredAt(at).setPersonId(personId)
                .setClinicId(clinicId).setTargetDisease("840539006").setVaccineType("J07BX03").setProduct("EU/1/20/1528")
                .setManufacturer("ORG-100030215").setLot("LOT-1").setDoseNumber(1).setSeriesDoses(2).setAdministeredAt(at)
                .setCountry("SE").setVaccinator("vacc-1").build();
    }

    private static SlotSeats seats(Instant start, int free) {
        return SlotSeats.newBuilder().setSessionId("s").setService("covid-19").setStart(start).setEnd(start.plusSeconds(900))
                .setCapacity(free).setReservedForPriority(0).setBooked(0).setFreeForAnyone(free).setFreeForPriority(free).build();
    }

    private SlotAvailability availability(String clinicId, LocalDate date, List<SlotSeats> slots) {
        return SlotAvailability.newBuilder().setClinicId(clinicId).setDate(date).setUpdatedAt(now).setSlots(slots).build();
    }

    private StockAdjusted stock(String clinicId, int delta, Instant at) {
        return StockAdjusted.newBuilder().setEventId(id()).setOccurredAt(at).setClinicId(clinicId).setService("covid-19")
                .setDelta(delta).build();
    }

    private StockAdjusted lot(String clinicId, String lot, LocalDate expiresOn, int delta, Instant at) {
        return StockAdjusted.newBuilder(stock(clinicId, delta, at)).setLot(lot).setExpiresOn(expiresOn).build();
    }

    private NotificationFailed failed(String channel, boolean willRetry) {
        return NotificationFailed.newBuilder().setEventId(id()).setOccurredAt(now).setSourceEventId(id()).setChannel(channel)
                .setKind("confirmation").setReason("provider said no").setAttempt(1).setWillRetry(willRetry).build();
    }
}
