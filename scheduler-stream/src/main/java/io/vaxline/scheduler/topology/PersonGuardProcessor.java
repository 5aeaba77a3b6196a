package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vaxline.commands.AcceptWaitlistOffer;
import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.commands.JoinWaitlist;
import io.vaxline.commands.LeaveWaitlist;
import io.vaxline.commands.RegisterWalkIn;
import io.vaxline.commands.RescheduleAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.events.WaitlistOfferExpired;
import io.vaxline.events.WaitlistOfferMade;
import io.vaxline.internal.GivenDose;
import io.vaxline.internal.HeldAppointment;
import io.vaxline.internal.HeldState;
import io.vaxline.internal.OpenOffer;
import io.vaxline.internal.PersonBookings;
import io.vaxline.internal.RequestSeen;
import io.vaxline.internal.SeatRelease;
import io.vaxline.internal.SeatRequest;
import io.vaxline.internal.WaitlistRequest;
import io.vaxline.scheduler.domain.Ids;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.scheduler.domain.Series;
import io.vaxline.schemas.BookingOutcome;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The person guard, one person at a time: a person holds at most one appointment per dose of a
 * service, books the doses of a series in order and far enough apart ({@link Series}, from the doses
 * given on {@code vaccinations} and the appointments held), and an appointment is changed by one
 * request at a time. It answers repeated request ids with the
 * outcome already given, sends seat requests and releases on to the clinic ledger (re-keyed by
 * clinic), and learns every outcome back from booking-events (re-keyed by person).
 *
 * <p>A reschedule only releases the old seat after the new one is confirmed, so the person never
 * holds zero or two appointments for the dose, even when the new slot is full.
 *
 * <p>Request ids are remembered for {@link Retention#requestIds()}: a wall-clock punctuator forgets
 * older ones. Wall clock, not stream time, because a quiet partition must forget too, and "how long
 * a client may retry" is a span of real time.
 */
final class PersonGuardProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final Retention retention;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SpecificRecord> people;
    private KeyValueStore<String, SpecificRecord> requests;
    private KeyValueStore<String, SpecificRecord> services;

    PersonGuardProcessor(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        people = context.getStateStore(Stores.PERSON_BOOKINGS);
        requests = context.getStateStore(Stores.REQUESTS);
        services = context.getStateStore(Stores.SERVICES);
        context.schedule(retention.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOldRequests());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        switch (record.value()) {
            case BookAppointment book -> {
                if (firstTime(record, book.getRequestId(), book.getPersonId())) {
                    book(record, book);
                }
            }
            case RescheduleAppointment move -> {
                if (firstTime(record, move.getRequestId(), move.getPersonId())) {
                    reschedule(record, move);
                }
            }
            case CancelAppointment cancel -> {
                if (firstTime(record, cancel.getRequestId(), cancel.getPersonId())) {
                    cancel(record, cancel);
                }
            }
            case RegisterWalkIn walkIn -> {
                if (firstTime(record, walkIn.getRequestId(), walkIn.getPersonId())) {
                    walkIn(record, walkIn);
                }
            }
            case JoinWaitlist join -> {
                if (firstTime(record, join.getRequestId(), join.getPersonId())) {
                    joinWaitlist(record, join);
                }
            }
            case LeaveWaitlist leave -> {
                if (firstTime(record, leave.getRequestId(), leave.getPersonId())) {
                    seen(leave.getRequestId(), leave.getPersonId());
                    forward(record, leave.getClinicId(), WaitlistRequest.newBuilder().setRequestId(leave.getRequestId())
                            .setJoin(false).setPersonId(leave.getPersonId()).setClinicId(leave.getClinicId())
                            .setService(leave.getService()).setDate(leave.getDate()).build());
                }
            }
            case AcceptWaitlistOffer accept -> {
                if (firstTime(record, accept.getRequestId(), accept.getPersonId())) {
                    acceptOffer(record, accept);
                }
            }
            case WaitlistJoined joined -> {
                if (firstOutcome(joined.getRequestId())) {
                    requests.put(joined.getRequestId(), joined);
                }
            }
            case WaitlistLeft left -> {
                if (firstOutcome(left.getRequestId())) {
                    requests.put(left.getRequestId(), left);
                    dropOffer(left.getPersonId(), left.getOfferId());
                }
            }
            case WaitlistOfferMade offer -> keepOffer(offer);
            case WaitlistOfferExpired expired -> dropOffer(expired.getPersonId(), expired.getOfferId());
            case AppointmentBooked booked -> {
                if (firstOutcome(booked.getRequestId())) {
                    onBooked(booked);
                }
            }
            case BookingRejected rejected -> {
                if (firstOutcome(rejected.getRequestId())) {
                    onRejected(rejected);
                }
            }
            case AppointmentRescheduled moved -> {
                if (firstOutcome(moved.getRequestId())) {
                    onRescheduled(record, moved);
                }
            }
            case AppointmentCancelled cancelled -> {
                if (firstOutcome(cancelled.getRequestId())) {
                    onCancelled(cancelled);
                }
            }
            case AppointmentMissed missed -> releaseMissed(missed);
            case VaccinationAdministered dose -> recordDose(dose.getPersonId(), dose.getEventId(), null,
                    serviceOf(dose.getPersonId(), dose.getAppointmentId(), dose.getTargetDisease()), dose.getDoseNumber(),
                    dose.getAdministeredAt());
            case VaccinationCorrected corrected -> recordDose(corrected.getPersonId(), corrected.getEventId(),
                    corrected.getCorrectsEventId(), given(corrected.getPersonId()).stream()
                            .filter(g -> g.getEventId().equals(corrected.getCorrectsEventId())).map(GivenDose::getService)
                            .findFirst().orElseGet(() -> ServiceCatalogue.serviceFor(services, corrected.getTargetDisease())),
                    corrected.getDoseNumber(), corrected.getAdministeredAt());
            default -> throw new IllegalArgumentException("The person guard does not handle "
                    + record.value().getClass().getSimpleName());
        }
    }

    /**
     * False, after answering, when the request id was seen before: decided ones get their outcome again;
     * undecided ones are on their way to the ledger, and the appointment they change says so (it is
     * BOOKING, RESCHEDULING or CANCELLING under this request id), so nothing else needs writing until
     * the outcome comes back. (A {@link RequestSeen} in the store is from before that, and means the same.)
     */
    private boolean firstTime(Record<String, SpecificRecord> record, String requestId, String personId) {
        SpecificRecord seen = requests.get(requestId);
        if (seen == null) {
            return !inFlight(personId, requestId);
        }
        if (!(seen instanceof RequestSeen)) {
            forward(record, BookingOutcome.of(seen).map(BookingOutcome::clinicId).orElse(""), seen);
        }
        return false;
    }

    private boolean inFlight(String personId, String requestId) {
        return held(personId).stream().anyMatch(h -> h.getState() != HeldState.ACTIVE && requestId.equals(h.getRequestId()));
    }

    /**
     * True the first time an outcome arrives; false when it is an outcome sent again to a repeated
     * request (or one this guard gave itself), which must not be applied twice: a reschedule applied
     * again would release a seat the appointment may hold once more.
     */
    private boolean firstOutcome(String requestId) {
        SpecificRecord known = requests.get(requestId);
        return known == null || known instanceof RequestSeen;
    }

    private void book(Record<String, SpecificRecord> record, BookAppointment book) {
        book(record, book, null);
    }

    /**
     * Books the next dose due; with {@code offer}, in the seat a waitlist offer holds. A refused acceptance
     * gives the held seat back to the line at once rather than when the offer would lapse.
     */
    private void book(Record<String, SpecificRecord> record, BookAppointment book, OpenOffer offer) {
        BookingCommandType command = offer == null ? BookingCommandType.BOOK : BookingCommandType.ACCEPT_OFFER;
        if (offer != null && refused(record, book, command)) {
            forward(record, offer.getClinicId(), WaitlistRequest.newBuilder().setRequestId(book.getRequestId() + "/leave")
                    .setJoin(false).setPersonId(book.getPersonId()).setClinicId(offer.getClinicId())
                    .setService(offer.getService()).setDate(offer.getDate()).setSilent(true).build());
            return;
        }
        if (offer != null) {
            int dose = doseFor(book);
            List<HeldAppointment> held = held(book.getPersonId());
            held.add(booking(book, book.getRequestId(), dose, book.getSlotStart()));
            List<OpenOffer> offers = offers(book.getPersonId());
            offers.removeIf(o -> o.getOfferId().equals(offer.getOfferId()));
            save(book.getPersonId(), held, offers);
            forward(record, book.getClinicId(), SeatRequest.newBuilder().setRequestId(book.getRequestId()).setReschedule(false)
                    .setPersonId(book.getPersonId()).setClinicId(book.getClinicId()).setService(book.getService())
                    .setSlotStart(book.getSlotStart()).setDoseNumber(dose).setPriority(book.getPriority())
                    .setAgeYears(book.getAgeYears()).setOfferId(offer.getOfferId()).build());
            return;
        }
        if (refused(record, book, command)) {
            return;
        }
        List<HeldAppointment> held = held(book.getPersonId());
        Instant followUp = book.getFollowUpSlotStart();
        int dose = doseFor(book);
        held.add(booking(book, book.getRequestId(), dose, book.getSlotStart()));
        if (followUp != null) {
            held.add(booking(book, followUpRequestId(book.getRequestId()), dose + 1, followUp));
        }
        save(book.getPersonId(), held);
        forward(record, book.getClinicId(), SeatRequest.newBuilder().setRequestId(book.getRequestId()).setReschedule(false)
                .setPersonId(book.getPersonId()).setClinicId(book.getClinicId()).setService(book.getService())
                .setSlotStart(book.getSlotStart()).setDoseNumber(dose).setPriority(book.getPriority())
                .setAgeYears(book.getAgeYears()).setFollowUpSlotStart(followUp).build());
    }

    /**
     * A person at the door without an appointment: the next dose due, under the same series rules as a booking,
     * checked at the moment they came (they are vaccinated now). The ledger picks the seat in the session running
     * then; the dose is held as BOOKING until its answer comes back, like any booking.
     */
    private void walkIn(Record<String, SpecificRecord> record, RegisterWalkIn walkIn) {
        Instant arrived = now();
        BookAppointment book = BookAppointment.newBuilder().setCommandId(walkIn.getCommandId())
                .setRequestId(walkIn.getRequestId()).setOccurredAt(walkIn.getOccurredAt()).setPersonId(walkIn.getPersonId())
                .setClinicId(walkIn.getClinicId()).setService(walkIn.getService()).setSlotStart(arrived).setDoseNumber(0)
                .setPriority(walkIn.getPriority()).setAgeYears(walkIn.getAgeYears()).build();
        if (refused(record, book, BookingCommandType.WALK_IN)) {
            return;
        }
        int dose = doseFor(book);
        List<HeldAppointment> held = held(book.getPersonId());
        held.add(booking(book, book.getRequestId(), dose, arrived));
        save(book.getPersonId(), held);
        forward(record, book.getClinicId(), SeatRequest.newBuilder().setRequestId(book.getRequestId()).setReschedule(false)
                .setPersonId(book.getPersonId()).setClinicId(book.getClinicId()).setService(book.getService())
                .setSlotStart(arrived).setDoseNumber(dose).setPriority(book.getPriority())
                .setAgeYears(book.getAgeYears()).setWalkIn(true).build());
    }

    /** The dose a booking is for: the one it names, else the next one due. */
    private int doseFor(BookAppointment book) {
        if (book.getDoseNumber() > 0) {
            return book.getDoseNumber();
        }
        Series series = ServiceCatalogue.series(services, book.getService());
        return series.nextDose(doses(held(book.getPersonId()), given(book.getPersonId()), book.getService())).orElse(series.doses());
    }

    /** True, after rejecting it, when the series rules refuse the booking. */
    private boolean refused(Record<String, SpecificRecord> record, BookAppointment book, BookingCommandType command) {
        List<HeldAppointment> held = held(book.getPersonId());
        List<GivenDose> given = given(book.getPersonId());
        Series series = ServiceCatalogue.series(services, book.getService());
        Map<Integer, Instant> doses = doses(held, given, book.getService());
        Optional<HeldAppointment> inFlight = held.stream()
                .filter(h -> h.getService().equals(book.getService()) && h.getState() == HeldState.BOOKING).findFirst();
        if (inFlight.isPresent()) {
            // One booking of a series at a time: the next dose is decided once the one on its way is.
            reject(record, book.getRequestId(), book.getPersonId(), book.getClinicId(), command,
                    RejectionReason.ALREADY_BOOKED, "a booking for dose " + inFlight.get().getDoseNumber() + " of "
                            + book.getService() + " is already being made");
            return true;
        }
        int dose = book.getDoseNumber() > 0 ? book.getDoseNumber() : series.nextDose(doses).orElse(series.doses());
        Optional<HeldAppointment> sameDose = holding(held).stream()
                .filter(h -> h.getService().equals(book.getService()) && h.getDoseNumber() == dose).findFirst();
        if (sameDose.isPresent() && given.stream().noneMatch(g -> g.getService().equals(book.getService()) && g.getDoseNumber() == dose)) {
            reject(record, book.getRequestId(), book.getPersonId(), book.getClinicId(), command,
                    RejectionReason.ALREADY_BOOKED, sameDose.get().getState() == HeldState.BOOKING
                            ? "a booking for dose " + dose + " of " + book.getService() + " is already being made"
                            : "the person already has an appointment for dose " + dose + " of " + book.getService());
            return true;
        }
        boolean allGiven = given.stream().filter(g -> g.getService().equals(book.getService())).map(GivenDose::getDoseNumber)
                .distinct().count() >= series.doses();
        Optional<Series.Refusal> refusal = series.refuseBooking(doses, dose, book.getSlotStart(), allGiven);
        Instant followUp = book.getFollowUpSlotStart();
        if (refusal.isEmpty() && followUp != null) {
            Map<Integer, Instant> withFirst = new HashMap<>(doses);
            withFirst.put(dose, book.getSlotStart());
            refusal = dose + 1 > series.doses()
                    ? Optional.of(new Series.Refusal(Series.Kind.DOSE_NOT_DUE, book.getService() + " has " + series.doses()
                            + (series.doses() == 1 ? " dose" : " doses") + ": there is no dose " + (dose + 1) + " to book with dose " + dose))
                    : series.refuseBooking(withFirst, dose + 1, followUp, false);
        }
        if (refusal.isPresent()) {
            reject(record, book.getRequestId(), book.getPersonId(), book.getClinicId(), command,
                    RejectionReason.valueOf(refusal.get().kind().name()), refusal.get().detail());
            return true;
        }
        return false;
    }

    /**
     * Passes a join on to the clinic's line when the person still has a dose of the series to book; the
     * series is checked against the slot again when an offer is accepted.
     */
    private void joinWaitlist(Record<String, SpecificRecord> record, JoinWaitlist join) {
        List<HeldAppointment> held = held(join.getPersonId());
        List<GivenDose> given = given(join.getPersonId());
        Series series = ServiceCatalogue.series(services, join.getService());
        Optional<Integer> next = series.nextDose(doses(held, given, join.getService()));
        boolean booking = held.stream().anyMatch(h -> h.getService().equals(join.getService()) && h.getState() == HeldState.BOOKING);
        if (booking || next.isEmpty()) {
            boolean allGiven = given.stream().filter(g -> g.getService().equals(join.getService()))
                    .map(GivenDose::getDoseNumber).distinct().count() >= series.doses();
            reject(record, join.getRequestId(), join.getPersonId(), join.getClinicId(), BookingCommandType.JOIN_WAITLIST,
                    allGiven ? RejectionReason.SERIES_COMPLETE : RejectionReason.ALREADY_BOOKED, booking
                            ? "a booking of " + join.getService() + " is already being made"
                            : allGiven ? "every dose of " + join.getService() + " was given already"
                                    : "the person already has an appointment for every dose of " + join.getService());
            return;
        }
        seen(join.getRequestId(), join.getPersonId());
        forward(record, join.getClinicId(), WaitlistRequest.newBuilder().setRequestId(join.getRequestId()).setJoin(true)
                .setPersonId(join.getPersonId()).setClinicId(join.getClinicId()).setService(join.getService())
                .setDate(join.getDate()).setDoseNumber(next.get()).setPriority(join.getPriority())
                .setAgeYears(join.getAgeYears()).build());
    }

    /** Books the seat an open offer holds, under the same series rules as any booking of the next dose. */
    private void acceptOffer(Record<String, SpecificRecord> record, AcceptWaitlistOffer accept) {
        Optional<OpenOffer> offer = offers(accept.getPersonId()).stream()
                .filter(o -> o.getOfferId().equals(accept.getOfferId())).findFirst();
        if (offer.isEmpty()) {
            reject(record, accept.getRequestId(), accept.getPersonId(), "", BookingCommandType.ACCEPT_OFFER,
                    RejectionReason.NO_SUCH_APPOINTMENT, "the person has no open offer " + accept.getOfferId());
            return;
        }
        book(record, BookAppointment.newBuilder().setCommandId(accept.getCommandId()).setRequestId(accept.getRequestId())
                .setOccurredAt(accept.getOccurredAt()).setPersonId(accept.getPersonId()).setClinicId(offer.get().getClinicId())
                .setService(offer.get().getService()).setSlotStart(offer.get().getSlotStart()).setDoseNumber(0)
                .build(), offer.get());
    }

    /**
     * Marks a waitlist request as on its way: unlike a booking it changes no appointment that could say so,
     * and the same request sent again before its outcome must not join or leave twice.
     */
    private void seen(String requestId, String personId) {
        requests.put(requestId, new RequestSeen(personId, now()));
    }

    private void keepOffer(WaitlistOfferMade made) {
        List<OpenOffer> offers = offers(made.getPersonId());
        if (offers.stream().noneMatch(o -> o.getOfferId().equals(made.getOfferId()))) {
            offers.add(new OpenOffer(made.getOfferId(), made.getClinicId(), made.getService(), made.getDate(),
                    made.getSlotStart(), made.getExpiresAt()));
            save(made.getPersonId(), held(made.getPersonId()), offers);
        }
    }

    private void dropOffer(String personId, String offerId) {
        List<OpenOffer> offers = offers(personId);
        if (offerId != null && offers.removeIf(o -> o.getOfferId().equals(offerId))) {
            save(personId, held(personId), offers);
        }
    }

    /** The request id the follow-up dose of a booking of two doses is answered under. */
    static String followUpRequestId(String requestId) {
        return requestId + "/next";
    }

    private static HeldAppointment booking(BookAppointment book, String requestId, int dose, Instant slotStart) {
        return HeldAppointment.newBuilder().setRequestId(requestId).setState(HeldState.BOOKING)
                .setDoseNumber(dose).setClinicId(book.getClinicId()).setService(book.getService())
                .setSlotStart(slotStart).setPriority(book.getPriority()).build();
    }

    /** When each dose of the service was given or is booked (given wins). */
    private static Map<Integer, Instant> doses(List<HeldAppointment> held, List<GivenDose> given, String service) {
        Map<Integer, Instant> doses = new HashMap<>();
        held.stream().filter(h -> h.getService().equals(service) && holdsDose(h))
                .forEach(h -> doses.put(h.getDoseNumber(), h.getSlotStart()));
        given.stream().filter(g -> g.getService().equals(service)).forEach(g -> doses.put(g.getDoseNumber(), g.getGivenAt()));
        return doses;
    }

    private void reschedule(Record<String, SpecificRecord> record, RescheduleAppointment move) {
        List<HeldAppointment> held = held(move.getPersonId());
        HeldAppointment current = changeable(record, held, move.getAppointmentId(), move.getRequestId(),
                move.getPersonId(), move.getClinicId(), BookingCommandType.RESCHEDULE);
        if (current == null) {
            return;
        }
        if (current.getMissed() && held.stream().anyMatch(h -> h != current && holdsDose(h)
                && h.getService().equals(current.getService()) && h.getDoseNumber() == current.getDoseNumber())) {
            reject(record, move.getRequestId(), move.getPersonId(), move.getClinicId(), BookingCommandType.RESCHEDULE,
                    RejectionReason.ALREADY_BOOKED, "appointment " + current.getAppointmentId() + " was missed and dose "
                            + current.getDoseNumber() + " of " + current.getService() + " is booked again");
            return;
        }
        Map<Integer, Instant> doses = doses(held, given(move.getPersonId()), current.getService());
        Optional<Series.Refusal> refusal = ServiceCatalogue.series(services, current.getService())
                .refuseSlot(doses, current.getDoseNumber(), move.getSlotStart());
        if (refusal.isPresent()) {
            reject(record, move.getRequestId(), move.getPersonId(), move.getClinicId(), BookingCommandType.RESCHEDULE,
                    RejectionReason.DOSE_NOT_DUE, refusal.get().detail());
            return;
        }
        current.setState(HeldState.RESCHEDULING);
        current.setRequestId(move.getRequestId());
        save(move.getPersonId(), held);
        forward(record, move.getClinicId(), SeatRequest.newBuilder().setRequestId(move.getRequestId()).setReschedule(true)
                .setPersonId(move.getPersonId()).setClinicId(move.getClinicId()).setService(current.getService())
                .setSlotStart(move.getSlotStart()).setDoseNumber(current.getDoseNumber()).setPriority(move.getPriority())
                .setAgeYears(move.getAgeYears()).setAppointmentId(current.getAppointmentId())
                .setPreviousClinicId(current.getClinicId())
                .setPreviousSlotStart(current.getSlotStart()).setReason(move.getReason()).build());
    }

    private void cancel(Record<String, SpecificRecord> record, CancelAppointment cancel) {
        List<HeldAppointment> held = held(cancel.getPersonId());
        Optional<HeldAppointment> booking = beingBooked(held, cancel.getAppointmentId());
        if (booking.isPresent()) {
            cancelWhileBooked(record, cancel, booking.get());
            return;
        }
        HeldAppointment current = changeable(record, held, cancel.getAppointmentId(), cancel.getRequestId(),
                cancel.getPersonId(), "", BookingCommandType.CANCEL);
        if (current == null) {
            return;
        }
        if (!current.getSlotStart().isAfter(now())) {
            reject(record, cancel.getRequestId(), cancel.getPersonId(), current.getClinicId(), BookingCommandType.CANCEL,
                    RejectionReason.SLOT_IN_PAST, "the appointment at " + current.getSlotStart() + " has already started");
            return;
        }
        current.setState(HeldState.CANCELLING);
        current.setRequestId(cancel.getRequestId());
        save(cancel.getPersonId(), held);
        forward(record, current.getClinicId(), SeatRelease.newBuilder().setAppointmentId(current.getAppointmentId())
                .setPersonId(cancel.getPersonId()).setClinicId(current.getClinicId()).setSlotStart(current.getSlotStart())
                .setCancellation(true).setRequestId(cancel.getRequestId()).setReason(cancel.getReason()).build());
    }

    /**
     * A cancellation of an appointment the ledger has granted but whose AppointmentBooked has not come back here yet:
     * booking-api answers as soon as booking-events has the outcome, which reaches this guard one repartition later,
     * so a person (or care, whose payment failed) may cancel in between. The release goes to the ledger behind the
     * seat request that made the appointment (same clinic, same partition, in order), so the ledger releases the seat
     * it has just granted, or, if it refused it, answers that there is no such appointment. The entry itself stays as
     * it is: AppointmentBooked makes it active, and the AppointmentCancelled behind it removes it.
     */
    private void cancelWhileBooked(Record<String, SpecificRecord> record, CancelAppointment cancel, HeldAppointment booking) {
        if (!booking.getSlotStart().isAfter(now())) {
            reject(record, cancel.getRequestId(), cancel.getPersonId(), booking.getClinicId(), BookingCommandType.CANCEL,
                    RejectionReason.SLOT_IN_PAST, "the appointment at " + booking.getSlotStart() + " has already started");
            return;
        }
        forward(record, booking.getClinicId(), SeatRelease.newBuilder().setAppointmentId(cancel.getAppointmentId())
                .setPersonId(cancel.getPersonId()).setClinicId(booking.getClinicId()).setSlotStart(booking.getSlotStart())
                .setCancellation(true).setRequestId(cancel.getRequestId()).setReason(cancel.getReason()).build());
    }

    /** The entry of a booking still being decided whose appointment, once granted, has this id (it follows from the request). */
    private static Optional<HeldAppointment> beingBooked(List<HeldAppointment> held, String appointmentId) {
        return held.stream().filter(h -> h.getState() == HeldState.BOOKING && h.getAppointmentId() == null
                && Ids.appointmentId(h.getRequestId()).equals(appointmentId)).findFirst();
    }

    /** The person's active appointment, or null after rejecting the request that wanted to change it. */
    private HeldAppointment changeable(Record<String, SpecificRecord> record, List<HeldAppointment> held,
            String appointmentId, String requestId, String personId, String clinicId, BookingCommandType command) {
        Optional<HeldAppointment> found = held.stream().filter(h -> appointmentId.equals(h.getAppointmentId())).findFirst();
        if (found.isEmpty() && beingBooked(held, appointmentId).isPresent()) {
            reject(record, requestId, personId, clinicId, command, RejectionReason.OTHER,
                    "appointment " + appointmentId + " is still being booked; try again in a moment");
            return null;
        }
        if (found.isEmpty()) {
            reject(record, requestId, personId, clinicId, command, RejectionReason.NO_SUCH_APPOINTMENT,
                    "the person has no appointment " + appointmentId);
            return null;
        }
        if (found.get().getState() != HeldState.ACTIVE) {
            reject(record, requestId, personId, found.get().getClinicId(), command, RejectionReason.OTHER,
                    "appointment " + appointmentId + " is being changed by another request; try again in a moment");
            return null;
        }
        return found.get();
    }

    private void onBooked(AppointmentBooked booked) {
        requests.put(booked.getRequestId(), booked);
        List<HeldAppointment> held = held(booked.getPersonId());
        // A dose booked again after its appointment was missed: the new appointment replaces the missed one.
        held.removeIf(h -> h.getMissed() && h.getState() == HeldState.ACTIVE && h.getService().equals(booked.getService())
                && h.getDoseNumber() == booked.getDoseNumber() && !booked.getAppointmentId().equals(h.getAppointmentId()));
        held.stream().filter(h -> h.getRequestId().equals(booked.getRequestId())).forEach(h -> {
            h.setState(HeldState.ACTIVE);
            h.setAppointmentId(booked.getAppointmentId());
            h.setSlotStart(booked.getSlotStart());
        });
        save(booked.getPersonId(), held);
    }

    private void onRejected(BookingRejected rejected) {
        requests.put(rejected.getRequestId(), rejected);
        List<HeldAppointment> held = held(rejected.getPersonId());
        String followUp = followUpRequestId(rejected.getRequestId());
        held.removeIf(h -> (h.getRequestId().equals(rejected.getRequestId()) || h.getRequestId().equals(followUp))
                && h.getState() == HeldState.BOOKING);
        held.stream().filter(h -> h.getRequestId().equals(rejected.getRequestId()))
                .forEach(h -> h.setState(HeldState.ACTIVE));
        save(rejected.getPersonId(), held);
    }

    private void onRescheduled(Record<String, SpecificRecord> record, AppointmentRescheduled moved) {
        requests.put(moved.getRequestId(), moved);
        update(moved.getPersonId(), moved.getRequestId(), h -> {
            h.setState(HeldState.ACTIVE);
            h.setClinicId(moved.getClinicId());
            h.setSlotStart(moved.getSlotStart());
            h.setPriority(moved.getPriority());
            h.setMissed(false);
        });
        forward(record, moved.getPreviousClinicId(), SeatRelease.newBuilder().setAppointmentId(moved.getAppointmentId())
                .setPersonId(moved.getPersonId()).setClinicId(moved.getPreviousClinicId())
                .setSlotStart(moved.getPreviousSlotStart()).setCancellation(false).build());
    }

    private void onCancelled(AppointmentCancelled cancelled) {
        requests.put(cancelled.getRequestId(), cancelled);
        List<HeldAppointment> held = held(cancelled.getPersonId());
        held.removeIf(h -> cancelled.getAppointmentId().equals(h.getAppointmentId()));
        save(cancelled.getPersonId(), held);
    }

    /**
     * A missed appointment no longer holds its dose: the person may book that dose again (under the series rules,
     * as any booking, which no longer count the missed slot), and a booking of it that is granted replaces the
     * missed appointment. The missed one can still be moved, which makes it an appointment like any other again.
     * Only the appointment as it was missed is marked: one that has since moved to another slot is not.
     */
    private void releaseMissed(AppointmentMissed missed) {
        List<HeldAppointment> held = held(missed.getPersonId());
        boolean marked = false;
        for (HeldAppointment h : held) {
            if (missed.getAppointmentId().equals(h.getAppointmentId()) && missed.getSlotStart().equals(h.getSlotStart())
                    && !h.getMissed()) {
                h.setMissed(true);
                marked = true;
            }
        }
        if (marked) {
            save(missed.getPersonId(), held);
        }
    }

    /** Appointments that hold their dose: all but those marked missed (a missed one being moved holds it again). */
    private static List<HeldAppointment> holding(List<HeldAppointment> held) {
        return held.stream().filter(PersonGuardProcessor::holdsDose).toList();
    }

    private static boolean holdsDose(HeldAppointment h) {
        return !h.getMissed() || h.getState() != HeldState.ACTIVE;
    }

    /** The service a dose belongs to: its appointment's, else the one the catalogue ties to its disease (or null). */
    private String serviceOf(String personId, String appointmentId, String targetDisease) {
        return held(personId).stream().filter(h -> appointmentId != null && appointmentId.equals(h.getAppointmentId()))
                .map(HeldAppointment::getService).findFirst()
                .orElseGet(() -> ServiceCatalogue.serviceFor(services, targetDisease));
    }

    /**
     * Counts a dose given toward the series (a dose of no known service counts toward none). The same
     * event twice is counted once; a correction replaces the dose it corrects.
     */
    private void recordDose(String personId, String eventId, String corrects, String service, int doseNumber, Instant givenAt) {
        if (service == null) {
            return;
        }
        List<GivenDose> given = given(personId);
        if (given.stream().anyMatch(g -> g.getEventId().equals(eventId))) {
            return;
        }
        if (corrects != null) {
            given.removeIf(g -> g.getEventId().equals(corrects));
        }
        given.add(new GivenDose(eventId, service, doseNumber, givenAt));
        people.put(personId, new PersonBookings(held(personId), given, offers(personId)));
    }

    private void forgetOldRequests() {
        Instant now = now();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, SpecificRecord> it = requests.all()) {
            it.forEachRemaining(kv -> {
                if (retention.requestExpired(seenAt(kv.value), now)) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(requests::delete);
    }

    /** When the request was accepted, or, once decided, when its outcome was. */
    private static Instant seenAt(SpecificRecord known) {
        return switch (known) {
            case RequestSeen seen -> seen.getReceivedAt();
            case AppointmentBooked e -> e.getOccurredAt();
            case BookingRejected e -> e.getOccurredAt();
            case AppointmentRescheduled e -> e.getOccurredAt();
            case AppointmentCancelled e -> e.getOccurredAt();
            case WaitlistJoined e -> e.getOccurredAt();
            case WaitlistLeft e -> e.getOccurredAt();
            default -> throw new IllegalStateException("unexpected " + known.getClass().getSimpleName() + " in " + Stores.REQUESTS);
        };
    }

    private void update(String personId, String requestId, java.util.function.Consumer<HeldAppointment> change) {
        List<HeldAppointment> held = held(personId);
        held.stream().filter(h -> h.getRequestId().equals(requestId)).forEach(change);
        save(personId, held);
    }

    private List<HeldAppointment> held(String personId) {
        PersonBookings bookings = (PersonBookings) people.get(personId);
        return bookings == null ? new ArrayList<>() : new ArrayList<>(bookings.getAppointments());
    }

    private List<GivenDose> given(String personId) {
        PersonBookings bookings = (PersonBookings) people.get(personId);
        return bookings == null ? new ArrayList<>() : new ArrayList<>(bookings.getGiven());
    }

    private List<OpenOffer> offers(String personId) {
        PersonBookings bookings = (PersonBookings) people.get(personId);
        return bookings == null ? new ArrayList<>() : new ArrayList<>(bookings.getOffers());
    }

    /** Saves the appointments, keeping the doses given and the open offers. */
    private void save(String personId, List<HeldAppointment> held) {
        save(personId, held, offers(personId));
    }

    private void save(String personId, List<HeldAppointment> held, List<OpenOffer> offers) {
        List<GivenDose> given = given(personId);
        if (held.isEmpty() && given.isEmpty() && offers.isEmpty()) {
            people.delete(personId);
        } else {
            people.put(personId, new PersonBookings(held, given, offers));
        }
    }

    private void reject(Record<String, SpecificRecord> record, String requestId, String personId, String clinicId,
            BookingCommandType command, RejectionReason reason, String detail) {
        BookingRejected rejected = Outcomes.rejected(requestId, personId, clinicId, command, reason, detail, now());
        requests.put(requestId, rejected);
        forward(record, clinicId, rejected);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void forward(Record<String, SpecificRecord> cause, String key, SpecificRecord value) {
        context.forward(new Record<>(key, value, cause.timestamp(), Traced.headers()));
    }
}
