package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Day-before reminders. Every booking, reschedule and cancellation (re-keyed by person, so all events
 * of one appointment meet in one task whatever clinic they name) updates a store of pending reminders
 * keyed by the moment each falls due; a wall-clock punctuator reads that store only up to now, emits
 * {@code AppointmentReminderDue} and deletes what it emitted. The work per scan therefore grows with
 * the reminders due, not with every appointment stored. Emitting and deleting commit in one
 * exactly_once_v2 transaction, so a reminder is neither lost nor sent twice across crashes. A reminder
 * carries no confirmation code: the notifier computes it from the appointment id. One planned before
 * codes left the topics still carries the code the person was texted (derivable from the id anyway),
 * so the notifier reminds them of that one, the one booking-api shows.
 */
final class ReminderProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final ReminderSchedule schedule;
    private ProcessorContext<String, SpecificRecord> context;
    /** dueKey(due moment, appointment) → the reminder to emit then. */
    private KeyValueStore<String, SpecificRecord> due;
    /** appointmentId → its dueKey, to take back the reminder of a cancelled or moved appointment. */
    private KeyValueStore<String, String> byAppointment;

    ReminderProcessor(ReminderSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.due = context.getStateStore(Stores.REMINDERS_DUE);
        this.byAppointment = context.getStateStore(Stores.REMINDERS_BY_APPOINTMENT);
        context.schedule(schedule.scanInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        switch (record.value()) {
            case AppointmentBooked b -> plan(b.getAppointmentId(), b.getPersonId(),
                    b.getClinicId(), b.getService(), b.getSlotStart(), b.getClinicTimeZone());
            case AppointmentRescheduled r -> {
                forget(r.getAppointmentId());
                plan(r.getAppointmentId(), r.getPersonId(),
                        r.getClinicId(), r.getService(), r.getSlotStart(), r.getClinicTimeZone());
            }
            case AppointmentCancelled c -> forget(c.getAppointmentId());
            default -> {
                // Rejections hold no appointment.
            }
        }
    }

    private void plan(String appointmentId, String personId, String clinicId, String service, Instant slotStart,
            String timeZone) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        schedule.remindAt(slotStart, ZoneId.of(timeZone), now).ifPresent(at -> {
            AppointmentReminderDue reminder = AppointmentReminderDue.newBuilder()
                    // One reminder per appointment and slot: a re-emitted reminder would carry the same id.
                    .setEventId(DerivedIds.of("reminder", appointmentId + "@" + slotStart.toEpochMilli()))
                    .setOccurredAt(at)
                    .setAppointmentId(appointmentId)
                    .setPersonId(personId)
                    .setClinicId(clinicId)
                    .setService(service)
                    .setSlotStart(slotStart)
                    .setClinicTimeZone(timeZone)
                    .build();
            if (at.isAfter(now)) {
                String key = dueKey(at, appointmentId);
                due.put(key, reminder);
                byAppointment.put(appointmentId, key);
            } else {
                emit(reminder, now.toEpochMilli()); // booked after its reminder time: remind at once
            }
        });
    }

    private void forget(String appointmentId) {
        String key = byAppointment.delete(appointmentId);
        if (key != null) {
            due.delete(key);
        }
    }

    private void emitDue(long nowMillis) {
        List<KeyValue<String, SpecificRecord>> ready = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = due.range(null, dueUpTo(nowMillis))) {
            it.forEachRemaining(ready::add);
        }
        for (KeyValue<String, SpecificRecord> entry : ready) {
            AppointmentReminderDue reminder = (AppointmentReminderDue) entry.value;
            emit(reminder, nowMillis);
            due.delete(entry.key);
            byAppointment.delete(reminder.getAppointmentId());
        }
    }

    private void emit(AppointmentReminderDue reminder, long nowMillis) {
        reminder.setOccurredAt(Instant.ofEpochMilli(nowMillis));
        context.forward(new Record<>(reminder.getAppointmentId(), (SpecificRecord) reminder, nowMillis, new RecordHeaders()));
    }

    /** Fixed-width epoch millis first, so the byte order of keys is the order of due moments. */
    static String dueKey(Instant at, String appointmentId) {
        return String.format("%015d", at.toEpochMilli()) + StoreKeys.SEPARATOR + appointmentId;
    }

    /** The greatest key of anything due at or before {@code millis}: ids never contain '~' or above. */
    static String dueUpTo(long millis) {
        return String.format("%015d", millis) + StoreKeys.SEPARATOR + "~";
    }
}
