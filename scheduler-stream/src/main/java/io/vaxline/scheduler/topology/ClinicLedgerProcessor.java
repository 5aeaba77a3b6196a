package io.vaxline.scheduler.topology;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.vaxline.commands.CheckInAppointment;
import io.vaxline.commands.MarkAppointmentMissed;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.CapacityWithdrawn;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.StockAdjusted;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.internal.SeatHolder;
import io.vaxline.internal.SeatRelease;
import io.vaxline.internal.SeatRequest;
import io.vaxline.internal.SeatsTaken;
import io.vaxline.internal.WaitlistRequest;
import io.vaxline.scheduler.domain.AgeLimit;
import io.vaxline.scheduler.domain.Ids;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.scheduler.domain.SeatRules;
import io.vaxline.scheduler.domain.SessionSlots.Slot;
import io.vaxline.scheduler.domain.SessionSlots;

import io.vaxline.schemas.DerivedIds;
import io.vaxline.schemas.Outages;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * The seat decision, one clinic at a time: everything keyed by clinic (the clinic, its sessions and
 * stock, seat requests and releases from the person guard) passes through here in order, in one
 * task, so "is a seat free? then take it" is a single step no other request can interleave with.
 * With exactly_once_v2 the store updates and the emitted events commit together or not at all.
 *
 * <p>A change to a day's seats marks the day; one view interval after the first mark (a wall-clock punctuator,
 * scheduled only while a day is marked, so an idle ledger commits nothing) every marked day gets one fresh
 * SlotAvailability, computed from the same stores the decisions read, so a
 * burst of grants on a day costs one view, not one per grant, and the view converges to the seats a
 * decision would grant. The marks live in memory: a task that starts (after a crash, a rebalance or a
 * restart, when marks of committed changes may have been lost) marks every day from today on that
 * has a session, so no committed change is left out of the view.
 */
final class ClinicLedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(ClinicLedgerProcessor.class);
    /** Kafka Streams' commit interval under exactly_once_v2, when none is configured. */
    private static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    /** A clinic day whose availability view is due. */
    private record Day(String clinicId, LocalDate date) {
    }

    private final Retention retention;
    private final Set<Day> changedDays = new LinkedHashSet<>();
    private ProcessorContext<String, SpecificRecord> context;
    private Duration viewInterval;
    /** The view's punctuator, scheduled only while a day is marked: every punctuation commits a transaction. */
    private Cancellable viewPunctuation;
    private Ledger ledger;
    private AttendanceDesk desk;
    private Waitlist waitlist;

    ClinicLedgerProcessor(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.viewInterval = viewInterval(context);
        this.ledger = new Ledger(context);
        this.waitlist = new Waitlist(context, ledger, (clinic, date) -> markChanged(clinic.getClinicId(), date));
        // Wall clock, as every "now" of the ledger: a day is over when the calendar says so, however quiet the partition.
        context.schedule(retention.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> {
            ledger.forgetDaysBefore(retention.oldestLedgerDay(now()));
            waitlist.forgetDaysBefore(retention.oldestLedgerDay(now()));
        });
        waitlist.watchOffers();
        markDaysFromToday();
        this.desk = new AttendanceDesk(ledger, context, this::markDaysWithService);
        context.schedule(attendanceInterval(context), PunctuationType.WALL_CLOCK_TIME, ignored -> desk.settleEndedSessions());
    }

    /** Application config: milliseconds between looks for ended sessions to settle and lots that expired (default a minute). */
    public static final String ATTENDANCE_INTERVAL_CONFIG = "vaxline.attendance.interval.ms";

    private static Duration attendanceInterval(ProcessorContext<?, ?> context) {
        Object configured = context.appConfigs().get(ATTENDANCE_INTERVAL_CONFIG);
        return configured == null ? Duration.ofMinutes(1) : Duration.ofMillis(Long.parseLong(String.valueOf(configured)));
    }

    /**
     * How often the changed views are emitted: {@value #VIEW_INTERVAL_CONFIG} when set, else as often as the task
     * commits. Every punctuation makes the task commit, an empty transaction when nothing changed, so at the
     * commit interval an idle stream kept committing transactions many times a second, and a request arriving
     * right after one may meet CONCURRENT_TRANSACTIONS (bench/REPORT.md).
     */
    private static Duration viewInterval(ProcessorContext<?, ?> context) {
        Object view = context.appConfigs().get(VIEW_INTERVAL_CONFIG);
        if (view != null) {
            return Duration.ofMillis(Long.parseLong(String.valueOf(view)));
        }
        Object configured = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return configured == null ? DEFAULT_COMMIT_INTERVAL : Duration.ofMillis(Long.parseLong(String.valueOf(configured)));
    }

    /** Application config: milliseconds between emissions of the changed availability views. */
    public static final String VIEW_INTERVAL_CONFIG = "vaxline.availability.interval.ms";

    /** Every clinic day from its today on with a session: what a view may be missing for when the task starts. */
    private void markDaysFromToday() {
        for (CapacityPublished session : ledger.allSessions()) {
            ClinicUpdated clinic = ledger.clinic(session.getClinicId());
            if (clinic != null && !session.getDate().isBefore(Ledger.localDate(clinic, now()))) {
                markChanged(session.getClinicId(), session.getDate());
            }
        }
    }

    /**
     * Marks a clinic day whose view is due, and schedules the view's punctuator if none is. Kafka Streams commits a
     * task after every punctuation, an exactly-once transaction even when it wrote nothing; a punctuator left running
     * made each idle ledger task commit twice a second (bench/REPORT.md). So it runs only while a day is marked.
     */
    private void markChanged(String clinicId, LocalDate date) {
        changedDays.add(new Day(clinicId, date));
        if (viewPunctuation == null) {
            viewPunctuation = context.schedule(viewInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> emitChangedDays());
        }
    }

    /** One view per changed clinic day, from the stores as they are now; then the punctuator stops until the next mark. */
    private void emitChangedDays() {
        viewPunctuation.cancel();
        viewPunctuation = null;
        if (changedDays.isEmpty()) {
            return;
        }
        List<Day> due = new ArrayList<>(changedDays);
        changedDays.clear();
        for (Day day : due) {
            ClinicUpdated clinic = ledger.clinic(day.clinicId());
            if (clinic == null) {
                continue;
            }
            try {
                context.forward(new Record<>(StoreKeys.availability(day.clinicId(), day.date()),
                        Availability.of(ledger, clinic, day.date(), now()), context.currentSystemTimeMs(), new RecordHeaders()));
            } catch (RuntimeException e) {
                if (Outages.isOutage(e)) {
                    // The thread is replaced and the task starts again, marking every day: nothing is lost.
                    throw e;
                }
                LOG.warnf(e, "Could not compute the availability of clinic %s on %s", day.clinicId(), day.date());
            }
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        switch (record.value()) {
            case ClinicRegistered c -> register(record, ClinicUpdated.newBuilder()
                    .setEventId(c.getEventId()).setOccurredAt(c.getOccurredAt()).setClinicId(c.getClinicId())
                    .setName(c.getName()).setAddress(c.getAddress()).setPostcode(c.getPostcode())
                    .setLatitude(c.getLatitude()).setLongitude(c.getLongitude()).setTimeZone(c.getTimeZone())
                    .setServices(c.getServices()).setActive(true).build());
            case ClinicUpdated c -> register(record, c);
            case CapacityPublished session -> publish(record, session);
            case CapacityWithdrawn withdrawal -> withdraw(record, withdrawal);
            case StockAdjusted adjustment -> adjustStock(record, adjustment);
            case SeatRequest request -> decide(record, request);
            case SeatRelease release -> release(record, release);
            case CheckInAppointment checkIn -> desk.checkIn(record, checkIn);
            case MarkAppointmentMissed missed -> desk.markMissed(record, missed);
            case VaccinationAdministered dose -> desk.doseGiven(dose);
            case WaitlistRequest waiting -> waitlist.handle(waiting);
            default -> deadLetter(record, "scheduler-stream does not handle " + record.value().getClass().getSimpleName());
        }
    }

    /** Every slot is cut in the clinic's zone: one this JVM does not know is refused here, not at the first booking. */
    private void register(Record<String, SpecificRecord> record, ClinicUpdated clinic) {
        try {
            ZoneId.of(clinic.getTimeZone());
        } catch (DateTimeException e) {
            deadLetter(record, "clinic " + clinic.getClinicId() + " has a time zone this system does not know: "
                    + clinic.getTimeZone());
            return;
        }
        ledger.clinics.put(clinic.getClinicId(), clinic);
    }

    private void publish(Record<String, SpecificRecord> record, CapacityPublished session) {
        ClinicUpdated clinic = ledger.clinic(session.getClinicId());
        if (clinic == null) {
            deadLetter(record, "capacity published for unknown clinic " + session.getClinicId());
            return;
        }
        Optional<CapacityPublished> earlier = ledger.session(session.getClinicId(), session.getSessionId());
        if (earlier.isPresent() && !earlier.get().getDate().equals(session.getDate())) {
            deadLetter(record, "session " + session.getSessionId() + " is on " + earlier.get().getDate()
                    + "; a session cannot move to another day: withdraw it and publish a new one");
            return;
        }
        ledger.sessions.put(StoreKeys.session(session.getClinicId(), session.getDate(), session.getSessionId()), session);
        emitAvailability(clinic, session.getDate());
    }

    /** A withdrawn session takes no more bookings, and its appointments are cancelled so people hear of it. */
    private void withdraw(Record<String, SpecificRecord> record, CapacityWithdrawn withdrawal) {
        ClinicUpdated clinic = ledger.clinic(withdrawal.getClinicId());
        Optional<CapacityPublished> found = clinic == null ? Optional.empty()
                : ledger.session(withdrawal.getClinicId(), withdrawal.getSessionId());
        if (found.isEmpty()) {
            deadLetter(record, "no session " + withdrawal.getSessionId() + " at clinic " + withdrawal.getClinicId());
            return;
        }
        CapacityPublished session = found.get();
        ledger.sessions.delete(StoreKeys.session(session.getClinicId(), session.getDate(), session.getSessionId()));
        String reason = "the clinic withdrew the session" + (withdrawal.getReason() == null ? "" : ": " + withdrawal.getReason());
        for (Ledger.Holding holding : ledger.holdings(session.getClinicId(), session.getDate(), session.getSessionId())) {
            ledger.release(holding);
            if (desk.holdsCommitment(session.getClinicId(), session.getDate(), holding.holder().getAppointmentId())
                    && ledger.commitStock(session.getClinicId(), holding.holder().getService(), -1)) {
                markDaysWithService(clinic, holding.holder().getService());
            }
            SeatHolder holder = holding.holder();
            emit(record, session.getClinicId(), Outcomes.cancelled("withdrawal:" + withdrawal.getEventId() + ":"
                            + holder.getAppointmentId(), holder.getAppointmentId(), holder.getPersonId(),
                    session.getClinicId(), holder.getService(), holder.getSlotStart(), holder.getDoseNumber(),
                    clinic.getTimeZone(), reason, now()));
        }
        emitAvailability(clinic, session.getDate());
    }

    private void adjustStock(Record<String, SpecificRecord> record, StockAdjusted adjustment) {
        ClinicUpdated clinic = ledger.clinic(adjustment.getClinicId());
        if (clinic == null) {
            deadLetter(record, "stock adjusted for unknown clinic " + adjustment.getClinicId());
            return;
        }
        if (adjustment.getLot() == null) {
            ledger.adjustStock(adjustment.getClinicId(), adjustment.getService(), adjustment.getDelta());
        } else {
            ledger.adjustLot(adjustment.getClinicId(), adjustment.getService(), adjustment.getLot(),
                    adjustment.getExpiresOn(), adjustment.getDelta());
        }
        markDaysWithService(clinic, adjustment.getService());
    }

    /** The doses left cap the free seats of every day with a session of the service: each such view is due. */
    private void markDaysWithService(ClinicUpdated clinic, String service) {
        LocalDate today = Ledger.localDate(clinic, now());
        for (LocalDate day : ledger.daysWithService(clinic.getClinicId(), service, today)) {
            emitAvailability(clinic, day);
        }
    }

    /** A seat the ledger could give: the session, the slot and the key of its seat count. */
    private record Seat(CapacityPublished session, Slot slot, String seatsKey) {
    }

    /** Why no seat could be given. */
    private record NoSeat(RejectionReason reason, String detail) {
    }

    private void decide(Record<String, SpecificRecord> record, SeatRequest request) {
        ClinicUpdated clinic = ledger.clinic(request.getClinicId());
        if (clinic == null || !clinic.getActive()) {
            reject(record, request, RejectionReason.NO_SUCH_SLOT, "clinic " + request.getClinicId() + " does not take bookings");
            return;
        }
        if (request.getOfferId() != null) {
            waitlist.accept(request, clinic);
            return;
        }
        if (request.getWalkIn()) {
            seatWalkIn(record, request, clinic);
            return;
        }
        boolean sameClinic = request.getReschedule() && request.getClinicId().equals(request.getPreviousClinicId());
        if (sameClinic && request.getSlotStart().equals(request.getPreviousSlotStart())) {
            reject(record, request, RejectionReason.OTHER, "the appointment is already in the slot at " + request.getSlotStart());
            return;
        }
        Object first = findSeat(clinic, request, request.getSlotStart(), null);
        if (first instanceof NoSeat no) {
            reject(record, request, no.reason(), no.detail());
            return;
        }
        Seat seat = (Seat) first;
        Instant followUpStart = request.getFollowUpSlotStart();
        Seat followUp = null;
        if (followUpStart != null) {
            Object second = findSeat(clinic, request, followUpStart, seat);
            if (second instanceof NoSeat no) {
                reject(record, request, no.reason(), "dose " + (request.getDoseNumber() + 1) + ": " + no.detail()
                        + "; neither dose was booked");
                return;
            }
            followUp = (Seat) second;
        }
        // Moving within the clinic keeps the dose already promised; anything else needs a free dose (two for a pair,
        // both still good on the follow-up's day).
        boolean keepsDose = sameClinic && desk.holdsCommitment(request.getClinicId(),
                Ledger.localDate(clinic, request.getPreviousSlotStart()), request.getAppointmentId());
        int dosesNeeded = keepsDose ? 0 : followUp == null ? 1 : 2;
        if (dosesNeeded > 0 && (ledger.stockRemaining(request.getClinicId(), request.getService(),
                Ledger.localDate(clinic, request.getSlotStart())) < dosesNeeded || followUp != null
                && ledger.stockRemaining(request.getClinicId(), request.getService(),
                        Ledger.localDate(clinic, followUpStart)) < dosesNeeded)) {
            reject(record, request, RejectionReason.OUT_OF_STOCK, "clinic " + request.getClinicId() + " has "
                    + (dosesNeeded == 1 ? "no " + request.getService() + " doses left to book"
                            : "fewer than two " + request.getService() + " doses left to book; neither dose was booked"));
            return;
        }
        grant(record, request, clinic, seat, keepsDose);
        if (followUp != null) {
            SeatRequest next = SeatRequest.newBuilder(request)
                    .setRequestId(PersonGuardProcessor.followUpRequestId(request.getRequestId()))
                    .setSlotStart(followUpStart).setDoseNumber(request.getDoseNumber() + 1).setFollowUpSlotStart(null).build();
            grant(record, next, clinic, followUp, false);
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * A person at the door without an appointment: a seat in the session of the service running when they came
     * (the request's slotStart), in the slot under way or else the first later slot of that session with a free
     * seat, under the same seat rules, age limit and stock as a booking. The appointment is booked (walkIn) and
     * checked in at once, in this one step, so the dose is then recorded as for any appointment; a session with no
     * seat left for the rest of it refuses (SLOT_FULL) and says so.
     */
    private void seatWalkIn(Record<String, SpecificRecord> record, SeatRequest request, ClinicUpdated clinic) {
        ZoneId zone = Ledger.zone(clinic);
        Instant arrived = request.getSlotStart();
        LocalDate date = arrived.atZone(zone).toLocalDate();
        String at = CLOCK.format(arrived.atZone(zone)) + " (" + clinic.getTimeZone() + ")";
        List<CapacityPublished> running = ledger.sessionsOn(request.getClinicId(), date).stream()
                .filter(s -> s.getService().equals(request.getService()))
                .filter(s -> !ZonedDateTime.of(date, s.getStartTime(), zone).toInstant().isAfter(arrived)
                        && ZonedDateTime.of(date, s.getEndTime(), zone).toInstant().isAfter(arrived))
                .toList();
        if (running.isEmpty()) {
            reject(record, request, RejectionReason.NO_SUCH_SLOT, "clinic " + request.getClinicId() + " has no "
                    + request.getService() + " session running at " + at + ": a walk-in takes a seat in the session under way");
            return;
        }
        List<CapacityPublished> eligible = running.stream()
                .filter(s -> AgeLimit.admits(s.getMinAge(), request.getAgeYears())).toList();
        if (eligible.isEmpty()) {
            reject(record, request, RejectionReason.NOT_ELIGIBLE, "the session is for people aged "
                    + running.get(0).getMinAge() + " and over");
            return;
        }
        Seat seat = null;
        for (CapacityPublished session : eligible) {
            for (Slot slot : SessionSlots.of(session, zone)) {
                if (!slot.end().isAfter(arrived)) {
                    continue;
                }
                String seatsKey = StoreKeys.seats(request.getClinicId(), date, session.getSessionId(), slot.start());
                SeatsTaken seats = ledger.seatsTaken(seatsKey);
                if (SeatRules.canSeat(request.getPriority(), session.getSeatsPerSlot(), session.getReservedSeatsPerSlot(),
                        seats.getTotal(), seats.getNonPriority())) {
                    seat = new Seat(session, slot, seatsKey);
                    break;
                }
            }
            if (seat != null) {
                break;
            }
        }
        if (seat == null) {
            CapacityPublished session = eligible.get(0);
            reject(record, request, RejectionReason.SLOT_FULL, "session " + session.getSessionId() + " ("
                    + CLOCK.format(session.getStartTime()) + "–" + CLOCK.format(session.getEndTime()) + ") is full: no seat"
                    + (request.getPriority() || session.getReservedSeatsPerSlot() == 0 ? "" : " outside the priority reserve")
                    + " is free from " + at + " to its end");
            return;
        }
        if (ledger.stockRemaining(request.getClinicId(), request.getService(), date) < 1) {
            reject(record, request, RejectionReason.OUT_OF_STOCK, "clinic " + request.getClinicId() + " has no "
                    + request.getService() + " doses left to give");
            return;
        }
        grant(record, request, clinic, seat, false);
        desk.checkedInAtDoor(clinic, date, Ids.appointmentId(request.getRequestId()), request,
                DerivedIds.of("checked-in", "walk-in", request.getRequestId()));
    }

    /**
     * The seat a request may take in the slot at {@code slotStart}, or why there is none. {@code taken} is
     * a seat this same request takes first (a pair's first dose), counted as taken.
     */
    private Object findSeat(ClinicUpdated clinic, SeatRequest request, Instant slotStart, Seat taken) {
        if (slotStart.isBefore(now())) {
            return new NoSeat(RejectionReason.SLOT_IN_PAST, "the slot at " + slotStart + " has already started");
        }
        ZoneId zone = Ledger.zone(clinic);
        LocalDate date = slotStart.atZone(zone).toLocalDate();
        List<CapacityPublished> candidates = new ArrayList<>();
        for (CapacityPublished session : ledger.sessionsOn(request.getClinicId(), date)) {
            if (session.getService().equals(request.getService()) && SessionSlots.find(session, zone, slotStart).isPresent()) {
                candidates.add(session);
            }
        }
        if (candidates.isEmpty()) {
            return new NoSeat(RejectionReason.NO_SUCH_SLOT, "clinic " + request.getClinicId() + " has no "
                    + request.getService() + " slot starting at " + slotStart);
        }
        List<CapacityPublished> eligible = candidates.stream()
                .filter(s -> AgeLimit.admits(s.getMinAge(), request.getAgeYears())).toList();
        if (eligible.isEmpty()) {
            return new NoSeat(RejectionReason.NOT_ELIGIBLE, "the session is for people aged "
                    + candidates.get(0).getMinAge() + " and over");
        }
        for (CapacityPublished session : eligible) {
            String seatsKey = StoreKeys.seats(request.getClinicId(), date, session.getSessionId(), slotStart);
            SeatsTaken seats = ledger.seatsTaken(seatsKey);
            boolean alsoMine = taken != null && taken.seatsKey().equals(seatsKey);
            int total = seats.getTotal() + (alsoMine ? 1 : 0);
            int nonPriority = seats.getNonPriority() + (alsoMine && !request.getPriority() ? 1 : 0);
            if (SeatRules.canSeat(request.getPriority(), session.getSeatsPerSlot(), session.getReservedSeatsPerSlot(),
                    total, nonPriority)) {
                return new Seat(session, SessionSlots.find(session, zone, slotStart).orElseThrow(), seatsKey);
            }
        }
        return new NoSeat(RejectionReason.SLOT_FULL, "no free seat in the slot at " + slotStart);
    }

    private void grant(Record<String, SpecificRecord> record, SeatRequest request, ClinicUpdated clinic, Seat seat,
            boolean keepsDose) {
        Slot slot = seat.slot();
        String appointmentId = request.getReschedule() ? request.getAppointmentId() : Ids.appointmentId(request.getRequestId());
        SpecificRecord outcome = request.getReschedule()
                ? Outcomes.rescheduled(request, seat.session().getSessionId(), slot, clinic.getTimeZone(), now())
                : Outcomes.booked(request, appointmentId, seat.session().getSessionId(), slot, clinic.getTimeZone(), now());
        ledger.take(seat.seatsKey(), new SeatHolder(appointmentId, request.getPersonId(), request.getService(),
                request.getDoseNumber(), request.getPriority(), null, slot.start(), slot.end()));
        if (!keepsDose) {
            if (ledger.commitStock(request.getClinicId(), request.getService(), 1)) {
                markDaysWithService(clinic, request.getService());
            }
        }
        emit(record, request.getClinicId(), outcome);
        emitAvailability(clinic, slot.start().atZone(Ledger.zone(clinic)).toLocalDate());
    }

    /**
     * Frees the seat an appointment holds. A cancellation whose seat is already gone (the clinic
     * withdrew the session while the cancellation was on its way, and that already cancelled the
     * appointment) is answered with a rejection: the appointment was cancelled once, and a second
     * cancellation would carry no service or dose and tell the person a second time.
     */
    private void release(Record<String, SpecificRecord> record, SeatRelease release) {
        ClinicUpdated clinic = ledger.clinic(release.getClinicId());
        if (clinic == null) {
            deadLetter(record, "seat release for unknown clinic " + release.getClinicId());
            if (release.getCancellation()) {
                emit(record, release.getClinicId(), Outcomes.rejected(release, RejectionReason.OTHER,
                        "clinic " + release.getClinicId() + " is not known", now()));
            }
            return;
        }
        LocalDate date = Ledger.localDate(clinic, release.getSlotStart());
        Optional<Ledger.Holding> holding = ledger.holding(release.getClinicId(), date, release.getAppointmentId(), release.getSlotStart());
        if (holding.isEmpty()) {
            if (release.getCancellation()) {
                emit(record, release.getClinicId(), Outcomes.rejected(release, RejectionReason.NO_SUCH_APPOINTMENT,
                        "appointment " + release.getAppointmentId() + " holds no seat any more: it was already cancelled", now()));
            }
            return;
        }
        SeatHolder holder = holding.get().holder();
        ledger.release(holding.get());
        // A move within the clinic kept its dose (grant() committed none for the new seat): only the seat goes.
        boolean movedWithinClinic = !release.getCancellation()
                && ledger.holdsAnySeat(release.getClinicId(), release.getAppointmentId());
        if (!movedWithinClinic && desk.holdsCommitment(release.getClinicId(), date, release.getAppointmentId())
                && ledger.commitStock(release.getClinicId(), holder.getService(), -1)) {
            markDaysWithService(clinic, holder.getService());
        }
        if (release.getCancellation()) {
            emit(record, release.getClinicId(), Outcomes.cancelled(release.getRequestId(), release.getAppointmentId(),
                    release.getPersonId(), release.getClinicId(), holder.getService(), release.getSlotStart(),
                    holder.getDoseNumber(), clinic.getTimeZone(), release.getReason(), now()));
        }
        emitAvailability(clinic, date);
    }

    private void reject(Record<String, SpecificRecord> record, SeatRequest request, RejectionReason reason, String detail) {
        emit(record, request.getClinicId(), Outcomes.rejected(request, reason, detail, now()));
    }

    /**
     * The day's view is emitted at the next punctuation, once however many changes it had meanwhile. A seat
     * that freed is offered to the day's waitlist in the same step, before anyone else can book it.
     */
    private void emitAvailability(ClinicUpdated clinic, LocalDate date) {
        markChanged(clinic.getClinicId(), date);
        waitlist.offerFreeSeats(clinic, date);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void emit(Record<String, SpecificRecord> cause, String key, SpecificRecord event) {
        context.forward(new Record<>(key, event, cause.timestamp(), Traced.headers()));
    }

    /** Parks a well-formed record this processor cannot act on, with the reason, on its source's dead-letter topic. */
    private void deadLetter(Record<String, SpecificRecord> record, String reason) {
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                OutputRouting.deadLetter(context, record.value(), reason, null)));
    }
}
