package io.vaxline.booking.clinics;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.ServiceDefined;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The programme's services and their dose series, read from the compacted services topic by each
 * instance. scheduler-stream enforces the series; booking-api reads it to offer the next dose's day.
 */
@ApplicationScoped
public class ServiceCatalogue {

    @Schema(name = "Series", description = "A service and its dose series")
    public record Series(@Schema(required = true) String service, @Schema(required = true) int doses,
            @Schema(required = true, description = "Fewest days between a dose and the next") int minIntervalDays,
            @Schema(required = true, description = "Days between doses the programme recommends") int recommendedIntervalDays,
            @Schema(description = "SNOMED CT code of the disease, when given") String targetDisease) {

        /** Days after a dose that the next is offered: the recommended interval, never less than the minimum. */
        public int offeredIntervalDays() {
            return Math.max(minIntervalDays, recommendedIntervalDays);
        }
    }

    private final Map<String, Series> services = new ConcurrentHashMap<>();

    @Inject
    RecordDecoder decoder;

    @Inject
    OutageRetry outages;

    @Incoming("service-catalogue")
    public Uni<Void> onService(ConsumerRecord<String, byte[]> record) {
        return outages.runUntilAvailable("service-catalogue", () -> keep(record));
    }

    private void keep(ConsumerRecord<String, byte[]> record) {
        if (decoder.decode(Topics.SERVICES, record.headers(), record.value()) instanceof ServiceDefined d) {
            services.put(d.getService(), new Series(d.getService(), d.getDoses(), d.getMinIntervalDays(),
                    d.getRecommendedIntervalDays(), d.getTargetDisease()));
        }
    }

    /** The series of a service; a service the programme has not defined is one dose. */
    public Series series(String service) {
        return Optional.ofNullable(services.get(service)).orElse(new Series(service, 1, 0, 0, null));
    }

    public Optional<Series> defined(String service) {
        return Optional.ofNullable(services.get(service));
    }

    public List<Series> all() {
        Collection<Series> all = services.values();
        return all.stream().sorted(Comparator.comparing(Series::service)).toList();
    }
}
