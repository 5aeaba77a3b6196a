package io.vaxline.schemas;

import java.util.Map;

import io.apicurio.registry.serde.avro.AvroDeserializer;
import io.apicurio.registry.serde.kafka.KafkaDeserializer;

import org.apache.avro.Schema;

/** Apicurio's Avro deserializer as a Kafka {@code Deserializer}; see {@link AvroRecordSerializer} for why. */
public class AvroRecordDeserializer<T> extends KafkaDeserializer<Schema, T> {

    public AvroRecordDeserializer() {
        super(new AvroDeserializer<>());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(AvroSerdes.withPluginClasses(configs), isKey);
    }
}
