package io.vaxline.booking.appointments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicDirectory;
import io.vaxline.booking.people.Eligibility;
import io.vaxline.booking.people.Households;
import io.vaxline.booking.people.Person;
import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.commands.RescheduleAppointment;
import io.vaxline.problems.Problem;
import io.vaxline.problems.StateConflict;

import org.apache.avro.specific.SpecificRecord;

/**
 * Booking, rescheduling and cancelling as request-reply over Kafka: the command goes to
 * booking-commands, scheduler-stream decides, the outcome comes back on booking-events. The caller
 * waits a bounded time and is answered from the outcome. These methods check and build the command
 * in a session; {@link Decisions} sends it and waits after that session has closed. The read model is written off the request,
 * by {@link AppointmentProjection}; until it is, the caller's reads of the appointment see the outcome
 * {@link BookingOutcomes} keeps ({@link #current}), so the caller can read its appointment at once.
 */
@ApplicationScoped
public class Bookings {

    /**
     * The outcome, or null when it did not arrive in time; and the person, clinic zone, day and slot it was for
     * ({@code service} is null for a move, which keeps the appointment's service).
     */
    public record Result(SpecificRecord outcome, Person person, ZoneId zone, LocalDate day, boolean priority,
            String service, Instant slotStart) {
    }

    /** A booking booking-api refuses before asking scheduler-stream, e.g. for age. */
    public static class NotEligibleException extends StateConflict {
        NotEligibleException(String message) {
            super("not-eligible", "The booking was not made", message);
        }

        @Override
        public Problem toProblem() {
            return super.toProblem().with("reason", "NOT_ELIGIBLE");
        }
    }

    @Inject
    Households households;

    @Inject
    Eligibility eligibility;

    @Inject
    ClinicDirectory clinics;

    @Inject
    BookingOutcomes outcomes;

    @Inject
    AppointmentProjection projection;

    /** The booking to send ({@link Decisions}). Needs a session (people, occupations). */
    public Uni<Decisions.Outgoing<Result>> book(String household, String requestId, String personId, String clinicId, String service,
            Instant slotStart, int doseNumber, Instant followUpSlotStart) {
        ZoneId zone = zoneOf(clinicId);
        LocalDate day = slotStart.atZone(zone).toLocalDate();
        return households.member(household, personId).chain(person -> {
            if (!eligibility.eligible(person, day)) {
                throw new NotEligibleException(person.name + " is under " + eligibility.minAge()
                        + " on " + day + "; bookings are for people aged " + eligibility.minAge() + " and over");
            }
            return eligibility.priority(person, day).map(priority -> new Decisions.Outgoing<>(requestId, person.personId,
                    BookAppointment.newBuilder()
                            .setCommandId(UUID.randomUUID().toString())
                            .setRequestId(requestId)
                            .setOccurredAt(Instant.now())
                            .setPersonId(person.personId)
                            .setClinicId(clinicId)
                            .setService(service)
                            .setSlotStart(slotStart)
                            .setDoseNumber(doseNumber)
                            .setPriority(priority)
                            .setAgeYears(Eligibility.ageOn(person, day))
                            .setFollowUpSlotStart(followUpSlotStart)
                            .build(),
                    outcome -> new Result(outcome, person, zone, day, priority, service, slotStart)));
        });
    }

    /**
     * Seats a person who came to the clinic's door without an appointment, now: the person guard decides the dose
     * (the next one due, under the series rules), the clinic ledger the seat in the session running. The walk-in to send
     * ({@link Decisions}). Needs a session.
     */
    public Uni<Decisions.Outgoing<Result>> walkIn(Person person, String requestId, String clinicId, String service, String staff) {
        ZoneId zone = zoneOf(clinicId);
        LocalDate day = LocalDate.now(zone);
        if (!eligibility.eligible(person, day)) {
            throw new NotEligibleException(person.name + " is under " + eligibility.minAge()
                    + " today; vaccinations are for people aged " + eligibility.minAge() + " and over");
        }
        return eligibility.priority(person, day).map(priority -> new Decisions.Outgoing<>(requestId, person.personId,
                io.vaxline.commands.RegisterWalkIn.newBuilder()
                        .setCommandId(UUID.randomUUID().toString())
                        .setRequestId(requestId)
                        .setOccurredAt(Instant.now())
                        .setPersonId(person.personId)
                        .setClinicId(clinicId)
                        .setService(service)
                        .setPriority(priority)
                        .setAgeYears(Eligibility.ageOn(person, day))
                        .setStaff(staff)
                        .build(),
                outcome -> new Result(outcome, person, zone, day, priority, service, null)));
    }

    /** The move to send ({@link Decisions}). Needs a session. */
    public Uni<Decisions.Outgoing<Result>> reschedule(String household, String requestId, String appointmentId, String clinicId,
            Instant slotStart) {
        return owned(household, appointmentId).chain(person -> move(person, requestId, appointmentId, clinicId, slotStart));
    }

    /**
     * Moves the person's appointment; whoever calls has checked that they may (owner, signed link, clinic staff). The
     * move to send ({@link Decisions}). Needs a session.
     */
    public Uni<Decisions.Outgoing<Result>> move(Person person, String requestId, String appointmentId, String clinicId, Instant slotStart) {
        return move(person, requestId, appointmentId, clinicId, slotStart, null);
    }

    /** As {@link #move}, saying why (clinic staff): the reason reaches the person's text. Needs a session. */
    public Uni<Decisions.Outgoing<Result>> move(Person person, String requestId, String appointmentId, String clinicId, Instant slotStart,
            String reason) {
        ZoneId zone = zoneOf(clinicId);
        LocalDate day = slotStart.atZone(zone).toLocalDate();
        return eligibility.priority(person, day)
                .map(priority -> new Decisions.Outgoing<>(requestId, person.personId, RescheduleAppointment.newBuilder()
                        .setCommandId(UUID.randomUUID().toString())
                        .setRequestId(requestId)
                        .setOccurredAt(Instant.now())
                        .setPersonId(person.personId)
                        .setAppointmentId(appointmentId)
                        .setClinicId(clinicId)
                        .setSlotStart(slotStart)
                        .setPriority(priority)
                        .setAgeYears(Eligibility.ageOn(person, day))
                        .setReason(reason)
                        .build(),
                        outcome -> new Result(outcome, person, zone, day, priority, null, slotStart)));
    }

    /** The cancellation to send ({@link Decisions}). Needs a session. */
    public Uni<Decisions.Outgoing<Result>> cancel(String household, String requestId, String appointmentId, String reason) {
        return owned(household, appointmentId).chain(person -> cancel(person, requestId, appointmentId, reason));
    }

    /**
     * Cancels the person's appointment; whoever calls has checked that they may. The reason reaches the person's text.
     * The cancellation to send ({@link Decisions}).
     */
    public Uni<Decisions.Outgoing<Result>> cancel(Person person, String requestId, String appointmentId, String reason) {
        return Uni.createFrom().item(new Decisions.Outgoing<>(requestId, person.personId, CancelAppointment.newBuilder()
                        .setCommandId(UUID.randomUUID().toString())
                        .setRequestId(requestId)
                        .setOccurredAt(Instant.now())
                        .setPersonId(person.personId)
                        .setAppointmentId(appointmentId)
                        .setReason(reason)
                        .build(),
                outcome -> new Result(outcome, person, null, null, false, null, null)));
    }

    /** The appointment and its owner, if the caller's household holds it. */
    public record Owned(Appointment appointment, Person person) {
    }

    /** The appointment's owner if the caller's household holds it; otherwise it does not exist for the caller. Needs a session. */
    public Uni<Person> owned(String household, String appointmentId) {
        return ownedAppointment(household, appointmentId).map(Owned::person);
    }

    /** The appointment as it is now, with its owner, if the caller's household holds it; otherwise 404. Needs a session. */
    public Uni<Owned> ownedAppointment(String household, String appointmentId) {
        return current(appointmentId)
                .chain(appointment -> appointment == null ? Uni.createFrom().<Owned>nullItem()
                        : households.person(appointment.personId).map(person -> new Owned(appointment, person)))
                .map(owned -> {
                    if (owned == null || owned.person() == null || !owned.person().householdId.equals(household)) {
                        throw new NotFoundException("You have no appointment " + appointmentId);
                    }
                    return owned;
                });
    }

    /**
     * The appointment as booking-events last described it: the stored row, or the newer outcome of the last
     * minutes the projection has not stored yet. Null when neither knows it. Needs a session.
     */
    public Uni<Appointment> current(String appointmentId) {
        return Appointment.<Appointment>findById(appointmentId).map(stored -> {
            SpecificRecord recent = outcomes.latest(appointmentId);
            return recent == null ? stored : projection.project(stored, recent);
        });
    }

    private ZoneId zoneOf(String clinicId) {
        return clinics.find(clinicId).map(c -> ZoneId.of(c.timeZone()))
                .orElseThrow(() -> new NotFoundException("No clinic " + clinicId));
    }
}
