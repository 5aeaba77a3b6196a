package io.vaxline.scheduler.topology;

import io.vaxline.events.ServiceDefined;
import io.vaxline.scheduler.domain.Series;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.RecordDecoder.UndecodableRecordException;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The programme's services and their series, from the compacted {@code services} topic into a global
 * store every task of the person guard reads. A global store cannot forward, so a definition that
 * cannot be decoded is logged and skipped rather than parked: booking-api, the only writer, validates
 * what it writes, and a service left undefined counts as one dose.
 */
final class ServiceCatalogue implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(ServiceCatalogue.class);

    private final RecordDecoder decoder;
    private final Patience patience;
    private KeyValueStore<String, SpecificRecord> services;

    ServiceCatalogue(RecordDecoder decoder, Patience patience) {
        this.decoder = decoder;
        this.patience = patience;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        services = context.getStateStore(Stores.SERVICES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            services.delete(record.key());
            return;
        }
        try {
            SpecificRecord value = patience.call(() -> decoder.decode(Topics.SERVICES, record.headers(), record.value()));
            if (value instanceof ServiceDefined defined && defined.getDoses() >= 1 && defined.getMinIntervalDays() >= 0
                    && defined.getRecommendedIntervalDays() >= 0) {
                services.put(defined.getService(), defined);
            } else {
                LOG.warnf("Skipped a services record for %s: not a valid ServiceDefined", record.key());
            }
        } catch (UndecodableRecordException e) {
            LOG.warnf("Skipped a services record for %s that cannot be decoded: %s", record.key(), e.getMessage());
        }
    }

    /** The series of a service, as the catalogue defines it, else one dose. */
    static Series series(KeyValueStore<String, SpecificRecord> services, String service) {
        return services.get(service) instanceof ServiceDefined d
                ? new Series(service, d.getDoses(), d.getMinIntervalDays(), d.getRecommendedIntervalDays())
                : Series.single(service);
    }

    /** The service whose series a dose against {@code targetDisease} belongs to, or null when none says so. */
    static String serviceFor(KeyValueStore<String, SpecificRecord> services, String targetDisease) {
        try (var it = services.all()) {
            while (it.hasNext()) {
                if (it.next().value instanceof ServiceDefined d && targetDisease.equals(d.getTargetDisease())) {
                    return d.getService();
                }
            }
        }
        return null;
    }
}
