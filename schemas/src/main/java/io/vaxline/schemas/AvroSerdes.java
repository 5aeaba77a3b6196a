package io.vaxline.schemas;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.strategy.RecordIdStrategy;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.fallback.DefaultFallbackArtifactProvider;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one place that decides how Vaxline's Avro values meet the Apicurio registry: subjects are
 * resolved per record type ({@link RecordIdStrategy}, group = Avro namespace, artifact = record
 * name) because several event types share a topic, and readers get the generated specific classes
 * ({@link SpecificRecordDatumProvider}). The serializer and deserializer pin these choices themselves,
 * so they hold wherever the classes are configured by name (application.properties).
 */
public final class AvroSerdes {

    public static final String SERIALIZER = AvroRecordSerializer.class.getName();
    public static final String DESERIALIZER = AvroRecordDeserializer.class.getName();

    private AvroSerdes() {
    }

    public static Map<String, Object> config(String registryUrl) {
        Map<String, Object> config = configWithoutUrl();
        config.put(SerdeConfig.REGISTRY_URL, registryUrl);
        return config;
    }

    static Map<String, Object> configWithoutUrl() {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, "true");
        return config;
    }

    /**
     * The serde's plug-ins as classes rather than names: Apicurio loads names through the thread's
     * context class loader, which under Quarkus is not always the application's.
     */
    static Map<String, Object> withPluginClasses(Map<String, ?> configs) {
        Map<String, Object> pinned = new HashMap<>(configs);
        pinned.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, RecordIdStrategy.class);
        pinned.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SpecificRecordDatumProvider.class);
        pinned.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class);
        pinned.put(SerdeConfig.SCHEMA_RESOLVER, DefaultSchemaResolver.class);
        pinned.put(SerdeConfig.FALLBACK_ARTIFACT_PROVIDER, DefaultFallbackArtifactProvider.class);
        // The JDK HTTP client: no Vert.x instance of the serde's own beside the application's.
        pinned.put(SchemaResolverConfig.HTTP_ADAPTER, "JDK");
        // A schema once looked up stays usable while the registry is away: ids and contents never change,
        // so entries are checked once a day and a failed check keeps the entry. An outage then touches
        // only a schema not seen before, and that lookup fails fast (one retry) so the caller's own
        // back-off waits it out instead of a blocked thread.
        pinned.put(SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
        pinned.put(SchemaResolverConfig.CHECK_PERIOD_MS, java.time.Duration.ofDays(1).toMillis());
        pinned.put(SchemaResolverConfig.RETRY_COUNT, 1L);
        pinned.put(SchemaResolverConfig.RETRY_BACKOFF_MS, 200L);
        return pinned;
    }

    public static <T extends SpecificRecord> Serde<T> valueSerde(String registryUrl) {
        Serde<T> serde = Serdes.serdeFrom(new AvroRecordSerializer<>(), new AvroRecordDeserializer<>());
        serde.configure(config(registryUrl), false);
        return serde;
    }

    /**
     * The same serde, talking to {@code registry} instead of a registry server: the topology tests
     * give an in-memory one, so their records keep this wire format without a registry running.
     */
    public static <T extends SpecificRecord> Serde<T> valueSerde(RegistryClientFacade registry) {
        Serde<T> serde = Serdes.serdeFrom(new AvroRecordSerializer<>(registry), new AvroRecordDeserializer<>(registry));
        serde.configure(configWithoutUrl(), false);
        return serde;
    }
}
