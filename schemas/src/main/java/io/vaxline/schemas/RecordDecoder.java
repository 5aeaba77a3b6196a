package io.vaxline.schemas;

import io.apicurio.registry.resolver.client.RegistryClientFacade;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns the raw value of a record into the Avro record it should be, or says precisely why it
 * cannot. Consumers read raw bytes and decode with this, so that a record they cannot read is
 * parked on the dead-letter topic exactly as it arrived, with the reason, instead of stopping the
 * consumer or being lost.
 */
public final class RecordDecoder implements AutoCloseable {

    private final Deserializer<SpecificRecord> deserializer;

    public RecordDecoder(String registryUrl) {
        deserializer = new AvroRecordDeserializer<>();
        deserializer.configure(AvroSerdes.config(registryUrl), false);
    }

    /** A decoder that asks {@code registry} for schemas instead of a registry server, as the topology tests do. */
    public RecordDecoder(RegistryClientFacade registry) {
        deserializer = new AvroRecordDeserializer<>(registry);
        deserializer.configure(AvroSerdes.configWithoutUrl(), false);
    }

    /**
     * @throws UndecodableRecordException when the bytes are not an Avro record of a registered
     *         schema, or the record's type does not belong on {@code topic}
     * @throws RegistryUnavailableException when the registry cannot be asked for the schema now
     *         (unreachable, timing out, answering 5xx or 429): the record is not at fault
     */
    public SpecificRecord decode(TopicSpec topic, Headers headers, byte[] raw) {
        if (raw == null) {
            throw new UndecodableRecordException("record has no value");
        }
        SpecificRecord value;
        try {
            value = deserializer.deserialize(topic.name(), headers, raw);
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                throw new RegistryUnavailableException("the schema registry cannot be reached: " + e.getMessage()
                        + " (" + rootCause(e) + ")", e);
            }
            Throwable root = rootCause(e);
            throw new UndecodableRecordException("not a valid Avro record of a registered schema: " + e.getMessage()
                    + (root == e ? "" : " (" + root + ")"), e);
        }
        if (!topic.valueTypes().contains(value.getClass())) {
            throw new UndecodableRecordException(value.getClass().getSimpleName() + " does not belong on topic " + topic.name());
        }
        return value;
    }

    @Override
    public void close() {
        deserializer.close();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A record that cannot be read; the message is the reason written on the dead-letter record. */
    public static final class UndecodableRecordException extends RuntimeException {
        UndecodableRecordException(String reason) {
            super(reason);
        }

        UndecodableRecordException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
