package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.internal.Attendance;
import io.vaxline.internal.SeatHolder;
import io.vaxline.internal.SeatsTaken;
import io.vaxline.internal.StockLevel;
import io.vaxline.internal.StockLot;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Typed access to the clinic ledger's stores. */
final class Ledger {

    private static final StringSerializer KEYS = new StringSerializer();

    /** A held seat with the key it is stored under. */
    record Holding(String key, SeatHolder holder) {
    }

    final KeyValueStore<String, SpecificRecord> clinics;
    final KeyValueStore<String, SpecificRecord> sessions;
    final KeyValueStore<String, SpecificRecord> seats;
    final KeyValueStore<String, SpecificRecord> holders;
    final KeyValueStore<String, String> seatsByAppointment;
    final KeyValueStore<String, SpecificRecord> stock;
    final KeyValueStore<String, SpecificRecord> stockLots;
    final KeyValueStore<String, SpecificRecord> attendance;
    final KeyValueStore<String, String> sessionsSettled;

    Ledger(ProcessingContext context) {
        clinics = context.getStateStore(Stores.CLINICS);
        sessions = context.getStateStore(Stores.SESSIONS);
        seats = context.getStateStore(Stores.SEATS);
        holders = context.getStateStore(Stores.SEAT_HOLDERS);
        seatsByAppointment = context.getStateStore(Stores.SEATS_BY_APPOINTMENT);
        stock = context.getStateStore(Stores.STOCK);
        stockLots = context.getStateStore(Stores.STOCK_LOTS);
        attendance = context.getStateStore(Stores.ATTENDANCE);
        sessionsSettled = context.getStateStore(Stores.SESSIONS_SETTLED);
    }

    ClinicUpdated clinic(String clinicId) {
        return (ClinicUpdated) clinics.get(clinicId);
    }

    List<ClinicUpdated> allClinics() {
        List<ClinicUpdated> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = clinics.all()) {
            it.forEachRemaining(kv -> found.add((ClinicUpdated) kv.value));
        }
        return found;
    }

    static ZoneId zone(ClinicUpdated clinic) {
        return ZoneId.of(clinic.getTimeZone());
    }

    List<CapacityPublished> sessionsOn(String clinicId, LocalDate date) {
        List<CapacityPublished> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = sessions.prefixScan(StoreKeys.day(clinicId, date), KEYS)) {
            it.forEachRemaining(kv -> found.add((CapacityPublished) kv.value));
        }
        return found;
    }

    /** Every session the ledger holds. */
    List<CapacityPublished> allSessions() {
        List<CapacityPublished> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = sessions.all()) {
            it.forEachRemaining(kv -> found.add((CapacityPublished) kv.value));
        }
        return found;
    }

    Optional<CapacityPublished> session(String clinicId, String sessionId) {
        try (KeyValueIterator<String, SpecificRecord> it = sessions.prefixScan(StoreKeys.clinic(clinicId), KEYS)) {
            while (it.hasNext()) {
                CapacityPublished session = (CapacityPublished) it.next().value;
                if (session.getSessionId().equals(sessionId)) {
                    return Optional.of(session);
                }
            }
        }
        return Optional.empty();
    }

    /** Days from {@code from} on that have a session of {@code service}. */
    List<LocalDate> daysWithService(String clinicId, String service, LocalDate from) {
        List<LocalDate> days = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = sessions.prefixScan(StoreKeys.clinic(clinicId), KEYS)) {
            it.forEachRemaining(kv -> {
                CapacityPublished session = (CapacityPublished) kv.value;
                if (session.getService().equals(service) && !session.getDate().isBefore(from)
                        && !days.contains(session.getDate())) {
                    days.add(session.getDate());
                }
            });
        }
        return days;
    }

    SeatsTaken seatsTaken(String seatsKey) {
        SpecificRecord taken = seats.get(seatsKey);
        return taken == null ? new SeatsTaken(0, 0) : (SeatsTaken) taken;
    }

    void take(String seatsKey, SeatHolder holder) {
        SeatsTaken taken = seatsTaken(seatsKey);
        seats.put(seatsKey, new SeatsTaken(taken.getTotal() + 1, taken.getNonPriority() + (holder.getPriority() ? 0 : 1)));
        String holderKey = StoreKeys.holder(seatsKey, holder.getAppointmentId());
        holders.put(holderKey, holder);
        seatsByAppointment.put(StoreKeys.appointmentSeatOf(holderKey), holderKey);
    }

    void release(Holding holding) {
        String seatsKey = StoreKeys.seatsOf(holding.key());
        SeatsTaken taken = seatsTaken(seatsKey);
        seats.put(seatsKey, new SeatsTaken(Math.max(0, taken.getTotal() - 1),
                Math.max(0, taken.getNonPriority() - (holding.holder().getPriority() ? 0 : 1))));
        holders.delete(holding.key());
        seatsByAppointment.delete(StoreKeys.appointmentSeatOf(holding.key()));
    }

    /** Seats held on a day, optionally only those of one session. */
    List<Holding> holdings(String clinicId, LocalDate date, String sessionId) {
        String prefix = sessionId == null ? StoreKeys.day(clinicId, date) : StoreKeys.session(clinicId, date, sessionId) + StoreKeys.SEPARATOR;
        List<Holding> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = holders.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, SpecificRecord> kv = it.next();
                found.add(new Holding(kv.key, (SeatHolder) kv.value));
            }
        }
        return found;
    }

    /** The seat an appointment holds in one slot; while it moves within a day it briefly holds two. */
    Optional<Holding> holding(String clinicId, LocalDate date, String appointmentId, Instant slotStart) {
        String holderKey = seatsByAppointment.get(StoreKeys.appointmentSeat(clinicId, date, appointmentId, slotStart));
        SeatHolder holder = holderKey == null ? null : (SeatHolder) holders.get(holderKey);
        return holder == null ? Optional.empty() : Optional.of(new Holding(holderKey, holder));
    }

    /**
     * Forgets every day before {@code oldestKept}: its sessions, seats and holders. Keys start with
     * clinic|date, so the day is read from the key without decoding the value.
     */
    int forgetDaysBefore(LocalDate oldestKept) {
        return forgetDaysBefore(sessions, oldestKept) + forgetDaysBefore(seats, oldestKept)
                + forgetDaysBefore(holders, oldestKept) + forgetDaysBefore(seatsByAppointment, oldestKept)
                + forgetDaysBefore(attendance, oldestKept) + forgetDaysBefore(sessionsSettled, oldestKept);
    }

    private static <V> int forgetDaysBefore(KeyValueStore<String, V> store, LocalDate oldestKept) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (StoreKeys.dayOf(key).isBefore(oldestKept)) {
                    old.add(key);
                }
            }
        }
        old.forEach(store::delete);
        return old.size();
    }

    /** The clinic's stock of a service, or empty while the clinic has never reported stock for it (not capped). */
    Optional<StockLevel> stock(String clinicId, String service) {
        return Optional.ofNullable((StockLevel) stock.get(StoreKeys.stock(clinicId, service)));
    }

    /** Commits (or gives back) doses; false when the clinic does not report stock of the service. */
    boolean commitStock(String clinicId, String service, int doses) {
        Optional<StockLevel> level = stock(clinicId, service);
        level.ifPresent(l -> stock.put(StoreKeys.stock(clinicId, service),
                new StockLevel(l.getOnHand(), Math.max(0, l.getCommitted() + doses))));
        return level.isPresent();
    }

    void adjustStock(String clinicId, String service, int delta) {
        StockLevel level = stock(clinicId, service).orElse(new StockLevel(0, 0));
        stock.put(StoreKeys.stock(clinicId, service), new StockLevel(Math.max(0, level.getOnHand() + delta), level.getCommitted()));
    }

    /**
     * Doses still free to promise for a slot on {@code date} (clinic-local), or {@link Integer#MAX_VALUE} when
     * stock is not tracked: doses without a lot and those of lots still good on that day, less every dose
     * committed. Committed doses of earlier days may come from lots that expire sooner, so this never
     * promises more than the lots can give.
     */
    int stockRemaining(String clinicId, String service, LocalDate date) {
        return stock(clinicId, service)
                .map(s -> Math.max(0, s.getOnHand() + dosesInLots(clinicId, service, date) - s.getCommitted()))
                .orElse(Integer.MAX_VALUE);
    }

    /** Doses on hand in the lots of a service that are still good on {@code date}. */
    int dosesInLots(String clinicId, String service, LocalDate date) {
        int doses = 0;
        for (StockLot lot : lots(clinicId, service)) {
            if (lot.getExpiresOn() == null || !lot.getExpiresOn().isBefore(date)) {
                doses += lot.getOnHand();
            }
        }
        return doses;
    }

    /** The lots of a service at a clinic, expired ones included. */
    List<StockLot> lots(String clinicId, String service) {
        List<StockLot> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = stockLots.prefixScan(StoreKeys.stock(clinicId, service) + StoreKeys.SEPARATOR, KEYS)) {
            it.forEachRemaining(kv -> found.add((StockLot) kv.value));
        }
        return found;
    }

    /** Every lot of every service at a clinic, by store key. */
    List<KeyValue<String, StockLot>> lotsOf(String clinicId) {
        List<KeyValue<String, StockLot>> found = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = stockLots.prefixScan(StoreKeys.clinic(clinicId), KEYS)) {
            it.forEachRemaining(kv -> found.add(KeyValue.pair(kv.key, (StockLot) kv.value)));
        }
        return found;
    }

    /**
     * Adds (or removes) doses of a lot; a later expiry date replaces the one known. Stock of the service is
     * tracked from then on, as with doses reported without a lot.
     */
    void adjustLot(String clinicId, String service, String lotNumber, LocalDate expiresOn, int delta) {
        if (stock(clinicId, service).isEmpty()) {
            stock.put(StoreKeys.stock(clinicId, service), new StockLevel(0, 0));
        }
        String key = StoreKeys.lot(clinicId, service, lotNumber);
        StockLot lot = (StockLot) stockLots.get(key);
        StockLot next = lot == null ? new StockLot(service, lotNumber, 0, expiresOn, false) : StockLot.newBuilder(lot).build();
        next.setOnHand(Math.max(0, next.getOnHand() + delta));
        if (expiresOn != null && !expiresOn.equals(next.getExpiresOn())) {
            next.setExpiresOn(expiresOn);
            next.setExpired(false);
        }
        stockLots.put(key, next);
    }

    /** Takes one dose from the lot stored under {@code key}, however expired: it was given. */
    void takeFromLot(String key) {
        StockLot lot = (StockLot) stockLots.get(key);
        stockLots.put(key, StockLot.newBuilder(lot).setOnHand(Math.max(0, lot.getOnHand() - 1)).build());
    }

    /** Takes one dose reported without a lot; false when the clinic does not track stock of the service. */
    boolean takeWithoutLot(String clinicId, String service) {
        Optional<StockLevel> level = stock(clinicId, service);
        level.ifPresent(l -> stock.put(StoreKeys.stock(clinicId, service),
                new StockLevel(Math.max(0, l.getOnHand() - 1), l.getCommitted())));
        return level.isPresent();
    }

    /** The seat an appointment holds on a day, whatever its slot (the first, while it moves within the day). */
    Optional<Holding> holdingOn(String clinicId, LocalDate date, String appointmentId) {
        try (KeyValueIterator<String, String> it = seatsByAppointment.prefixScan(
                StoreKeys.appointmentSeats(clinicId, date, appointmentId), KEYS)) {
            while (it.hasNext()) {
                String holderKey = it.next().value;
                SeatHolder holder = (SeatHolder) holders.get(holderKey);
                if (holder != null) {
                    return Optional.of(new Holding(holderKey, holder));
                }
            }
        }
        return Optional.empty();
    }

    /** True while the appointment holds a seat on any day at the clinic (a scan of the clinic's seats: for moves only). */
    boolean holdsAnySeat(String clinicId, String appointmentId) {
        String infix = StoreKeys.SEPARATOR + appointmentId + StoreKeys.SEPARATOR;
        try (KeyValueIterator<String, String> it = seatsByAppointment.prefixScan(StoreKeys.clinic(clinicId), KEYS)) {
            while (it.hasNext()) {
                if (it.next().key.contains(infix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What became of an appointment on its day; an empty record while nothing did. */
    Attendance attendance(String key) {
        SpecificRecord found = attendance.get(key);
        return found == null ? Attendance.newBuilder().build() : Attendance.newBuilder((Attendance) found).build();
    }

    static LocalDate localDate(ClinicUpdated clinic, Instant instant) {
        return instant.atZone(zone(clinic)).toLocalDate();
    }
}
