package io.vaxline.schemas;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.strategy.RecordIdStrategy;
import io.apicurio.registry.serde.config.SerdeConfig;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place that decides how Vaxline's Avro values meet the Apicurio registry: subjects are
 * resolved per record type ({@link RecordIdStrategy}, group = Avro namespace, artifact = record
 * name) because several event types share a topic, and readers get the generated specific classes.
 */
public final class AvroSerdes {

    public static final String SERIALIZER = AvroKafkaSerializer.class.getName();
    public static final String DESERIALIZER = AvroKafkaDeserializer.class.getName();

    private AvroSerdes() {
    }

    public static Map<String, Object> config(String registryUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, registryUrl);
        config.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, RecordIdStrategy.class.getName());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, "true");
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, "true");
        return config;
    }

    public static <T extends SpecificRecord> Serde<T> valueSerde(String registryUrl) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(config(registryUrl), false);
        return serde;
    }
}
