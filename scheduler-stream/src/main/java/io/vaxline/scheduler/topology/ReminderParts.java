package io.vaxline.scheduler.topology;

import io.vaxline.scheduler.domain.ReminderSchedule;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The reminder processor and its two stores, built as the topology builds them, for the reminder
 * benchmark (bench module), which drives them directly instead of through a topology. The classes
 * themselves stay package-private: nothing else should depend on them.
 */
public final class ReminderParts {

    private ReminderParts() {
    }

    public static Processor<String, SpecificRecord, String, SpecificRecord> processor(ReminderSchedule schedule) {
        return new ReminderProcessor(schedule);
    }

    /** {@link Stores#REMINDERS_DUE}. */
    public static StoreBuilder<KeyValueStore<String, SpecificRecord>> dueStore(Serde<SpecificRecord> avro) {
        return Stores.persistent(Stores.REMINDERS_DUE, avro);
    }

    /** {@link Stores#REMINDERS_BY_APPOINTMENT}. */
    public static StoreBuilder<KeyValueStore<String, String>> appointmentIndexStore() {
        return Stores.persistentStrings(Stores.REMINDERS_BY_APPOINTMENT);
    }
}
