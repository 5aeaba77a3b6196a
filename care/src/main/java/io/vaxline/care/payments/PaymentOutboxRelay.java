package io.vaxline.care.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.KafkaAccess;

/**
 * Publishes the outbox's events, oldest first, each to the topic its row names (payment events to
 * {@code payment-events}, video consultations' bookings to {@code care-appointments}), keyed by appointment, and marks
 * each row sent once the broker has acknowledged it (acks=all, idempotent producer). One relay of all care
 * instances works at a time (a PostgreSQL advisory lock held by its transaction), so an appointment's events keep
 * their order. When the broker or the registry cannot be reached, nothing is marked, dropped or dead-lettered: the
 * rows wait, the relay tries again with back-off, and they go once the broker is back. A row may be sent twice if
 * the relay stops between the acknowledgement and its commit; readers tell the copies apart by {@code eventId}.
 */
@ApplicationScoped
public class PaymentOutboxRelay {

    private static final Logger LOG = Logger.getLogger(PaymentOutboxRelay.class);
    /** The advisory lock's key: any number no other lock of care's database uses. */
    private static final long RELAY_LOCK = 0x70_61_79_6d_65_6e_74L;
    private static final int BATCH = 100;

    @Inject
    DataSource db;

    @Inject
    PaymentSettings settings;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "kafka.security.protocol", defaultValue = KafkaAccess.LOCAL_PROTOCOL)
    String securityProtocol;

    @ConfigProperty(name = "vaxline.kafka.username")
    String username;

    @ConfigProperty(name = "vaxline.kafka.password")
    String password;

    @ConfigProperty(name = "vaxline.registry.url")
    String registryUrl;

    private ScheduledExecutorService executor;
    private KafkaProducer<String, SpecificRecord> producer;
    private boolean waiting;
    private Duration retry;

    void start(@Observes StartupEvent started) {
        retry = settings.outboxRetry();
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "payment-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        executor.schedule(this::pass, 0, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** Events recorded but not yet acknowledged by the broker. */
    public long pending() {
        try (Connection c = db.getConnection(); PreparedStatement count = c.prepareStatement(
                "SELECT count(*) FROM payment_outbox WHERE sent_at IS NULL"); ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long a published row is kept (to look into what went out), and how often those older are removed. */
    static final Duration KEEP_SENT = Duration.ofDays(7);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private java.time.Instant purged = java.time.Instant.EPOCH;

    /** Removes the rows published before {@code cutoff}: the outbox holds what waits, not what went. Pending rows stay. */
    public int purgeSentBefore(java.time.Instant cutoff) {
        try (Connection c = db.getConnection(); PreparedStatement purge = c.prepareStatement(
                "DELETE FROM payment_outbox WHERE sent_at IS NOT NULL AND sent_at < ?")) {
            purge.setObject(1, java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
            return purge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void pass() {
        Duration next = settings.outboxInterval();
        try {
            int sent;
            do {
                sent = batch();
            } while (sent == BATCH);
            java.time.Instant now = java.time.Instant.now();
            if (now.isAfter(purged.plus(PURGE_EVERY))) {
                purgeSentBefore(now.minus(KEEP_SENT));
                purged = now;
            }
            if (waiting) {
                LOG.infof("care's topics can be written again; the outbox's events that waited are published");
                waiting = false;
            }
            retry = settings.outboxRetry();
        } catch (Exception e) {
            if (!waiting) {
                LOG.warnf("care's topics cannot be written (%s); the events wait in the outbox and go when they can be",
                        e.toString());
                waiting = true;
            }
            closeProducer();
            next = retry;
            retry = retry.multipliedBy(2).compareTo(settings.outboxMaxRetry()) > 0 ? settings.outboxMaxRetry() : retry.multipliedBy(2);
        } finally {
            if (!executor.isShutdown()) {
                executor.schedule(this::pass, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private record Row(long seq, String topic, String appointmentId, String type, byte[] payload) {
    }

    /** One transaction: the lock, the oldest pending rows, each sent and marked in turn; what was marked stays marked. */
    private int batch() throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            int sent = 0;
            try {
                if (!locked(c)) {
                    c.rollback();
                    return 0;
                }
                for (Row row : pending(c)) {
                    producer().send(new ProducerRecord<>(row.topic(), row.appointmentId(),
                            PaymentOutbox.decode(row.type(), row.payload())))
                            .get(settings.outboxSendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    try (PreparedStatement mark = c.prepareStatement("UPDATE payment_outbox SET sent_at = clock_timestamp() WHERE seq = ?")) {
                        mark.setLong(1, row.seq());
                        mark.executeUpdate();
                    }
                    sent++;
                }
                c.commit();
                return sent;
            } catch (Exception e) {
                try {
                    c.commit();
                } catch (SQLException lost) {
                    e.addSuppressed(lost);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static boolean locked(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static List<Row> pending(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT seq, topic, appointment_id, event_type, payload FROM payment_outbox "
                + "WHERE sent_at IS NULL ORDER BY seq LIMIT " + BATCH)) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5)));
                }
            }
        }
        return rows;
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.putAll(new KafkaAccess(bootstrapServers, securityProtocol, username, password, null, null).clientConfig());
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "care-payment-outbox");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            // An unreachable broker fails a send within the send timeout instead of blocking the relay for minutes.
            int timeout = (int) settings.outboxSendTimeout().toMillis();
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
            config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            producer = new KafkaProducer<>(config, new StringSerializer(), AvroSerdes.<SpecificRecord>valueSerde(registryUrl).serializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }
}
