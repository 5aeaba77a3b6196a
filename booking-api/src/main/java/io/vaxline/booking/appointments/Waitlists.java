package io.vaxline.booking.appointments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicDirectory;
import io.vaxline.booking.people.Eligibility;
import io.vaxline.booking.people.Households;
import io.vaxline.commands.AcceptWaitlistOffer;
import io.vaxline.commands.JoinWaitlist;
import io.vaxline.commands.LeaveWaitlist;

import org.apache.avro.specific.SpecificRecord;

/**
 * Joining and leaving a clinic's waitlist, and accepting the seat an offer holds, as request-reply over
 * Kafka like a booking: the command goes to booking-commands keyed by person, scheduler-stream decides
 * (the line, the hold and the offer are the clinic ledger's), the outcome comes back on booking-events.
 * Null when it did not arrive in time.
 */
@ApplicationScoped
public class Waitlists {

    @Inject
    Households households;

    @Inject
    Eligibility eligibility;

    @Inject
    ClinicDirectory clinics;

    /** Needs a session. */
    public Uni<Decisions.Outgoing<SpecificRecord>> join(String household, String requestId, String personId, String clinicId, String service,
            LocalDate date) {
        requireClinic(clinicId);
        return households.member(household, personId).chain(person -> {
            if (!eligibility.eligible(person, date)) {
                throw new Bookings.NotEligibleException(person.name + " is under " + eligibility.minAge() + " on " + date
                        + "; bookings are for people aged " + eligibility.minAge() + " and over");
            }
            return eligibility.priority(person, date).map(priority -> outgoing(requestId, person.personId,
                    JoinWaitlist.newBuilder().setCommandId(UUID.randomUUID().toString()).setRequestId(requestId)
                            .setOccurredAt(Instant.now()).setPersonId(person.personId).setClinicId(clinicId)
                            .setService(service).setDate(date).setPriority(priority)
                            .setAgeYears(Eligibility.ageOn(person, date)).build()));
        });
    }

    /** Needs a session. */
    public Uni<Decisions.Outgoing<SpecificRecord>> leave(String household, String requestId, String personId, String clinicId, String service,
            LocalDate date) {
        return households.member(household, personId).map(person -> outgoing(requestId, person.personId,
                LeaveWaitlist.newBuilder().setCommandId(UUID.randomUUID().toString()).setRequestId(requestId)
                        .setOccurredAt(Instant.now()).setPersonId(person.personId).setClinicId(clinicId)
                        .setService(service).setDate(date).build()));
    }

    /** The offer is the person's or scheduler-stream refuses it (NO_SUCH_APPOINTMENT). Needs a session. */
    public Uni<Decisions.Outgoing<SpecificRecord>> accept(String household, String requestId, String personId, String offerId) {
        return households.member(household, personId).map(person -> outgoing(requestId, person.personId,
                AcceptWaitlistOffer.newBuilder().setCommandId(UUID.randomUUID().toString()).setRequestId(requestId)
                        .setOccurredAt(Instant.now()).setPersonId(person.personId).setOfferId(offerId).build()));
    }

    /** The command to send ({@link Decisions}); the answer is its outcome, null when none came in time. */
    private static Decisions.Outgoing<SpecificRecord> outgoing(String requestId, String personId, SpecificRecord command) {
        return new Decisions.Outgoing<>(requestId, personId, command, outcome -> outcome);
    }

    private void requireClinic(String clinicId) {
        if (clinics.find(clinicId).isEmpty()) {
            throw new NotFoundException("No clinic " + clinicId);
        }
    }
}
