package io.vaxline.scheduler.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vaxline.events.SlotAvailability;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver around the real topology, with the real Apicurio serde against an in-memory
 * registry: records are framed exactly as in production, and no server runs. The serde against a
 * real registry is covered by the tests on the broker.
 */
class TopologyTestSupport implements AutoCloseable {

    static final InMemoryRegistry REGISTRY = new InMemoryRegistry();
    static final Serde<SpecificRecord> AVRO = AvroSerdes.valueSerde(REGISTRY);
    /** Waits out outages as in production, with back-offs short enough for a test. */
    static final Patience TEST_PATIENCE = new Patience(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100));

    /** The commit interval of the test driver's topology, and so how often the ledger emits views. */
    static final Duration VIEW_INTERVAL = Duration.ofMillis(1);

    /**
     * Spans of the processors, for the tests of trace context ({@link TracedTest}): every topology test
     * shares the SDK tracer, and a record without a traceparent header makes no span.
     */
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final SdkTracerProvider TRACING = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build();

    static Tracer tracer() {
        return TRACING.get("scheduler-stream-test");
    }

    final TopologyTestDriver driver;
    private Instant clock;
    private final TestOutputTopic<String, SpecificRecord> bookingEventsTopic;
    private final TestOutputTopic<String, SpecificRecord> availabilityTopic;
    private final Map<String, SlotAvailability> views = new HashMap<>();

    TopologyTestSupport(Instant wallClock) {
        this(wallClock, ReminderSchedule.DEFAULT);
    }

    TopologyTestSupport(Instant wallClock, ReminderSchedule reminders) {
        this(wallClock, reminders, Retention.DEFAULT, new RecordDecoder(REGISTRY));
    }

    TopologyTestSupport(Instant wallClock, ReminderSchedule reminders, Retention retention, RecordDecoder decoder) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-stream-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            Path stateDir = Files.createTempDirectory(Path.of("target"), "ttd-state");
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class);
        // The ledger emits availability views once per commit interval: 1 ms here, see emitViews().
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) VIEW_INTERVAL.toMillis());
        // Task metrics (punctuations among them) are recorded at DEBUG only.
        config.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
        driver = new TopologyTestDriver(new BookingTopology(AVRO, decoder, reminders, retention, TEST_PATIENCE, tracer(),
                Stores.Medium.MEMORY).build(),
                config, wallClock);
        clock = wallClock;
        bookingEventsTopic = output(Topics.BOOKING_EVENTS.name());
        availabilityTopic = output(Topics.SLOT_AVAILABILITY.name());
    }

    void send(TopicSpec topic, String key, SpecificRecord value) {
        input(topic).pipeInput(key, value);
    }

    void sendRaw(TopicSpec topic, String key, byte[] value) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value);
    }

    TestInputTopic<String, SpecificRecord> input(TopicSpec topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), AVRO.serializer());
    }

    TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), AVRO.deserializer());
    }

    /** Booking events written since the last call. */
    List<SpecificRecord> bookingEvents() {
        return bookingEventsTopic.readValuesToList();
    }

    /**
     * Lets the wall clock run one commit interval, so the ledger emits the views of the days changed
     * since: what a running stream does at its next commit.
     */
    void emitViews() {
        driver.advanceWallClockTime(VIEW_INTERVAL);
        clock = clock.plus(VIEW_INTERVAL);
    }

    /**
     * Lets the wall clock run to {@code moment}, firing the punctuators that fall due (once each, as a stream
     * that was busy meanwhile would). Only for tests that move the clock through this class alone.
     */
    void clockTo(Instant moment) {
        driver.advanceWallClockTime(Duration.between(clock, moment));
        clock = moment;
    }

    /** The latest availability view of a clinic day, reading every view written since the last call. */
    SlotAvailability latestView(String clinicId, LocalDate date) {
        emitViews();
        availabilityTopic.readKeyValuesToList().forEach(kv -> views.put(kv.key, (SlotAvailability) kv.value));
        return views.get(clinicId + "|" + date);
    }

    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> T single(Class<T> type, List<SpecificRecord> events) {
        List<SpecificRecord> matching = events.stream().filter(type::isInstance).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in " + events);
        }
        return (T) matching.get(0);
    }

    /**
     * Punctuations run so far, by every task: each one makes a running stream commit its task, an exactly-once
     * transaction even when nothing was written.
     */
    long punctuations() {
        return Math.round(driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("punctuate-total") && e.getKey().group().equals("stream-task-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum());
    }

    List<TestRecord<String, byte[]>> rawRecords(String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                .readRecordsToList();
    }

    KeyValueStore<String, SpecificRecord> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
    }
}
