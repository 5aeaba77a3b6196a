package io.vaxline.scheduler.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vaxline.events.BookingCommandType;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.events.WaitlistOfferExpired;
import io.vaxline.events.WaitlistOfferMade;
import io.vaxline.internal.SeatHolder;
import io.vaxline.internal.SeatRequest;
import io.vaxline.internal.SeatsTaken;
import io.vaxline.internal.WaitlistEntry;
import io.vaxline.internal.WaitlistRequest;
import io.vaxline.scheduler.domain.AgeLimit;
import io.vaxline.scheduler.domain.Ids;
import io.vaxline.scheduler.domain.SeatRules;
import io.vaxline.scheduler.domain.SessionSlots;
import io.vaxline.scheduler.domain.SessionSlots.Slot;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The clinic ledger's waitlists: per clinic, day and service, the people waiting in the order they
 * joined. Whenever the day changes (a seat released, a session published, stock added, an offer
 * lapsed), the first in line who may take a free seat gets it HELD: the hold counts in the slot's
 * {@code seats} like an appointment, so no booking and no other offer can take it, and the person is
 * offered it ({@code WaitlistOfferMade}) until the hold time passes. Accepting turns the hold into the
 * appointment in one step; a hold that lapses ({@code WaitlistOfferExpired}, the person leaves the
 * line) goes to the next in line in the same step. All of it runs in the ledger's task, so hold,
 * offer and hand-on commit together under exactly_once_v2: a crash loses no offer and makes none twice.
 *
 * <p>Store {@link Stores#WAITLIST}: clinicId|date|service|joinedAtMillis|personId → WaitlistEntry, the
 * open offer inside the entry, so the line is one prefix scan in order.
 */
final class Waitlist {

    /** Application config: how long a waitlist offer holds its seat (ISO-8601 duration). */
    static final String HOLD_CONFIG = "vaxline.waitlist.hold";
    /** Application config: milliseconds between looks for lapsed offers. */
    static final String EXPIRY_INTERVAL_CONFIG = "vaxline.waitlist.expiry.interval.ms";
    static final Duration DEFAULT_HOLD = Duration.ofMinutes(15);
    static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofSeconds(1);

    private static final StringSerializer KEYS = new StringSerializer();

    /** What the ledger does for the waitlist: mark a day whose view is due, without offering again. */
    interface DayChanged {
        void changed(ClinicUpdated clinic, LocalDate date);
    }

    private record Waiting(String key, WaitlistEntry entry) {
    }

    private final ProcessorContext<String, SpecificRecord> context;
    private final Ledger ledger;
    private final KeyValueStore<String, SpecificRecord> lines;
    private final Duration hold;
    private final DayChanged dayChanged;
    /** The lookout for lapsed offers, scheduled only while an offer is open: every punctuation commits a transaction. */
    private Cancellable expiry;

    Waitlist(ProcessorContext<String, SpecificRecord> context, Ledger ledger, DayChanged dayChanged) {
        this.context = context;
        this.ledger = ledger;
        this.lines = context.getStateStore(Stores.WAITLIST);
        this.hold = hold(context);
        this.dayChanged = dayChanged;
    }

    static Duration hold(ProcessorContext<?, ?> context) {
        Object configured = context.appConfigs().get(HOLD_CONFIG);
        return configured == null ? DEFAULT_HOLD : Duration.parse(String.valueOf(configured));
    }

    static Duration expiryInterval(ProcessorContext<?, ?> context) {
        Object configured = context.appConfigs().get(EXPIRY_INTERVAL_CONFIG);
        return configured == null ? DEFAULT_EXPIRY_INTERVAL : Duration.ofMillis(Long.parseLong(String.valueOf(configured)));
    }

    /** When the task starts: looks for lapsed offers from now on if any offer is open. */
    void watchOffers() {
        try (KeyValueIterator<String, SpecificRecord> it = lines.all()) {
            while (it.hasNext()) {
                if (((WaitlistEntry) it.next().value).getOfferId() != null) {
                    watchExpiry();
                    return;
                }
            }
        }
    }

    private void watchExpiry() {
        if (expiry == null) {
            expiry = context.schedule(expiryInterval(context), PunctuationType.WALL_CLOCK_TIME, ignored -> expireOffers());
        }
    }

    void handle(WaitlistRequest request) {
        if (request.getJoin()) {
            join(request);
        } else {
            leave(request);
        }
    }

    private void join(WaitlistRequest request) {
        ClinicUpdated clinic = ledger.clinic(request.getClinicId());
        LocalDate date = request.getDate();
        if (clinic == null || !clinic.getActive()) {
            reject(request, RejectionReason.NO_SUCH_SLOT, "clinic " + request.getClinicId() + " does not take bookings");
            return;
        }
        if (date.isBefore(Ledger.localDate(clinic, now()))) {
            reject(request, RejectionReason.SLOT_IN_PAST, date + " is over at clinic " + request.getClinicId());
            return;
        }
        List<CapacityPublished> sessions = sessionsOf(clinic, date, request.getService());
        if (sessions.isEmpty()) {
            reject(request, RejectionReason.NO_SUCH_SLOT, "clinic " + request.getClinicId() + " has no "
                    + request.getService() + " session on " + date);
            return;
        }
        if (sessions.stream().noneMatch(s -> AgeLimit.admits(s.getMinAge(), request.getAgeYears()))) {
            reject(request, RejectionReason.NOT_ELIGIBLE, "the sessions on " + date + " are for people aged "
                    + sessions.get(0).getMinAge() + " and over");
            return;
        }
        List<Waiting> line = line(request.getClinicId(), date, request.getService());
        Optional<Waiting> already = line.stream().filter(w -> w.entry().getPersonId().equals(request.getPersonId())).findFirst();
        if (already.isPresent()) {
            reject(request, RejectionReason.ALREADY_BOOKED, "the person already waits for " + request.getService()
                    + " at clinic " + request.getClinicId() + " on " + date);
            return;
        }
        WaitlistEntry entry = WaitlistEntry.newBuilder().setRequestId(request.getRequestId()).setPersonId(request.getPersonId())
                .setDoseNumber(request.getDoseNumber()).setPriority(request.getPriority()).setAgeYears(request.getAgeYears())
                .build();
        lines.put(lineKey(request.getClinicId(), date, request.getService()) + String.format("%015d", now().toEpochMilli())
                + StoreKeys.SEPARATOR + request.getPersonId(), entry);
        emit(request.getClinicId(), WaitlistJoined.newBuilder()
                .setEventId(DerivedIds.of("waitlist-joined", request.getRequestId())).setOccurredAt(now())
                .setRequestId(request.getRequestId()).setPersonId(request.getPersonId()).setClinicId(request.getClinicId())
                .setService(request.getService()).setDate(date).setPosition(line.size() + 1).build());
        offerFreeSeats(clinic, date);
    }

    /** Leaving with an open offer gives its seat to the next in line at once. */
    private void leave(WaitlistRequest request) {
        Optional<Waiting> waiting = line(request.getClinicId(), request.getDate(), request.getService()).stream()
                .filter(w -> w.entry().getPersonId().equals(request.getPersonId())).findFirst();
        if (waiting.isEmpty()) {
            if (!request.getSilent()) {
                reject(request, RejectionReason.NO_SUCH_APPOINTMENT, "the person does not wait for " + request.getService()
                        + " at clinic " + request.getClinicId() + " on " + request.getDate());
            }
            return;
        }
        String offerId = waiting.get().entry().getOfferId();
        ClinicUpdated clinic = ledger.clinic(request.getClinicId());
        remove(clinic, request.getService(), waiting.get());
        if (!request.getSilent()) {
            emit(request.getClinicId(), WaitlistLeft.newBuilder()
                    .setEventId(DerivedIds.of("waitlist-left", request.getRequestId())).setOccurredAt(now())
                    .setRequestId(request.getRequestId()).setPersonId(request.getPersonId()).setClinicId(request.getClinicId())
                    .setService(request.getService()).setDate(request.getDate()).setOfferId(offerId).build());
        }
        if (clinic != null) {
            offerFreeSeats(clinic, request.getDate());
        }
    }

    /**
     * Turns the seat an offer holds into the appointment. The hold already counts in the slot's seats and
     * its dose in the stock, so accepting takes nothing more: the seat changes from held to taken in one step.
     */
    void accept(SeatRequest request, ClinicUpdated clinic) {
        LocalDate date = Ledger.localDate(clinic, request.getSlotStart());
        Optional<Waiting> found = line(request.getClinicId(), date, request.getService()).stream()
                .filter(w -> request.getOfferId().equals(w.entry().getOfferId())
                        && w.entry().getPersonId().equals(request.getPersonId()))
                .findFirst();
        if (found.isEmpty()) {
            emit(request.getClinicId(), Outcomes.rejected(request.getRequestId(), request.getPersonId(), request.getClinicId(),
                    BookingCommandType.ACCEPT_OFFER, RejectionReason.NO_SUCH_SLOT,
                    "the offer " + request.getOfferId() + " is no longer open: it lapsed or was withdrawn", now()));
            return;
        }
        WaitlistEntry entry = found.get().entry();
        Optional<CapacityPublished> session = ledger.session(request.getClinicId(), entry.getSessionId());
        String lost = session.isEmpty() ? "its session was withdrawn"
                : !entry.getExpiresAt().isAfter(now()) ? "it lapsed at " + entry.getExpiresAt() : null;
        if (lost != null) {
            expire(clinic, request.getService(), date, found.get());
            emit(request.getClinicId(), Outcomes.rejected(request.getRequestId(), request.getPersonId(), request.getClinicId(),
                    BookingCommandType.ACCEPT_OFFER, RejectionReason.NO_SUCH_SLOT,
                    "the offer " + request.getOfferId() + " is no longer open: " + lost, now()));
            offerFreeSeats(clinic, date);
            return;
        }
        lines.delete(found.get().key());
        unhold(entry);
        Slot slot = new Slot(entry.getSlotStart(), entry.getSlotEnd());
        // The seat was counted with the priority it was held under; the appointment keeps it, so the counts stay true.
        SeatRequest seated = SeatRequest.newBuilder(request).setPriority(entry.getPriority()).build();
        String appointmentId = Ids.appointmentId(request.getRequestId());
        ledger.take(entry.getSeatsKey(), new SeatHolder(appointmentId, request.getPersonId(), request.getService(),
                request.getDoseNumber(), entry.getPriority(), null, slot.start(), slot.end()));
        emit(request.getClinicId(), Outcomes.booked(seated, appointmentId, entry.getSessionId(), slot, clinic.getTimeZone(), now()));
        dayChanged.changed(clinic, date);
    }

    /**
     * Offers every free seat of the day to the people waiting for it, first in line first; a person no
     * free seat fits (reserved seats, an age limit) is passed over for the next. One offer per person.
     */
    void offerFreeSeats(ClinicUpdated clinic, LocalDate date) {
        if (date.isBefore(Ledger.localDate(clinic, now()))) {
            return;
        }
        Map<String, List<Waiting>> byService = new LinkedHashMap<>();
        try (KeyValueIterator<String, SpecificRecord> it = lines.prefixScan(StoreKeys.day(clinic.getClinicId(), date), KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, SpecificRecord> kv = it.next();
                byService.computeIfAbsent(serviceOf(kv.key), s -> new ArrayList<>()).add(new Waiting(kv.key, (WaitlistEntry) kv.value));
            }
        }
        byService.forEach((service, line) -> {
            List<CapacityPublished> sessions = sessionsOf(clinic, date, service);
            for (Waiting waiting : line) {
                if (waiting.entry().getOfferId() != null) {
                    continue;
                }
                if (ledger.stockRemaining(clinic.getClinicId(), service, date) < 1) {
                    return;
                }
                freeSeat(clinic, date, sessions, waiting.entry()).ifPresent(seat -> offer(clinic, service, date, waiting, seat));
            }
        });
    }

    private record FreeSeat(CapacityPublished session, Slot slot, String seatsKey) {
    }

    /** The earliest slot not yet started with a seat this person may take. */
    private Optional<FreeSeat> freeSeat(ClinicUpdated clinic, LocalDate date, List<CapacityPublished> sessions, WaitlistEntry entry) {
        ZoneId zone = Ledger.zone(clinic);
        List<FreeSeat> free = new ArrayList<>();
        for (CapacityPublished session : sessions) {
            if (!AgeLimit.admits(session.getMinAge(), entry.getAgeYears())) {
                continue;
            }
            for (Slot slot : SessionSlots.of(session, zone)) {
                if (!slot.start().isAfter(now())) {
                    continue;
                }
                String seatsKey = StoreKeys.seats(clinic.getClinicId(), date, session.getSessionId(), slot.start());
                SeatsTaken taken = ledger.seatsTaken(seatsKey);
                if (SeatRules.canSeat(entry.getPriority(), session.getSeatsPerSlot(), session.getReservedSeatsPerSlot(),
                        taken.getTotal(), taken.getNonPriority())) {
                    free.add(new FreeSeat(session, slot, seatsKey));
                    break;
                }
            }
        }
        return free.stream().min(Comparator.comparing((FreeSeat f) -> f.slot().start()));
    }

    private void offer(ClinicUpdated clinic, String service, LocalDate date, Waiting waiting, FreeSeat seat) {
        WaitlistEntry entry = waiting.entry();
        String offerId = DerivedIds.of("waitlist-offer", entry.getRequestId());
        Instant expiresAt = now().plus(hold);
        if (expiresAt.isAfter(seat.slot().start())) {
            expiresAt = seat.slot().start();
        }
        WaitlistEntry offered = WaitlistEntry.newBuilder(entry).setOfferId(offerId).setSeatsKey(seat.seatsKey())
                .setSessionId(seat.session().getSessionId()).setSlotStart(seat.slot().start()).setSlotEnd(seat.slot().end())
                .setExpiresAt(expiresAt).build();
        SeatsTaken taken = ledger.seatsTaken(seat.seatsKey());
        ledger.seats.put(seat.seatsKey(), new SeatsTaken(taken.getTotal() + 1, taken.getNonPriority() + (entry.getPriority() ? 0 : 1)));
        if (ledger.commitStock(clinic.getClinicId(), service, 1)) {
            markDaysWithService(clinic, service);
        }
        lines.put(waiting.key(), offered);
        watchExpiry();
        emit(clinic.getClinicId(), WaitlistOfferMade.newBuilder()
                .setEventId(DerivedIds.of("waitlist-offer-made", offerId)).setOccurredAt(now()).setOfferId(offerId)
                .setRequestId(entry.getRequestId()).setPersonId(entry.getPersonId()).setClinicId(clinic.getClinicId())
                .setService(service).setDate(date).setSessionId(seat.session().getSessionId())
                .setSlotStart(seat.slot().start()).setSlotEnd(seat.slot().end()).setClinicTimeZone(clinic.getTimeZone())
                .setExpiresAt(expiresAt).build());
        dayChanged.changed(clinic, date);
    }

    /**
     * Wall-clock punctuation: every lapsed offer gives its seat back, and the next in line is offered it. When no
     * offer is left open the lookout stops; an offer made on the way (to the next in line) starts it again.
     */
    void expireOffers() {
        Instant now = now();
        List<Waiting> lapsed = new ArrayList<>();
        boolean open = false;
        try (KeyValueIterator<String, SpecificRecord> it = lines.all()) {
            while (it.hasNext()) {
                KeyValue<String, SpecificRecord> kv = it.next();
                WaitlistEntry entry = (WaitlistEntry) kv.value;
                if (entry.getOfferId() != null && !entry.getExpiresAt().isAfter(now)) {
                    lapsed.add(new Waiting(kv.key, entry));
                } else if (entry.getOfferId() != null) {
                    open = true;
                }
            }
        }
        if (!open) {
            expiry.cancel();
            expiry = null;
        }
        Map<String, LocalDate> days = new LinkedHashMap<>();
        for (Waiting waiting : lapsed) {
            String clinicId = waiting.key().substring(0, waiting.key().indexOf(StoreKeys.SEPARATOR));
            LocalDate date = StoreKeys.dayOf(waiting.key());
            expire(ledger.clinic(clinicId), serviceOf(waiting.key()), date, waiting);
            days.put(StoreKeys.day(clinicId, date), date);
        }
        days.forEach((day, date) -> {
            ClinicUpdated clinic = ledger.clinic(day.substring(0, day.indexOf(StoreKeys.SEPARATOR)));
            if (clinic != null) {
                offerFreeSeats(clinic, date);
            }
        });
    }

    /** The offer lapses: its seat is free again and the person leaves the line. */
    private void expire(ClinicUpdated clinic, String service, LocalDate date, Waiting waiting) {
        WaitlistEntry entry = waiting.entry();
        String clinicId = waiting.key().substring(0, waiting.key().indexOf(StoreKeys.SEPARATOR));
        remove(clinic, service, waiting);
        emit(clinicId, WaitlistOfferExpired.newBuilder()
                .setEventId(DerivedIds.of("waitlist-offer-expired", entry.getOfferId())).setOccurredAt(now())
                .setOfferId(entry.getOfferId()).setPersonId(entry.getPersonId()).setClinicId(clinicId)
                .setService(service).setDate(date).setSlotStart(entry.getSlotStart()).build());
    }

    /** Takes the person out of the line, giving back the seat and the dose an open offer held. */
    private void remove(ClinicUpdated clinic, String service, Waiting waiting) {
        lines.delete(waiting.key());
        WaitlistEntry entry = waiting.entry();
        if (entry.getOfferId() == null) {
            return;
        }
        unhold(entry);
        if (clinic != null) {
            if (ledger.commitStock(clinic.getClinicId(), service, -1)) {
                markDaysWithService(clinic, service);
            }
            dayChanged.changed(clinic, StoreKeys.dayOf(waiting.key()));
        }
    }

    private void unhold(WaitlistEntry entry) {
        SeatsTaken taken = ledger.seatsTaken(entry.getSeatsKey());
        ledger.seats.put(entry.getSeatsKey(), new SeatsTaken(Math.max(0, taken.getTotal() - 1),
                Math.max(0, taken.getNonPriority() - (entry.getPriority() ? 0 : 1))));
    }

    private void markDaysWithService(ClinicUpdated clinic, String service) {
        for (LocalDate day : ledger.daysWithService(clinic.getClinicId(), service, Ledger.localDate(clinic, now()))) {
            dayChanged.changed(clinic, day);
        }
    }

    /** Forgets the lines of days before {@code oldestKept}, as the ledger forgets the days themselves. */
    int forgetDaysBefore(LocalDate oldestKept) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = lines.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (StoreKeys.dayOf(key).isBefore(oldestKept)) {
                    old.add(key);
                }
            }
        }
        old.forEach(lines::delete);
        return old.size();
    }

    private List<CapacityPublished> sessionsOf(ClinicUpdated clinic, LocalDate date, String service) {
        return ledger.sessionsOn(clinic.getClinicId(), date).stream().filter(s -> s.getService().equals(service)).toList();
    }

    private List<Waiting> line(String clinicId, LocalDate date, String service) {
        List<Waiting> line = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = lines.prefixScan(lineKey(clinicId, date, service), KEYS)) {
            it.forEachRemaining(kv -> line.add(new Waiting(kv.key, (WaitlistEntry) kv.value)));
        }
        return line;
    }

    private static String lineKey(String clinicId, LocalDate date, String service) {
        return StoreKeys.day(clinicId, date) + service + StoreKeys.SEPARATOR;
    }

    private static String serviceOf(String key) {
        return key.split("\\|")[2];
    }

    private void reject(WaitlistRequest request, RejectionReason reason, String detail) {
        emit(request.getClinicId(), Outcomes.rejected(request.getRequestId(), request.getPersonId(), request.getClinicId(),
                request.getJoin() ? BookingCommandType.JOIN_WAITLIST : BookingCommandType.LEAVE_WAITLIST, reason, detail, now()));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void emit(String key, SpecificRecord event) {
        context.forward(new Record<>(key, event, context.currentSystemTimeMs(), Traced.headers()));
    }
}
