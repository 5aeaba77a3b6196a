package io.vaxline.schemas;

import java.util.Map;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.serde.avro.AvroSerializer;
import io.apicurio.registry.serde.kafka.KafkaSerializer;

import org.apache.avro.Schema;

/**
 * Apicurio's Avro serializer as a Kafka {@code Serializer}: the same wiring as Apicurio's own
 * {@code AvroKafkaSerializer} (its Avro core, its Kafka adapter, its wire format: magic byte,
 * 4-byte content id, Avro binary). That class cannot be on a Quarkus class path without the
 * quarkus-apicurio-registry-avro extension, which does not exist for Quarkus 3.34.3.
 */
public class AvroRecordSerializer<T> extends KafkaSerializer<Schema, T> {

    public AvroRecordSerializer() {
        super(new AvroSerializer<>());
    }

    /** Against the given registry client instead of one for the configured URL; see {@link AvroSerdes#valueSerde(RegistryClientFacade)}. */
    public AvroRecordSerializer(RegistryClientFacade registry) {
        super(new AvroSerializer<>(registry));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(AvroSerdes.withPluginClasses(configs), isKey);
    }
}
