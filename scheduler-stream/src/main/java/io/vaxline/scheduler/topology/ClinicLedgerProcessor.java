package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.vaxline.commands.BookAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.CapacityWithdrawn;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.internal.SeatsTaken;
import io.vaxline.scheduler.domain.Ids;
import io.vaxline.scheduler.domain.SeatRules;
import io.vaxline.scheduler.domain.SessionSlots;
import io.vaxline.scheduler.domain.SessionSlots.Slot;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The seat decision, one clinic at a time: everything keyed by clinic (the clinic itself, its
 * sessions, booking commands re-keyed by clinic) passes through here in order, in one task, so
 * "is a seat free? then take it" is a single step that no other request can interleave with. With
 * exactly_once_v2 the store update and the emitted events commit together or not at all.
 *
 * <p>Every change to a day's seats is followed by a fresh {@link SlotAvailability} for that day, so
 * the view never shows a seat as free that this processor would refuse.
 */
final class ClinicLedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final StringSerializer KEYS = new StringSerializer();

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SpecificRecord> clinics;
    private KeyValueStore<String, SpecificRecord> sessions;
    private KeyValueStore<String, SpecificRecord> seats;
    private KeyValueStore<String, SpecificRecord> outcomes;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        clinics = context.getStateStore(Stores.CLINICS);
        sessions = context.getStateStore(Stores.SESSIONS);
        seats = context.getStateStore(Stores.SEATS);
        outcomes = context.getStateStore(Stores.OUTCOMES);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        switch (record.value()) {
            case ClinicRegistered c -> clinics.put(c.getClinicId(), ClinicUpdated.newBuilder()
                    .setEventId(c.getEventId()).setOccurredAt(c.getOccurredAt()).setClinicId(c.getClinicId())
                    .setName(c.getName()).setAddress(c.getAddress()).setPostcode(c.getPostcode())
                    .setLatitude(c.getLatitude()).setLongitude(c.getLongitude()).setTimeZone(c.getTimeZone())
                    .setServices(c.getServices()).setActive(true).build());
            case ClinicUpdated c -> clinics.put(c.getClinicId(), c);
            case CapacityPublished session -> publish(record, session);
            case CapacityWithdrawn withdrawal -> withdraw(record, withdrawal);
            case BookAppointment command -> book(record, command);
            default -> deadLetter(record, "scheduler-stream does not handle " + record.value().getClass().getSimpleName());
        }
    }

    private void publish(Record<String, SpecificRecord> record, CapacityPublished session) {
        ClinicUpdated clinic = clinic(session.getClinicId());
        if (clinic == null) {
            deadLetter(record, "capacity published for unknown clinic " + session.getClinicId());
            return;
        }
        sessions.put(StoreKeys.session(session.getClinicId(), session.getDate(), session.getSessionId()), session);
        emitAvailability(clinic, session.getDate());
    }

    private void withdraw(Record<String, SpecificRecord> record, CapacityWithdrawn withdrawal) {
        ClinicUpdated clinic = clinic(withdrawal.getClinicId());
        CapacityPublished session = clinic == null ? null : findSession(withdrawal.getClinicId(), withdrawal.getSessionId());
        if (session == null) {
            deadLetter(record, "no session " + withdrawal.getSessionId() + " at clinic " + withdrawal.getClinicId());
            return;
        }
        sessions.delete(StoreKeys.session(session.getClinicId(), session.getDate(), session.getSessionId()));
        emitAvailability(clinic, session.getDate());
    }

    private void book(Record<String, SpecificRecord> record, BookAppointment command) {
        SpecificRecord earlier = outcomes.get(command.getRequestId());
        if (earlier != null) {
            forward(record, command.getClinicId(), earlier);
            return;
        }
        ClinicUpdated clinic = clinic(command.getClinicId());
        if (clinic == null || !clinic.getActive()) {
            reject(record, command, RejectionReason.NO_SUCH_SLOT, "clinic " + command.getClinicId() + " does not take bookings");
            return;
        }
        ZoneId zone = ZoneId.of(clinic.getTimeZone());
        Instant slotStart = command.getSlotStart();
        if (slotStart.toEpochMilli() < context.currentSystemTimeMs()) {
            reject(record, command, RejectionReason.SLOT_IN_PAST, "the slot at " + slotStart + " has already started");
            return;
        }
        LocalDate date = slotStart.atZone(zone).toLocalDate();
        boolean slotExists = false;
        for (CapacityPublished session : sessionsOn(command.getClinicId(), date)) {
            if (!session.getService().equals(command.getService())) {
                continue;
            }
            Slot slot = SessionSlots.find(session, zone, slotStart).orElse(null);
            if (slot == null) {
                continue;
            }
            slotExists = true;
            String seatsKey = StoreKeys.seats(command.getClinicId(), date, session.getSessionId(), slotStart);
            SeatsTaken taken = seatsTaken(seatsKey);
            if (SeatRules.canSeat(command.getPriority(), session.getSeatsPerSlot(), session.getReservedSeatsPerSlot(),
                    taken.getTotal(), taken.getNonPriority())) {
                seats.put(seatsKey, new SeatsTaken(taken.getTotal() + 1,
                        taken.getNonPriority() + (command.getPriority() ? 0 : 1)));
                confirm(record, command, clinic, slot);
                emitAvailability(clinic, date);
                return;
            }
        }
        if (slotExists) {
            reject(record, command, RejectionReason.SLOT_FULL, "no free seat in the slot at " + slotStart);
        } else {
            reject(record, command, RejectionReason.NO_SUCH_SLOT, "clinic " + command.getClinicId() + " has no "
                    + command.getService() + " slot starting at " + slotStart);
        }
    }

    private void confirm(Record<String, SpecificRecord> record, BookAppointment command, ClinicUpdated clinic, Slot slot) {
        String appointmentId = Ids.appointmentId(command.getRequestId());
        AppointmentBooked booked = AppointmentBooked.newBuilder()
                .setEventId(Ids.derived("booked", command.getRequestId()))
                .setOccurredAt(now())
                .setRequestId(command.getRequestId())
                .setAppointmentId(appointmentId)
                .setConfirmationCode(Ids.confirmationCode(appointmentId))
                .setPersonId(command.getPersonId())
                .setClinicId(command.getClinicId())
                .setService(command.getService())
                .setSlotStart(slot.start())
                .setSlotEnd(slot.end())
                .setClinicTimeZone(clinic.getTimeZone())
                .setDoseNumber(command.getDoseNumber())
                .setPriority(command.getPriority())
                .build();
        outcomes.put(command.getRequestId(), booked);
        forward(record, command.getClinicId(), booked);
    }

    private void reject(Record<String, SpecificRecord> record, BookAppointment command, RejectionReason reason, String detail) {
        BookingRejected rejected = BookingRejected.newBuilder()
                .setEventId(Ids.derived("rejected", command.getRequestId()))
                .setOccurredAt(now())
                .setRequestId(command.getRequestId())
                .setPersonId(command.getPersonId())
                .setClinicId(command.getClinicId())
                .setCommand(BookingCommandType.BOOK)
                .setReason(reason)
                .setDetail(detail)
                .build();
        outcomes.put(command.getRequestId(), rejected);
        forward(record, command.getClinicId(), rejected);
    }

    private void emitAvailability(ClinicUpdated clinic, LocalDate date) {
        ZoneId zone = ZoneId.of(clinic.getTimeZone());
        List<SlotSeats> slots = new ArrayList<>();
        for (CapacityPublished session : sessionsOn(clinic.getClinicId(), date)) {
            for (Slot slot : SessionSlots.of(session, zone)) {
                SeatsTaken taken = seatsTaken(StoreKeys.seats(clinic.getClinicId(), date, session.getSessionId(), slot.start()));
                int capacity = session.getSeatsPerSlot();
                int reserved = session.getReservedSeatsPerSlot();
                slots.add(SlotSeats.newBuilder()
                        .setSessionId(session.getSessionId())
                        .setService(session.getService())
                        .setStart(slot.start())
                        .setEnd(slot.end())
                        .setCapacity(capacity)
                        .setReservedForPriority(reserved)
                        .setBooked(taken.getTotal())
                        .setFreeForAnyone(SeatRules.freeForAnyone(capacity, reserved, taken.getTotal(), taken.getNonPriority()))
                        .setFreeForPriority(SeatRules.freeForPriority(capacity, taken.getTotal()))
                        .build());
            }
        }
        slots.sort((a, b) -> a.getStart().compareTo(b.getStart()));
        SlotAvailability view = SlotAvailability.newBuilder()
                .setClinicId(clinic.getClinicId()).setDate(date).setUpdatedAt(now()).setSlots(slots).build();
        context.forward(new Record<>(StoreKeys.availability(clinic.getClinicId(), date), view,
                context.currentSystemTimeMs(), new RecordHeaders()));
    }

    private List<CapacityPublished> sessionsOn(String clinicId, LocalDate date) {
        List<CapacityPublished> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = sessions.prefixScan(StoreKeys.day(clinicId, date),
                KEYS)) {
            it.forEachRemaining(kv -> found.add((CapacityPublished) kv.value));
        }
        return found;
    }

    private CapacityPublished findSession(String clinicId, String sessionId) {
        try (KeyValueIterator<String, SpecificRecord> it = sessions.prefixScan(StoreKeys.clinicSessions(clinicId),
                KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, SpecificRecord> kv = it.next();
                if (((CapacityPublished) kv.value).getSessionId().equals(sessionId)) {
                    return (CapacityPublished) kv.value;
                }
            }
        }
        return null;
    }

    private SeatsTaken seatsTaken(String key) {
        SpecificRecord taken = seats.get(key);
        return taken == null ? new SeatsTaken(0, 0) : (SeatsTaken) taken;
    }

    private ClinicUpdated clinic(String clinicId) {
        return (ClinicUpdated) clinics.get(clinicId);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void forward(Record<String, SpecificRecord> cause, String key, SpecificRecord event) {
        context.forward(new Record<>(key, event, cause.timestamp(), new RecordHeaders()));
    }

    /** Parks a well-formed record this processor cannot act on, with the reason, on its source's dead-letter topic. */
    private void deadLetter(Record<String, SpecificRecord> record, String reason) {
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), OutputRouting.deadLetter(record.value(), reason)));
    }
}
