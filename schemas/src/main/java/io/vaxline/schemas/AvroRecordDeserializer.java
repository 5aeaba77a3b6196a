package io.vaxline.schemas;

import java.util.Map;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.serde.avro.AvroDeserializer;
import io.apicurio.registry.serde.kafka.KafkaDeserializer;

import org.apache.avro.Schema;

/** Apicurio's Avro deserializer as a Kafka {@code Deserializer}; see {@link AvroRecordSerializer} for why. */
public class AvroRecordDeserializer<T> extends KafkaDeserializer<Schema, T> {

    public AvroRecordDeserializer() {
        super(new AvroDeserializer<>());
    }

    /** Against the given registry client instead of one for the configured URL; see {@link AvroSerdes#valueSerde(RegistryClientFacade)}. */
    public AvroRecordDeserializer(RegistryClientFacade registry) {
        super(new AvroDeserializer<>(registry));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(AvroSerdes.withPluginClasses(configs), isKey);
    }
}
