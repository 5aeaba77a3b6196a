package io.vaxline.scheduler.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** State store names of the topology; tests read the stores by these names. */
public final class Stores {

    /** clinicId → ClinicUpdated (latest state of the clinic, its time zone above all). */
    public static final String CLINICS = "clinics";
    /** clinicId|date|sessionId → CapacityPublished. */
    public static final String SESSIONS = "sessions";
    /** clinicId|date|sessionId|slotStartMillis → SeatsTaken. */
    public static final String SEATS = "seats";
    /** requestId → the outcome event already emitted for it. */
    public static final String OUTCOMES = "outcomes";

    private Stores() {
    }

    static StoreBuilder<KeyValueStore<String, SpecificRecord>> persistent(String name, Serde<SpecificRecord> avro) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), Serdes.String(), avro);
    }
}
