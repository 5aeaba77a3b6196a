package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
 * would get (unless somebody takes it first). Days that are over are forgotten by
 * {@link io.vaxline.booking.platform.Housekeeping}, so the board holds the coming days only.
 *
 * <p>Reads far outnumber changes (a clinic day's view changes at most every half second), so what a
 * read makes of a day (its serialised answer, its count of free slots) is kept with the view and
 * thrown away with it when the next view of that day arrives ({@link #answer}).
 */
@ApplicationScoped
public class AvailabilityBoard {

    private final Map<String, Day> days = new ConcurrentHashMap<>();

    /** A clinic day's view and the answers made from it so far, by what the caller asked. */
    private record Day(SlotAvailability view, Map<Object, Object> answers) {
        Day(SlotAvailability view) {
            this(view, new ConcurrentHashMap<>());
        }
    }

    /** Days before this are over; the compacted topic still has them, so views of them are not kept again. */
    private volatile LocalDate forgottenBefore;

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
        put(record.key(), (SlotAvailability) decoder.decode(Topics.SLOT_AVAILABILITY, record.headers(), record.value()));
    }

    /** Keeps {@code view} under {@code key} (clinic|date), unless its day was already forgotten as over. */
    void put(String key, SlotAvailability view) {
        LocalDate horizon = forgottenBefore;
        if (horizon == null || !view.getDate().isBefore(horizon)) {
            days.put(key, new Day(view));
        }
    }

    public Optional<SlotAvailability> day(String clinicId, LocalDate date) {
        return Optional.ofNullable(days.get(clinicId + "|" + date)).map(Day::view);
    }

    /**
     * What {@code make} makes of the clinic day's current view for {@code question}, made once per view:
     * empty when the board has no view of that day. {@code question} must come from a bounded set (the
     * clinic's own services, not any string a caller sends), as the answers live as long as the view.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> answer(String clinicId, LocalDate date, Object question, Function<SlotAvailability, T> make) {
        Day day = days.get(clinicId + "|" + date);
        return day == null ? Optional.empty()
                : Optional.of((T) day.answers().computeIfAbsent(question, q -> make.apply(day.view())));
    }

    /** Forgets the clinic days before {@code date}, which nobody can book any more; says how many. */
    public int forgetDaysBefore(LocalDate date) {
        forgottenBefore = date;
        int before = days.size();
        days.values().removeIf(day -> day.view().getDate().isBefore(date));
        return before - days.size();
    }

    /** How many clinic days the board holds. */
    public int size() {
        return days.size();
    }
}
