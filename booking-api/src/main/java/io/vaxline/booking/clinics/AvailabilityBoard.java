package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.SlotAvailability;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every clinic day's seats, read from the compacted slot-availability topic by each instance. The
 * view comes from scheduler-stream's own decision step, so a seat shown free here is one a booking
 * would get (unless somebody takes it first).
 */
@ApplicationScoped
public class AvailabilityBoard {

    private final Map<String, SlotAvailability> days = new ConcurrentHashMap<>();

    @Inject
    RecordDecoder decoder;

    @Inject
    OutageRetry outages;

    @Incoming("availability-board")
    public Uni<Void> onView(ConsumerRecord<String, byte[]> record) {
        return outages.runUntilAvailable("availability-board", () -> keep(record));
    }

    private void keep(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            days.remove(record.key());
            return;
        }
        SlotAvailability view = (SlotAvailability) decoder.decode(Topics.SLOT_AVAILABILITY, record.headers(), record.value());
        days.put(record.key(), view);
    }

    public Optional<SlotAvailability> day(String clinicId, LocalDate date) {
        return Optional.ofNullable(days.get(clinicId + "|" + date));
    }
}
