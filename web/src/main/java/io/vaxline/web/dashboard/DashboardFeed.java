package io.vaxline.web.dashboard;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

/**
 * Feeds the {@link DashboardModel} from the topics: one daemon thread with a plain consumer that is
 * assigned every partition of the topics the dashboard counts, reads them from the beginning at
 * every start (no consumer group, nothing committed) and decodes with {@link RecordDecoder}. Kafka
 * or the registry being away only makes it wait: a record that cannot be decoded because the
 * registry is unreachable is read again, one that is not Avro of a registered schema is skipped (its
 * writer's consumers dead-letter it). Every few seconds it counts the dead-letter topics (end offset
 * minus beginning offset) and, at most once a second and when something changed, publishes a new
 * {@link Figures} snapshot.
 */
@ApplicationScoped
public class DashboardFeed {

    private static final Logger LOG = Logger.getLogger(DashboardFeed.class);
    static final List<TopicSpec> TOPICS = List.of(Topics.CLINICS, Topics.CLINIC_CAPACITY, Topics.BOOKING_COMMANDS,
            Topics.BOOKING_EVENTS, Topics.SLOT_AVAILABILITY, Topics.NOTIFICATIONS, Topics.VACCINATIONS, Topics.CERTIFICATES);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);
    /** The coming days change with time alone. */
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(10);
    private static final Duration DEAD_LETTERS_EVERY = Duration.ofSeconds(5);
    private static final Duration RETRY = Duration.ofSeconds(2);

    @ConfigProperty(name = "vaxline.dashboard.kafka.bootstrap-servers")
    String bootstrapServers;

    @ConfigProperty(name = "vaxline.dashboard.kafka.security-protocol")
    String securityProtocol;

    @ConfigProperty(name = "vaxline.dashboard.kafka.username")
    String username;

    @ConfigProperty(name = "vaxline.dashboard.kafka.password")
    java.util.Optional<String> password;

    /** The dashboard need not see each event at once: it fetches when this much is waiting, or after the wait. */
    @ConfigProperty(name = "vaxline.dashboard.kafka.fetch-min-bytes", defaultValue = "1")
    int fetchMinBytes;

    @ConfigProperty(name = "vaxline.dashboard.kafka.fetch-max-wait-ms", defaultValue = "500")
    int fetchMaxWaitMs;

    @ConfigProperty(name = "vaxline.dashboard.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "vaxline.dashboard.zone", defaultValue = "Europe/Stockholm")
    ZoneId zone;

    @ConfigProperty(name = "vaxline.dashboard.max-people", defaultValue = "200000")
    int maxPeople;

    @ConfigProperty(name = "vaxline.dashboard.max-appointments", defaultValue = "200000")
    int maxAppointments;

    @Inject
    RecordDecoder decoder;

    @Inject
    MeterRegistry meters;

    /**
     * {@code vaxline_dead_letter_records{topic}}: the records on each dead-letter topic (end offset
     * minus beginning offset), whichever service parked them, as last counted (every few seconds).
     */
    private final Map<String, AtomicLong> deadLetterGauges = new ConcurrentHashMap<>();

    private final Clock clock = Clock.systemUTC();
    private DashboardModel model;
    private volatile Figures latest;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    void start(@Observes StartupEvent started) {
        model = new DashboardModel(zone, new DashboardModel.Limits(maxPeople, maxAppointments, DashboardModel.Limits.DEFAULT.eventIds()));
        latest = model.snapshot(clock.instant());
        if (!enabled) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "dashboard-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The latest figures; a new object only when something changed. */
    public Figures latest() {
        return latest;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                consume(c);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                LOG.warnf("Dashboard feed interrupted (%s); starting again in %s", e.toString(), RETRY);
                pause(RETRY);
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(c);
        if (partitions == null) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        LOG.infof("Dashboard feed reading %d partitions of %d topics from the beginning", partitions.size(), TOPICS.size());
        Map<String, TopicSpec> byName = new HashMap<>();
        TOPICS.forEach(t -> byName.put(t.name(), t));
        Instant published = Instant.EPOCH;
        Instant countedDeadLetters = Instant.EPOCH;
        long publishedVersion = -1;
        while (running) {
            ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
            boolean registryAway = false;
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    try {
                        model.apply(decoder.decode(byName.get(record.topic()), record.headers(), record.value()));
                    } catch (RecordDecoder.UndecodableRecordException e) {
                        if (unreachable(e)) {
                            c.seek(partition, record.offset());
                            registryAway = true;
                            break;
                        }
                        LOG.debugf("Dashboard skips %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warnf("Dashboard skips %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.toString());
                    }
                }
            }
            Instant now = clock.instant();
            if (Duration.between(countedDeadLetters, now).compareTo(DEAD_LETTERS_EVERY) >= 0) {
                countDeadLetters(c);
                countedDeadLetters = now;
            }
            long version = model.version();
            Duration since = Duration.between(published, now);
            if ((version != publishedVersion && since.compareTo(PUBLISH_EVERY) >= 0) || since.compareTo(REFRESH_EVERY) >= 0) {
                Figures figures = model.snapshot(now);
                if (!figures.equals(latest)) {
                    latest = figures;
                }
                published = now;
                publishedVersion = version;
            }
            if (registryAway) {
                LOG.warnf("Schema registry unreachable; the dashboard waits %s", RETRY);
                pause(RETRY);
            }
        }
    }

    /** Every partition of the counted topics, once they all exist (the stack may still be creating them). */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> c) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean all = true;
            for (TopicSpec topic : TOPICS) {
                List<PartitionInfo> found = c.partitionsFor(topic.name(), Duration.ofSeconds(10));
                if (found == null || found.isEmpty()) {
                    all = false;
                    break;
                }
                found.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            if (all) {
                return partitions;
            }
            LOG.infof("Dashboard waits for the topics to exist");
            pause(RETRY);
        }
        return null;
    }

    private void countDeadLetters(KafkaConsumer<byte[], byte[]> c) {
        try {
            Map<String, List<TopicPartition>> byTopic = new HashMap<>();
            for (TopicSpec topic : Topics.ALL) {
                List<PartitionInfo> found = c.partitionsFor(topic.deadLetterTopic(), Duration.ofSeconds(2));
                if (found != null && !found.isEmpty()) {
                    byTopic.put(topic.name(), found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
                }
            }
            List<TopicPartition> all = byTopic.values().stream().flatMap(List::stream).toList();
            Map<TopicPartition, Long> end = c.endOffsets(all, Duration.ofSeconds(2));
            Map<TopicPartition, Long> beginning = c.beginningOffsets(all, Duration.ofSeconds(2));
            byTopic.forEach((topic, partitions) -> {
                long records = partitions.stream().mapToLong(p -> end.getOrDefault(p, 0L) - beginning.getOrDefault(p, 0L)).sum();
                model.deadLetters(topic, records);
                deadLetterGauge(Topics.byName(topic).deadLetterTopic()).set(records);
            });
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.debugf("Dead letters not counted this time: %s", e.getMessage());
        }
    }

    private AtomicLong deadLetterGauge(String deadLetterTopic) {
        return deadLetterGauges.computeIfAbsent(deadLetterTopic,
                t -> meters.gauge("vaxline.dead.letter.records", Tags.of("topic", t), new AtomicLong()));
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException || cause instanceof java.net.http.HttpTimeoutException
                    || cause.getClass().getName().contains("Connect")) {
                return true;
            }
        }
        return false;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(new KafkaAccess(bootstrapServers, securityProtocol, username, password.orElse(null),
                System.getenv("KAFKA_SSL_TRUSTSTORE_LOCATION"), System.getenv("KAFKA_SSL_TRUSTSTORE_PASSWORD")).clientConfig());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "web-dashboard-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(fetchMinBytes));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchMaxWaitMs));
        return p;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
