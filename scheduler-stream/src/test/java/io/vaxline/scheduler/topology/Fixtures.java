package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.commands.CheckInAppointment;
import io.vaxline.commands.MarkAppointmentMissed;
import io.vaxline.commands.RescheduleAppointment;
import io.vaxline.events.CapacityWithdrawn;
import io.vaxline.events.StockAdjusted;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ServiceDefined;
import io.vaxline.events.VaccinationAdministered;

/** Events as clinics and booking-api would produce them. */
final class Fixtures {

    static final String STOCKHOLM = "Europe/Stockholm";

    private Fixtures() {
    }

    static ClinicRegistered clinic(String clinicId, String timeZone) {
        return ClinicRegistered.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId(clinicId)
                .setName("Clinic " + clinicId)
                .setAddress("1 Main Street")
                .setLatitude(59.33)
                .setLongitude(18.06)
                .setTimeZone(timeZone)
                .setServices(List.of("covid-19"))
                .build();
    }

    /** A session of 15-minute slots with {@code seats} seats each, {@code reserved} of them for priority groups. */
    static CapacityPublished session(String clinicId, String sessionId, LocalDate date, String from, String to,
            int seats, int reserved) {
        return CapacityPublished.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId(clinicId)
                .setSessionId(sessionId)
                .setService("covid-19")
                .setDate(date)
                .setStartTime(LocalTime.parse(from))
                .setEndTime(LocalTime.parse(to))
                .setSlotMinutes(15)
                .setSeatsPerSlot(seats)
                .setReservedSeatsPerSlot(reserved)
                .build();
    }

    static BookAppointment book(String requestId, String personId, String clinicId, Instant slotStart, boolean priority) {
        return BookAppointment.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setRequestId(requestId)
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setPersonId(personId)
                .setClinicId(clinicId)
                .setService("covid-19")
                .setSlotStart(slotStart)
                .setDoseNumber(1)
                .setPriority(priority)
                .build();
    }

    static RescheduleAppointment reschedule(String requestId, String personId, String appointmentId, String clinicId,
            Instant slotStart) {
        return RescheduleAppointment.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setRequestId(requestId)
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setPersonId(personId)
                .setAppointmentId(appointmentId)
                .setClinicId(clinicId)
                .setSlotStart(slotStart)
                .build();
    }

    static CancelAppointment cancel(String requestId, String personId, String appointmentId) {
        return CancelAppointment.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setRequestId(requestId)
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setPersonId(personId)
                .setAppointmentId(appointmentId)
                .setReason("plans changed")
                .build();
    }

    static StockAdjusted stock(String clinicId, int delta) {
        return StockAdjusted.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId(clinicId)
                .setService("covid-19")
                .setDelta(delta)
                .build();
    }

    /** Doses of one lot, good until {@code expiresOn} (clinic-local) when it is not null. */
    static StockAdjusted lot(String clinicId, String lot, LocalDate expiresOn, int delta) {
        return StockAdjusted.newBuilder(stock(clinicId, delta)).setLot(lot).setExpiresOn(expiresOn).build();
    }

    /** A dose as a clinic system reports it; {@code appointmentId} null for a dose without appointment. */
    static VaccinationAdministered dose(String eventId, String personId, String clinicId, String appointmentId, String lot,
            Instant administeredAt) {
        return VaccinationAdministered.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(administeredAt)
                .setPersonId(personId)
                .setClinicId(clinicId)
                .setAppointmentId(appointmentId)
                .setTargetDisease("840539006")
                .setVaccineType("J07BX03")
                .setProduct("EU/1/20/1528")
                .setManufacturer("ORG-100030215")
                .setLot(lot)
                .setDoseNumber(1)
                .setSeriesDoses(2)
                .setAdministeredAt(administeredAt)
                .setCountry("SE")
                .setVaccinator("nurse-12")
                .build();
    }

    static CheckInAppointment checkIn(String clinicId, String appointmentId) {
        return CheckInAppointment.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId(clinicId)
                .setAppointmentId(appointmentId)
                .setStaff("staff:" + clinicId)
                .build();
    }

    static MarkAppointmentMissed markMissed(String clinicId, String appointmentId) {
        return MarkAppointmentMissed.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId(clinicId)
                .setAppointmentId(appointmentId)
                .setStaff("staff:" + clinicId)
                .build();
    }

    static CapacityWithdrawn withdraw(String clinicId, String sessionId) {
        return CapacityWithdrawn.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setClinicId(clinicId)
                .setSessionId(sessionId)
                .setReason("vaccinator ill")
                .build();
    }

    /** covid-19 as a series of {@code doses}, at least {@code minDays} apart. */
    static ServiceDefined series(int doses, int minDays, int recommendedDays) {
        return ServiceDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z")).setService("covid-19").setDoses(doses)
                .setMinIntervalDays(minDays).setRecommendedIntervalDays(recommendedDays).setTargetDisease("840539006").build();
    }

    /** A covid-19 dose a clinic reports, without an appointment: dose {@code doseNumber} of the series. */
    static VaccinationAdministered dose(String eventId, String personId, int doseNumber, Instant at) {
        return VaccinationAdministered.newBuilder(dose(eventId, personId, "c9", null, "L1", at)).setDoseNumber(doseNumber).build();
    }

    /** Staff register {@code personId} at the door of {@code clinicId} for covid-19, without an appointment. */
    static io.vaxline.commands.RegisterWalkIn walkIn(String requestId, String personId, String clinicId) {
        return io.vaxline.commands.RegisterWalkIn.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setRequestId(requestId)
                .setOccurredAt(Instant.parse("2030-01-01T08:00:00Z"))
                .setPersonId(personId)
                .setClinicId(clinicId)
                .setService("covid-19")
                .setStaff("staff:" + clinicId)
                .build();
    }

    static Instant local(LocalDate date, String time, String zone) {
        return date.atTime(LocalTime.parse(time)).atZone(ZoneId.of(zone)).toInstant();
    }
}
