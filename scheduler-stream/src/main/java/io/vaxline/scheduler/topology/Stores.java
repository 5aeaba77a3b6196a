package io.vaxline.scheduler.topology;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** State store names of the topology; tests read the stores by these names. */
public final class Stores {

    // The person guard's stores, partitioned by person.
    /** personId → PersonBookings: the appointments a person holds or is changing. */
    public static final String PERSON_BOOKINGS = "person-bookings";
    /**
     * requestId → its outcome event, so a repeated request gets the same answer. While undecided a
     * request is known by the appointment it changes in {@link #PERSON_BOOKINGS} (stores of older
     * versions may still hold a RequestSeen for it).
     */
    public static final String REQUESTS = "requests";

    /** service → ServiceDefined: the programme's series, a global store every guard task reads whole. */
    public static final String SERVICES = "services";

    // The clinic ledger's stores, partitioned by clinic.
    /** clinicId → ClinicUpdated (latest state of the clinic, its time zone above all). */
    public static final String CLINICS = "clinics";
    /** clinicId|date|sessionId → CapacityPublished. */
    public static final String SESSIONS = "sessions";
    /** clinicId|date|sessionId|slotStartMillis → SeatsTaken. */
    public static final String SEATS = "seats";
    /** clinicId|date|sessionId|slotStartMillis|appointmentId → SeatHolder. */
    public static final String SEAT_HOLDERS = "seat-holders";
    /** clinicId|date|appointmentId|slotStartMillis → the {@link #SEAT_HOLDERS} key: releasing a seat is one lookup. */
    public static final String SEATS_BY_APPOINTMENT = "seats-by-appointment";
    /** clinicId|service → StockLevel: doses reported without a lot, and the doses committed to appointments. */
    public static final String STOCK = "stock";
    /** clinicId|service|lot → StockLot: doses of a lot and its expiry. */
    public static final String STOCK_LOTS = "stock-lots";
    /** clinicId|date|appointmentId (or dose:eventId for a dose without appointment) → Attendance. */
    public static final String ATTENDANCE = "attendance";
    /** clinicId|date|sessionId → when the ledger settled the session after it ended (its no-shows marked, its commitments released). */
    public static final String SESSIONS_SETTLED = "sessions-settled";
    /** clinicId|date|service|joinedAtMillis|personId → WaitlistEntry: the lines, each with its open offer. */
    public static final String WAITLIST = "waitlist";

    // The reminder planner's stores, partitioned by person like the guard's.
    /** dueMillis|appointmentId → AppointmentReminderDue: pending reminders in the order they fall due. */
    public static final String REMINDERS_DUE = "reminders-due";
    /** appointmentId → its key in {@link #REMINDERS_DUE}. */
    public static final String REMINDERS_BY_APPOINTMENT = "reminders-by-appointment";

    static final List<String> GUARD = List.of(PERSON_BOOKINGS, REQUESTS);
    static final List<String> LEDGER = List.of(CLINICS, SESSIONS, SEATS, SEAT_HOLDERS, STOCK, STOCK_LOTS, ATTENDANCE, WAITLIST);
    static final List<String> LEDGER_INDEXES = List.of(SEATS_BY_APPOINTMENT, SESSIONS_SETTLED);

    private Stores() {
    }

    /*
     * Every store is cached (statestore.cache.max.bytes): reads of a key written or read lately are
     * served from memory, and the writes reach RocksDB and the changelog once per key per commit,
     * however often the key changed meanwhile (a slot's seats, a clinic's stock). Processors read their
     * own writes through the cache, and under exactly_once_v2 the cache is flushed into the very
     * transaction that commits the records that changed it, so a crash loses nothing it should keep.
     */

    /**
     * Where a store keeps its data: RocksDB on disk, as the service runs, or memory, for the topology
     * tests, where the test driver commits after every record it is given and so flushes every RocksDB
     * store and writes (and syncs) its checkpoint file each time. The stores' contract and order of
     * keys are the same; the tests on a real broker run RocksDB.
     */
    enum Medium {
        ROCKSDB, MEMORY;

        KeyValueBytesStoreSupplier supplier(String name) {
            return this == ROCKSDB ? org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name)
                    : org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name);
        }
    }

    /** A global store is restored from its source topic, so it has no changelog of its own. */
    static StoreBuilder<KeyValueStore<String, SpecificRecord>> global(String name, Serde<SpecificRecord> avro, Medium medium) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(medium.supplier(name), Serdes.String(), avro)
                .withLoggingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, String>> strings(String name, Medium medium) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(medium.supplier(name), Serdes.String(), Serdes.String())
                .withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, SpecificRecord>> records(String name, Serde<SpecificRecord> avro, Medium medium) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(medium.supplier(name), Serdes.String(), avro)
                .withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, String>> persistentStrings(String name) {
        return strings(name, Medium.ROCKSDB);
    }

    static StoreBuilder<KeyValueStore<String, SpecificRecord>> persistent(String name, Serde<SpecificRecord> avro) {
        return records(name, avro, Medium.ROCKSDB);
    }
}
