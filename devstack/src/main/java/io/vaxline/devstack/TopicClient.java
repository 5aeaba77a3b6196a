package io.vaxline.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import io.vaxline.schemas.AvroRecordSerializer;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.TopicSpec;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces and reads Vaxline topics the way a clinic system or an analyst would: Avro through the
 * registry, committed records only. Uses nothing but kafka-clients and the schemas module, so the
 * services' tests can use it beside their own Kafka clients.
 */
public final class TopicClient implements AutoCloseable {

    private final Endpoints endpoints;
    private final KafkaAccess kafka;
    private final Serde<SpecificRecord> avro;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaProducer<String, byte[]> rawProducer;

    /** As the provisioner, who may read and write every topic. */
    public TopicClient(Endpoints endpoints) {
        this(endpoints, endpoints.kafkaAdmin());
    }

    /** As {@code kafka}'s principal: what it is not granted, the broker refuses. */
    public TopicClient(Endpoints endpoints, KafkaAccess kafka) {
        this.endpoints = endpoints;
        this.kafka = kafka;
        this.avro = AvroSerdes.valueSerde(endpoints.registryUrl());
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), avro.serializer());
        this.rawProducer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public void send(TopicSpec topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic.name(), e);
        }
    }

    /** Sends without waiting for the broker; {@link #flush()} waits for everything sent so far. */
    public void sendAsync(TopicSpec topic, String key, SpecificRecord value) {
        producer.send(new ProducerRecord<>(topic.name(), key, value));
    }

    /** Sends a record to any topic, whatever its type: for records of the wrong schema. */
    public void sendAsAnyType(String topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Every committed record of {@code topic} that decodes, from the beginning to the end it had when
     * called; records that do not decode (poison, parked by the services) are left out.
     */
    public List<ConsumerRecord<String, SpecificRecord>> readToEnd(TopicSpec topic) {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, SpecificRecord>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    decoded(r).ifPresent(read::add);
                }
            }
        }
        return read;
    }

    private java.util.Optional<ConsumerRecord<String, SpecificRecord>> decoded(ConsumerRecord<String, byte[]> r) {
        try {
            SpecificRecord value = avro.deserializer().deserialize(r.topic(), r.headers(), r.value());
            return java.util.Optional.of(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
        } catch (RuntimeException undecodable) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Every committed record of {@code topic} as raw bytes, from the beginning to the end it had when
     * called: for dead-letter topics, whose records need not decode.
     */
    public List<ConsumerRecord<String, byte[]>> readRawToEnd(String topic) {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /**
     * {@code value} encoded under a new version of its schema (one more optional field, so readers of
     * the old one still read it) that is registered now and that no reader has fetched yet: a reader
     * needs the registry to decode it, which is how tests meet a registry outage in readers that have
     * every schema of their topics cached.
     */
    public byte[] encodeUnderNewSchemaVersion(String topic, SpecificRecord value) {
        Schema original = value.getSchema();
        List<Schema.Field> fields = new ArrayList<>();
        original.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("probe" + UUID.randomUUID().toString().replace("-", ""),
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "A field only this version has, so that its content is new to the registry.", JsonProperties.NULL_VALUE));
        Schema evolved = Schema.createRecord(original.getName(), original.getDoc(), original.getNamespace(), false, fields);
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < original.getFields().size(); i++) {
            // Without the generated class's conversions, logical types are written as what they are on the wire.
            values[i] = switch (value.get(i)) {
                case java.time.Instant instant -> instant.toEpochMilli();
                case java.time.LocalDate date -> (int) date.toEpochDay();
                case null, default -> value.get(i);
            };
        }
        try (AvroRecordSerializer<SpecificRecord> serializer = new AvroRecordSerializer<>()) {
            serializer.configure(AvroSerdes.config(endpoints.registryUrl()), false);
            return serializer.serialize(topic, new EvolvedRecord(evolved, values));
        }
    }

    private static final class EvolvedRecord extends SpecificRecordBase {
        private final Schema schema;
        private final Object[] values;

        EvolvedRecord(Schema schema, Object[] values) {
            this.schema = schema;
            this.values = values;
        }

        @Override
        public Schema getSchema() {
            return schema;
        }

        @Override
        public Object get(int field) {
            return values[field];
        }

        @Override
        public void put(int field, Object value) {
            values[field] = value;
        }
    }

    /** {@code value} as the services write it (registry id and Avro body), to send later with {@link #sendRaw}. */
    public byte[] encode(TopicSpec topic, SpecificRecord value) {
        return avro.serializer().serialize(topic.name(), value);
    }

    /** Sends bytes as they are: for poison records. */
    public void sendRaw(String topic, String key, byte[] value) {
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** Reads {@code topic} from the beginning until {@code done} holds for what was read, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, SpecificRecord>> readUntil(TopicSpec topic,
            Predicate<List<ConsumerRecord<String, SpecificRecord>>> done, Duration timeout) {
        List<ConsumerRecord<String, SpecificRecord>> decoded = new ArrayList<>();
        int[] seen = { 0 };
        readUntil(topic.name(), org.apache.kafka.common.serialization.Serdes.ByteArray(), raw -> {
            raw.subList(seen[0], raw.size()).forEach(r -> decoded(r).ifPresent(decoded::add));
            seen[0] = raw.size();
            return done.test(decoded);
        }, timeout);
        return decoded;
    }

    /** Like {@link #readUntil(TopicSpec, Predicate, Duration)} for raw bytes, e.g. a dead-letter topic. */
    public List<ConsumerRecord<String, byte[]>> readRawUntil(String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return readUntil(topic, org.apache.kafka.common.serialization.Serdes.ByteArray(), done, timeout);
    }

    /**
     * Dead letters, one per record they park: parking is at least once (a rebalance before the parked record's
     * offset is committed parks it again), so copies naming the same partition and offset of the source topic
     * are dropped, the first kept. Dead letters without those headers are all kept.
     */
    public static List<ConsumerRecord<String, byte[]>> oncePerParkedRecord(List<ConsumerRecord<String, byte[]>> deadLetters) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return deadLetters.stream().filter(r -> {
            org.apache.kafka.common.header.Header partition = r.headers().lastHeader(io.vaxline.schemas.DeadLetters.PARTITION);
            org.apache.kafka.common.header.Header offset = r.headers().lastHeader(io.vaxline.schemas.DeadLetters.OFFSET);
            return partition == null || offset == null
                    || seen.add(new String(partition.value(), java.nio.charset.StandardCharsets.UTF_8) + "@"
                            + new String(offset.value(), java.nio.charset.StandardCharsets.UTF_8));
        }).toList();
    }

    /**
     * The reason header of the dead letter {@code key} has on {@code topic}'s dead-letter topic,
     * blank when it has none; fails after {@code timeout} when no such dead letter arrives.
     */
    public String deadLetterReason(TopicSpec topic, String key, Duration timeout) {
        ConsumerRecord<String, byte[]> parked = readRawUntil(topic.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> key.equals(r.key())), timeout).stream()
                .filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        org.apache.kafka.common.header.Header reason = parked.headers().lastHeader(io.vaxline.schemas.DeadLetters.REASON);
        return reason == null ? "" : new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The first record of {@code topic} matching {@code match}. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T await(TopicSpec topic, Class<T> type, Predicate<T> match, Duration timeout) {
        List<ConsumerRecord<String, SpecificRecord>> read = readUntil(topic,
                records -> records.stream().anyMatch(r -> type.isInstance(r.value()) && match.test((T) r.value())), timeout);
        return read.stream().map(ConsumerRecord::value).filter(type::isInstance).map(v -> (T) v).filter(match)
                .findFirst().orElseThrow();
    }

    private <V> List<ConsumerRecord<String, V>> readUntil(String topic, Serde<V> valueSerde,
            Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, V>> read = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                valueSerde.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(read)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Gave up after " + timeout.toSeconds() + " s reading " + topic + "; read "
                            + read.size() + " records: " + read.stream().map(r -> r.key() + "=" + r.value()).toList());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
        avro.close();
    }
}
