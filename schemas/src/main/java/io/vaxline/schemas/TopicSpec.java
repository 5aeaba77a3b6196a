package io.vaxline.schemas;

import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the catalogue: its name, how it is partitioned and kept, and how its records are
 * (de)serialized. Keys are always strings; values are Avro records resolved per record type in the
 * schema registry, because several event types share a topic.
 *
 * @param restricted true for topics holding personal data or secrets, which analysts must not read
 */
public record TopicSpec(
        String name,
        int partitions,
        String key,
        List<Class<? extends SpecificRecord>> valueTypes,
        Map<String, String> configs,
        boolean restricted) {

    public TopicSpec {
        valueTypes = List.copyOf(valueTypes);
        configs = Map.copyOf(configs);
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** A value serde for this topic, configured for the registry at {@code registryUrl}. */
    public <T extends SpecificRecord> Serde<T> valueSerde(String registryUrl) {
        return AvroSerdes.valueSerde(registryUrl);
    }

    public String deadLetterTopic() {
        return name + "-dlq";
    }

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }

    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /** The dead-letter topic keeps the source's key and partitioning, and holds records for 30 days. */
    public NewTopic newDeadLetterTopic(short replicationFactor) {
        return new NewTopic(deadLetterTopic(), partitions, replicationFactor)
                .configs(Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));
    }
}
