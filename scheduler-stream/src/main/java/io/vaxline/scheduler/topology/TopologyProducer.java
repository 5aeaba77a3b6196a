package io.vaxline.scheduler.topology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.opentelemetry.api.trace.Tracer;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.RecordDecoder;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @ConfigProperty(name = "vaxline.registry.url")
    String registryUrl;

    @Inject
    ReminderSettings reminders;

    @Inject
    RetentionSettings retention;

    @Inject
    Tracer tracer;

    @Produces
    public Topology topology() {
        return new BookingTopology(AvroSerdes.valueSerde(registryUrl), new RecordDecoder(registryUrl),
                new ReminderSchedule(reminders.localTime(), reminders.scanInterval()),
                new Retention(retention.requestIds(), retention.ledgerDays(), retention.purgeInterval()),
                Patience.DEFAULT, tracer, Stores.Medium.ROCKSDB).build();
    }

    /**
     * A stream thread that fails (an outage longer than a processor waits, see {@link Patience}) is
     * replaced: its tasks start again from their committed offsets, so the records are processed once
     * the server is back, and no other thread or instance stops. Poison records never get here: they
     * are parked on dead-letter topics where they are read.
     */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler uncaughtExceptions() {
        return failure -> {
            LOG.warnf(failure, "A stream thread failed; replacing it to read again from the committed offsets");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
