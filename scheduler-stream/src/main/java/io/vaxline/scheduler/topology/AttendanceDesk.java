package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.vaxline.commands.CheckInAppointment;
import io.vaxline.commands.MarkAppointmentMissed;
import io.vaxline.events.AppointmentCheckedIn;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.internal.Attendance;
import io.vaxline.internal.SeatHolder;
import io.vaxline.internal.SeatRequest;
import io.vaxline.internal.StockLot;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * What happens at the clinic's door, decided in the clinic ledger's task next to the seats and the stock
 * it changes: a check-in, a no-show, a dose given (taken from its lot, turning the appointment's
 * commitment into use) and, once a session has ended, its unused commitments released and its
 * appointments without check-in or dose marked missed. An appointment's {@link Attendance} says whether
 * the dose promised to it still counts as committed, so nothing gives a commitment back twice.
 */
final class AttendanceDesk {

    private static final Logger LOG = Logger.getLogger(AttendanceDesk.class);

    private final Ledger ledger;
    private final ProcessorContext<String, SpecificRecord> context;
    /** Called when the doses left of a clinic's service changed, so the views of its days are refreshed. */
    private final BiConsumer<ClinicUpdated, String> stockChanged;

    AttendanceDesk(Ledger ledger, ProcessorContext<String, SpecificRecord> context,
            BiConsumer<ClinicUpdated, String> stockChanged) {
        this.ledger = ledger;
        this.context = context;
        this.stockChanged = stockChanged;
    }

    /**
     * A dose given: one fewer in its lot (or in the service's stock without a lot, when the lot is not
     * known), and the appointment it was given at no longer holds a commitment. The same dose read again
     * (same appointment, or same event without one) changes nothing.
     */
    void doseGiven(VaccinationAdministered dose) {
        ClinicUpdated clinic = ledger.clinic(dose.getClinicId());
        if (clinic == null) {
            LOG.debugf("Dose %s at clinic %s, which the ledger does not know: no stock to take it from",
                    dose.getEventId(), dose.getClinicId());
            return;
        }
        LocalDate day = Ledger.localDate(clinic, dose.getAdministeredAt());
        Optional<Ledger.Holding> holding = dose.getAppointmentId() == null ? Optional.empty()
                : ledger.holdingOn(dose.getClinicId(), day, dose.getAppointmentId());
        String key = holding.isPresent() ? StoreKeys.attendance(dose.getClinicId(), day, dose.getAppointmentId())
                : StoreKeys.doseWithoutAppointment(dose.getClinicId(), day, dose.getEventId());
        Attendance attendance = ledger.attendance(key);
        if (attendance.getVaccinatedAt() != null) {
            return;
        }
        Optional<String> service = takeDose(clinic, dose.getLot(), holding.map(h -> h.holder().getService()));
        if (holding.isPresent() && !attendance.getCommitmentSettled()) {
            ledger.commitStock(dose.getClinicId(), holding.get().holder().getService(), -1);
            attendance.setCommitmentSettled(true);
        }
        attendance.setVaccinatedAt(dose.getAdministeredAt());
        attendance.setLot(dose.getLot());
        ledger.attendance.put(key, attendance);
        service.or(() -> holding.map(h -> h.holder().getService())).ifPresent(s -> stockChanged.accept(clinic, s));
    }

    /** The service whose stock gave the dose: its lot's, else the appointment's when that stock is tracked. */
    private Optional<String> takeDose(ClinicUpdated clinic, String lotNumber, Optional<String> appointmentService) {
        for (KeyValue<String, StockLot> lot : ledger.lotsOf(clinic.getClinicId())) {
            if (lot.value.getLot().equals(lotNumber)
                    && appointmentService.map(s -> s.equals(lot.value.getService())).orElse(true)) {
                ledger.takeFromLot(lot.key);
                return Optional.of(lot.value.getService());
            }
        }
        return appointmentService.filter(s -> ledger.takeWithoutLot(clinic.getClinicId(), s));
    }

    /** Staff checked in a person who came for today's appointment. */
    void checkIn(Record<String, SpecificRecord> record, CheckInAppointment command) {
        Optional<Today> today = today(record, command.getClinicId(), command.getAppointmentId());
        if (today.isEmpty()) {
            return;
        }
        Attendance attendance = ledger.attendance(today.get().attendanceKey());
        if (attendance.getMissedAt() != null) {
            deadLetter(record, "appointment " + command.getAppointmentId() + " was already marked missed");
            return;
        }
        if (attendance.getCheckedInAt() != null || attendance.getVaccinatedAt() != null) {
            return;
        }
        attendance.setCheckedInAt(now());
        ledger.attendance.put(today.get().attendanceKey(), attendance);
        SeatHolder holder = today.get().holder();
        emit(command.getClinicId(), AppointmentCheckedIn.newBuilder()
                .setEventId(DerivedIds.of("checked-in", command.getCommandId()))
                .setOccurredAt(now())
                .setAppointmentId(holder.getAppointmentId())
                .setPersonId(holder.getPersonId())
                .setClinicId(command.getClinicId())
                .setService(holder.getService())
                .setSlotStart(holder.getSlotStart())
                .setDoseNumber(holder.getDoseNumber())
                .setStaff(command.getStaff())
                .build());
    }

    /**
     * A walk-in just seated: the person is at the door, so the appointment is checked in as it is booked (in the
     * same step), and the session's settlement releases its dose rather than marking it missed if none is given.
     */
    void checkedInAtDoor(ClinicUpdated clinic, LocalDate date, String appointmentId, SeatRequest request, String eventId) {
        String key = StoreKeys.attendance(clinic.getClinicId(), date, appointmentId);
        Attendance attendance = ledger.attendance(key);
        if (attendance.getCheckedInAt() != null) {
            return;
        }
        attendance.setCheckedInAt(now());
        ledger.attendance.put(key, attendance);
        Optional<Ledger.Holding> holding = ledger.holdingOn(clinic.getClinicId(), date, appointmentId);
        emit(clinic.getClinicId(), AppointmentCheckedIn.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(now())
                .setAppointmentId(appointmentId)
                .setPersonId(request.getPersonId())
                .setClinicId(clinic.getClinicId())
                .setService(request.getService())
                .setSlotStart(holding.map(h -> h.holder().getSlotStart()).orElse(request.getSlotStart()))
                .setDoseNumber(request.getDoseNumber())
                .setStaff(null)
                .build());
    }

    /** Staff marked today's appointment missed once its slot had started: its dose is free to promise again. */
    void markMissed(Record<String, SpecificRecord> record, MarkAppointmentMissed command) {
        Optional<Today> today = today(record, command.getClinicId(), command.getAppointmentId());
        if (today.isEmpty()) {
            return;
        }
        SeatHolder holder = today.get().holder();
        if (holder.getSlotStart().isAfter(now())) {
            deadLetter(record, "appointment " + command.getAppointmentId() + " starts at " + holder.getSlotStart()
                    + ": it cannot be missed before its slot has started");
            return;
        }
        Attendance attendance = ledger.attendance(today.get().attendanceKey());
        if (attendance.getVaccinatedAt() != null) {
            deadLetter(record, "appointment " + command.getAppointmentId() + " was not missed: a dose was given");
            return;
        }
        if (attendance.getMissedAt() != null) {
            return;
        }
        missed(today.get().clinic(), today.get().attendanceKey(), attendance, holder,
                DerivedIds.of("missed", command.getCommandId()), command.getStaff());
    }

    /**
     * Every session that has ended (clinic-local end time) and was not settled yet: its appointments
     * without a check-in or a dose are missed, and no appointment of it keeps a commitment. Then every lot
     * that expired since the last look refreshes the views of its service.
     */
    void settleEndedSessions() {
        Instant now = now();
        for (CapacityPublished session : ledger.allSessions()) {
            ClinicUpdated clinic = ledger.clinic(session.getClinicId());
            if (clinic == null || end(session, Ledger.zone(clinic)).isAfter(now)) {
                continue;
            }
            String settledKey = StoreKeys.session(session.getClinicId(), session.getDate(), session.getSessionId());
            if (ledger.sessionsSettled.get(settledKey) != null) {
                continue;
            }
            for (Ledger.Holding holding : ledger.holdings(session.getClinicId(), session.getDate(), session.getSessionId())) {
                SeatHolder holder = holding.holder();
                String key = StoreKeys.attendance(session.getClinicId(), session.getDate(), holder.getAppointmentId());
                Attendance attendance = ledger.attendance(key);
                if (attendance.getCommitmentSettled()) {
                    continue;
                }
                if (attendance.getCheckedInAt() == null && attendance.getVaccinatedAt() == null) {
                    missed(clinic, key, attendance, holder,
                            DerivedIds.of("missed", holder.getAppointmentId(), holder.getSlotStart().toEpochMilli()), null);
                } else {
                    releaseCommitment(clinic, holder, attendance);
                    ledger.attendance.put(key, attendance);
                }
            }
            ledger.sessionsSettled.put(settledKey, now.toString());
        }
        noticeExpiredLots();
    }

    /** True while the appointment's dose still counts as committed, so giving its seat back gives the dose back. */
    boolean holdsCommitment(String clinicId, LocalDate date, String appointmentId) {
        return !ledger.attendance(StoreKeys.attendance(clinicId, date, appointmentId)).getCommitmentSettled();
    }

    private void noticeExpiredLots() {
        for (ClinicUpdated clinic : ledger.allClinics()) {
            LocalDate today = Ledger.localDate(clinic, now());
            for (KeyValue<String, StockLot> lot : ledger.lotsOf(clinic.getClinicId())) {
                StockLot value = lot.value;
                if (!value.getExpired() && value.getExpiresOn() != null && value.getExpiresOn().isBefore(today)) {
                    ledger.stockLots.put(lot.key, StockLot.newBuilder(value).setExpired(true).build());
                    stockChanged.accept(clinic, value.getService());
                }
            }
        }
    }

    private void missed(ClinicUpdated clinic, String attendanceKey, Attendance attendance, SeatHolder holder,
            String eventId, String staff) {
        releaseCommitment(clinic, holder, attendance);
        attendance.setMissedAt(now());
        ledger.attendance.put(attendanceKey, attendance);
        emit(clinic.getClinicId(), AppointmentMissed.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(now())
                .setAppointmentId(holder.getAppointmentId())
                .setPersonId(holder.getPersonId())
                .setClinicId(clinic.getClinicId())
                .setService(holder.getService())
                .setSlotStart(holder.getSlotStart())
                .setDoseNumber(holder.getDoseNumber())
                .setStaff(staff)
                .build());
    }

    private void releaseCommitment(ClinicUpdated clinic, SeatHolder holder, Attendance attendance) {
        if (!attendance.getCommitmentSettled()) {
            attendance.setCommitmentSettled(true);
            if (ledger.commitStock(clinic.getClinicId(), holder.getService(), -1)) {
                stockChanged.accept(clinic, holder.getService());
            }
        }
    }

    /** Today's appointment a staff command names, with its clinic; or the command is parked with the reason. */
    private Optional<Today> today(Record<String, SpecificRecord> record, String clinicId, String appointmentId) {
        ClinicUpdated clinic = ledger.clinic(clinicId);
        if (clinic == null) {
            deadLetter(record, "unknown clinic " + clinicId);
            return Optional.empty();
        }
        LocalDate today = Ledger.localDate(clinic, now());
        Optional<Ledger.Holding> holding = ledger.holdingOn(clinicId, today, appointmentId);
        if (holding.isEmpty()) {
            deadLetter(record, "appointment " + appointmentId + " holds no seat at clinic " + clinicId + " today ("
                    + today + ")");
            return Optional.empty();
        }
        return Optional.of(new Today(clinic, holding.get().holder(), StoreKeys.attendance(clinicId, today, appointmentId)));
    }

    private record Today(ClinicUpdated clinic, SeatHolder holder, String attendanceKey) {
    }

    private static Instant end(CapacityPublished session, ZoneId zone) {
        return ZonedDateTime.of(session.getDate(), session.getEndTime(), zone).toInstant();
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void emit(String clinicId, SpecificRecord event) {
        context.forward(new Record<>(clinicId, event, context.currentSystemTimeMs(), Traced.headers()));
    }

    private void deadLetter(Record<String, SpecificRecord> record, String reason) {
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                OutputRouting.deadLetter(context, record.value(), reason, null)));
    }
}
