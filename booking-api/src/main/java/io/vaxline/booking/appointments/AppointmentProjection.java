package io.vaxline.booking.appointments;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentCheckedIn;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.schemas.ConfirmationCodes;
import io.vaxline.schemas.Outages;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the appointment and booking_request tables in step with booking-events. Every write is an
 * upsert that only moves a row forward in time, so events applied twice (a redelivery after a crash)
 * or out of order (a move to another clinic is on another partition than the booking) leave the
 * latest state. An event that leaves a field empty (a cancellation that did not know the service)
 * keeps what the row already says. The HTTP request does not wait for this write: until it is done,
 * the household's reads lay the outcome kept by {@link BookingOutcomes} over the row ({@link #project}).
 * The confirmation code is not on the events (analysts read booking-events): it is the keyed hash of the
 * appointment id ({@link ConfirmationCodes}), computed here as the notifier computes it for its texts; an
 * event written before carries its code, and that one is kept.
 */
@ApplicationScoped
public class AppointmentProjection {

    private static final String UPSERT_APPOINTMENT = """
            INSERT INTO appointment (appointment_id, person_id, clinic_id, service, slot_start, slot_end, time_zone,
                                     dose_number, confirmation_code, status, updated_at)
            VALUES (:appointmentId, :personId, :clinicId, :service, :slotStart, :slotEnd, :timeZone, :doseNumber,
                    :code, :status, :updatedAt)
            ON CONFLICT (appointment_id) DO UPDATE SET
                clinic_id = COALESCE(NULLIF(EXCLUDED.clinic_id, ''), appointment.clinic_id),
                service = COALESCE(NULLIF(EXCLUDED.service, ''), appointment.service),
                slot_start = EXCLUDED.slot_start,
                slot_end = COALESCE(EXCLUDED.slot_end, appointment.slot_end),
                time_zone = COALESCE(EXCLUDED.time_zone, appointment.time_zone),
                confirmation_code = COALESCE(EXCLUDED.confirmation_code, appointment.confirmation_code),
                status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
            WHERE appointment.updated_at <= EXCLUDED.updated_at""";

    private static final String UPSERT_REQUEST = """
            INSERT INTO booking_request (request_id, person_id, outcome, reason, detail, appointment_id, decided_at)
            VALUES (:requestId, :personId, :outcome, :reason, :detail, :appointmentId, :decidedAt)
            ON CONFLICT (request_id) DO NOTHING""";

    @Inject
    RecordDecoder decoder;

    @Inject
    OutageRetry outages;

    @Inject
    ConfirmationCodes codes;

    /** A record of the poll, decoded, or the reason it cannot be applied. */
    private record Entry(KafkaRecord<String, byte[]> record, SpecificRecord event, Throwable failure) {
    }

    /**
     * A poll at a time, in one transaction: under load a poll carries many events, and each transaction costs
     * PostgreSQL and the session more than its statements. A record that cannot be decoded, or whose write fails for
     * a reason of its own (not an outage), is parked on booking-events-dlq with the reason and the others are applied:
     * the poll is then applied one event per transaction to find it. An outage is waited out on the whole poll.
     */
    @Incoming("appointment-projection")
    public Uni<Void> onEvents(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        return outages.<List<Entry>>untilAvailable("appointment-projection", () -> applyPoll(records))
                .chain(AppointmentProjection::park)
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** Parks each record on booking-events-dlq with its reason (the channel's failure strategy), all together. */
    private static Uni<Void> park(List<Entry> parked) {
        if (parked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(parked.stream().map(e -> Uni.createFrom().completionStage(() -> e.record().nack(e.failure())))
                .toList()).andFailFast().replaceWithVoid();
    }

    private Uni<List<Entry>> applyPoll(List<KafkaRecord<String, byte[]>> records) {
        List<Entry> entries = new ArrayList<>(records.size());
        for (KafkaRecord<String, byte[]> record : records) {
            try {
                entries.add(new Entry(record, decoder.decode(Topics.BOOKING_EVENTS, record.getHeaders(), record.getPayload()), null));
            } catch (RuntimeException e) {
                if (Outages.isOutage(e)) {
                    throw e;
                }
                entries.add(new Entry(record, null, e));
            }
        }
        List<Entry> decoded = entries.stream().filter(e -> e.failure() == null).toList();
        List<Entry> parked = new ArrayList<>(entries.stream().filter(e -> e.failure() != null).toList());
        if (decoded.isEmpty()) {
            return Uni.createFrom().item(parked);
        }
        Uni<List<Entry>> written = Panache.withTransaction(() -> writeAll(decoded)).replaceWith(parked)
                .onFailure(failure -> !Outages.isOutage(failure) && decoded.size() > 1)
                .recoverWithUni(() -> Multi.createFrom().iterable(decoded).onItem().transformToUniAndConcatenate(entry ->
                                apply(entry.event()).replaceWith((Entry) null)
                                        .onFailure(failure -> !Outages.isOutage(failure))
                                        .recoverWithItem(failure -> new Entry(entry.record(), null, failure)))
                        .collect().asList().map(failed -> {
                            failed.stream().filter(Objects::nonNull).forEach(parked::add);
                            return parked;
                        }));
        // Once the poll is committed, whichever way it was written.
        return written.chain(done -> markAttended(decoded).replaceWith(done))
                .onFailure(failure -> !Outages.isOutage(failure))
                .recoverWithItem(failure -> {
                    parked.add(new Entry(decoded.get(0).record(), null, failure));
                    return parked;
                });
    }

    private static final String MARK_ATTENDED = """
            UPDATE appointment a SET attended_at = (SELECT min(d.administered_at) FROM dose_given d
                                                    WHERE d.appointment_id = a.appointment_id AND d.person_id = a.person_id)
            WHERE a.appointment_id IN (:ids) AND a.attended_at IS NULL
              AND EXISTS (SELECT 1 FROM dose_given d WHERE d.appointment_id = a.appointment_id AND d.person_id = a.person_id)""";

    /**
     * Attendance marks an appointment when its dose is read ({@code Attendance}); a dose read before the appointment
     * was projected found no row. So once the poll is committed, its appointments take their doses already given. In
     * a transaction of its own, after the commit: whichever of the two commits last sees the other's row.
     */
    private Uni<Void> markAttended(List<Entry> entries) {
        List<String> ids = entries.stream().map(Entry::event).map(event -> switch (event) {
            case AppointmentBooked e -> e.getAppointmentId();
            case AppointmentRescheduled e -> e.getAppointmentId();
            default -> null;
        }).filter(Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(MARK_ATTENDED)
                .setParameter("ids", ids).executeUpdate())).replaceWithVoid();
    }

    private Uni<Void> writeAll(List<Entry> entries) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Entry entry : entries) {
            chain = chain.chain(() -> write(entry.event()));
        }
        return chain;
    }

    /** Applies one event in a transaction of the current session (or a new one), on the caller's Vert.x context. */
    public Uni<Void> apply(SpecificRecord event) {
        return Panache.withTransaction(() -> write(event));
    }

    private Uni<Void> write(SpecificRecord event) {
        return switch (event) {
            case AppointmentBooked e -> appointment(e.getAppointmentId(), e.getPersonId(), e.getClinicId(), e.getService(),
                    e.getSlotStart(), e.getSlotEnd(), e.getClinicTimeZone(), e.getDoseNumber(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), "BOOKED", e.getOccurredAt())
                    .chain(() -> request(e.getRequestId(), e.getPersonId(), "BOOKED", null, null, e.getAppointmentId(),
                            e.getOccurredAt()));
            case AppointmentRescheduled e -> appointment(e.getAppointmentId(), e.getPersonId(), e.getClinicId(),
                    e.getService(), e.getSlotStart(), e.getSlotEnd(), e.getClinicTimeZone(), e.getDoseNumber(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), "BOOKED", e.getOccurredAt())
                    .chain(() -> request(e.getRequestId(), e.getPersonId(), "RESCHEDULED", null, null,
                            e.getAppointmentId(), e.getOccurredAt()));
            case AppointmentCancelled e -> appointment(e.getAppointmentId(), e.getPersonId(), e.getClinicId(),
                    e.getService(), e.getSlotStart(), null, e.getClinicTimeZone(), e.getDoseNumber(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), "CANCELLED", e.getOccurredAt())
                    .chain(() -> request(e.getRequestId(), e.getPersonId(), "CANCELLED", null, e.getReason(),
                            e.getAppointmentId(), e.getOccurredAt()));
            case BookingRejected e -> request(e.getRequestId(), e.getPersonId(), "REJECTED", e.getReason().name(),
                    e.getDetail(), null, e.getOccurredAt());
            case AppointmentCheckedIn e -> mark(CHECKED_IN, e.getAppointmentId(), e.getOccurredAt());
            case AppointmentMissed e -> mark(MISSED, e.getAppointmentId(), e.getOccurredAt());
            default -> Uni.createFrom().voidItem();
        };
    }

    private static final String CHECKED_IN = "UPDATE appointment SET checked_in_at = :at WHERE appointment_id = :id AND checked_in_at IS NULL";
    private static final String MISSED = "UPDATE appointment SET missed_at = :at WHERE appointment_id = :id AND missed_at IS NULL";

    /** Check-in and no-show only stamp the row (the first time); the appointment's state is the booking outcomes'. */
    private Uni<Void> mark(String update, String appointmentId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(update)
                .setParameter("at", utc(at))
                .setParameter("id", appointmentId)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The appointment as it is once {@code event} is applied to {@code stored} (null when not stored yet),
     * by the same rules as the upsert above; {@code stored} itself when it is as new as the event or the
     * event is not about an appointment. Never changes {@code stored}.
     */
    public Appointment project(Appointment stored, SpecificRecord event) {
        return switch (event) {
            case AppointmentBooked e -> project(stored, e.getAppointmentId(), e.getPersonId(), e.getClinicId(),
                    e.getService(), e.getSlotStart(), e.getSlotEnd(), e.getClinicTimeZone(), e.getDoseNumber(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), Appointment.BOOKED, e.getOccurredAt());
            case AppointmentRescheduled e -> project(stored, e.getAppointmentId(), e.getPersonId(), e.getClinicId(),
                    e.getService(), e.getSlotStart(), e.getSlotEnd(), e.getClinicTimeZone(), e.getDoseNumber(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), Appointment.BOOKED, e.getOccurredAt());
            case AppointmentCancelled e -> project(stored, e.getAppointmentId(), e.getPersonId(), e.getClinicId(),
                    e.getService(), e.getSlotStart(), null, e.getClinicTimeZone(), e.getDoseNumber(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), Appointment.CANCELLED, e.getOccurredAt());
            default -> stored;
        };
    }

    /** The booking_request row {@code event} makes (not stored), by the same rules as the upsert above; null for none. */
    public static BookingRequest requestOf(SpecificRecord event) {
        return switch (event) {
            case null -> null;
            case AppointmentBooked e -> requestRow(e.getRequestId(), e.getPersonId(), "BOOKED", null, null, e.getAppointmentId(),
                    e.getOccurredAt());
            case AppointmentRescheduled e -> requestRow(e.getRequestId(), e.getPersonId(), "RESCHEDULED", null, null,
                    e.getAppointmentId(), e.getOccurredAt());
            case AppointmentCancelled e -> requestRow(e.getRequestId(), e.getPersonId(), "CANCELLED", null, e.getReason(),
                    e.getAppointmentId(), e.getOccurredAt());
            case BookingRejected e -> requestRow(e.getRequestId(), e.getPersonId(), "REJECTED", e.getReason().name(),
                    e.getDetail(), null, e.getOccurredAt());
            default -> null;
        };
    }

    private static BookingRequest requestRow(String requestId, String personId, String outcome, String reason,
            String detail, String appointmentId, Instant at) {
        BookingRequest r = new BookingRequest();
        r.requestId = requestId;
        r.personId = personId;
        r.outcome = outcome;
        r.reason = reason;
        r.detail = detail;
        r.appointmentId = appointmentId;
        r.decidedAt = at;
        return r;
    }

    private static Appointment project(Appointment stored, String appointmentId, String personId, String clinicId,
            String service, Instant slotStart, Instant slotEnd, String timeZone, int doseNumber, String code,
            String status, Instant at) {
        if (stored != null && stored.updatedAt != null && !stored.updatedAt.isBefore(at)) {
            return stored;
        }
        Appointment a = new Appointment();
        a.appointmentId = appointmentId;
        if (stored == null) {
            a.personId = personId;
            a.clinicId = clinicId;
            a.service = service;
            a.slotStart = slotStart;
            a.slotEnd = slotEnd;
            a.timeZone = timeZone;
            a.doseNumber = doseNumber;
            a.confirmationCode = code;
        } else {
            a.personId = stored.personId;
            a.doseNumber = stored.doseNumber;
            a.attendedAt = stored.attendedAt;
            a.checkedInAt = stored.checkedInAt;
            a.missedAt = stored.missedAt;
            a.clinicId = clinicId == null || clinicId.isEmpty() ? stored.clinicId : clinicId;
            a.service = service == null || service.isEmpty() ? stored.service : service;
            a.slotStart = slotStart;
            a.slotEnd = slotEnd != null ? slotEnd : stored.slotEnd;
            a.timeZone = timeZone != null ? timeZone : stored.timeZone;
            a.confirmationCode = code != null ? code : stored.confirmationCode;
        }
        a.status = status;
        a.updatedAt = at;
        return a;
    }

    private Uni<Void> appointment(String appointmentId, String personId, String clinicId, String service,
            Instant slotStart, Instant slotEnd, String timeZone, int doseNumber, String code, String status,
            Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_APPOINTMENT)
                .setParameter("appointmentId", appointmentId)
                .setParameter("personId", personId)
                .setParameter("clinicId", clinicId)
                .setParameter("service", service)
                .setParameter("slotStart", utc(slotStart))
                .setParameter("slotEnd", utc(slotEnd))
                .setParameter("timeZone", timeZone)
                .setParameter("doseNumber", doseNumber)
                .setParameter("code", code)
                .setParameter("status", status)
                .setParameter("updatedAt", utc(at))
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> request(String requestId, String personId, String outcome, String reason, String detail,
            String appointmentId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_REQUEST)
                .setParameter("requestId", requestId)
                .setParameter("personId", personId)
                .setParameter("outcome", outcome)
                .setParameter("reason", reason)
                .setParameter("detail", detail == null ? null : detail.substring(0, Math.min(detail.length(), 500)))
                .setParameter("appointmentId", appointmentId)
                .setParameter("decidedAt", utc(at))
                .executeUpdate()).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
