package io.vaxline.scheduler.topology;

import java.time.Instant;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.internal.SeatRelease;
import io.vaxline.internal.SeatRequest;
import io.vaxline.scheduler.domain.SessionSlots.Slot;
import io.vaxline.schemas.DerivedIds;

/**
 * The outcome events of booking-events. Every id derives from the request, so a request processed
 * again (after a crash, before its transaction committed) produces the very same events. None carries
 * the confirmation code: it is a keyed hash of the appointment id ({@link io.vaxline.schemas.ConfirmationCodes})
 * that booking-api and the notifier compute, so analysts reading booking-events do not see it.
 */
final class Outcomes {

    private Outcomes() {
    }

    static AppointmentBooked booked(SeatRequest request, String appointmentId, String sessionId, Slot slot,
            String timeZone, Instant now) {
        return AppointmentBooked.newBuilder()
                .setEventId(DerivedIds.of("booked", request.getRequestId()))
                .setOccurredAt(now)
                .setRequestId(request.getRequestId())
                .setAppointmentId(appointmentId)
                .setPersonId(request.getPersonId())
                .setClinicId(request.getClinicId())
                .setService(request.getService())
                .setSlotStart(slot.start())
                .setSlotEnd(slot.end())
                .setClinicTimeZone(timeZone)
                .setDoseNumber(request.getDoseNumber())
                .setPriority(request.getPriority())
                .setSessionId(sessionId)
                .setWalkIn(request.getWalkIn())
                .build();
    }

    static AppointmentRescheduled rescheduled(SeatRequest request, String sessionId, Slot slot, String timeZone,
            Instant now) {
        return AppointmentRescheduled.newBuilder()
                .setEventId(DerivedIds.of("rescheduled", request.getRequestId()))
                .setOccurredAt(now)
                .setRequestId(request.getRequestId())
                .setAppointmentId(request.getAppointmentId())
                .setPersonId(request.getPersonId())
                .setPreviousClinicId(request.getPreviousClinicId())
                .setPreviousSlotStart(request.getPreviousSlotStart())
                .setClinicId(request.getClinicId())
                .setService(request.getService())
                .setSlotStart(slot.start())
                .setSlotEnd(slot.end())
                .setClinicTimeZone(timeZone)
                .setDoseNumber(request.getDoseNumber())
                .setSessionId(sessionId)
                .setPriority(request.getPriority())
                .setReason(request.getReason())
                .build();
    }

    static AppointmentCancelled cancelled(String requestId, String appointmentId, String personId, String clinicId,
            String service, Instant slotStart, int doseNumber, String timeZone, String reason, Instant now) {
        return AppointmentCancelled.newBuilder()
                .setEventId(DerivedIds.of("cancelled", requestId))
                .setOccurredAt(now)
                .setRequestId(requestId)
                .setAppointmentId(appointmentId)
                .setPersonId(personId)
                .setClinicId(clinicId)
                .setService(service)
                .setSlotStart(slotStart)
                .setDoseNumber(doseNumber)
                .setClinicTimeZone(timeZone)
                .setReason(reason)
                .build();
    }

    static BookingRejected rejected(String requestId, String personId, String clinicId, BookingCommandType command,
            RejectionReason reason, String detail, Instant now) {
        return BookingRejected.newBuilder()
                .setEventId(DerivedIds.of("rejected", requestId))
                .setOccurredAt(now)
                .setRequestId(requestId)
                .setPersonId(personId)
                .setClinicId(clinicId)
                .setCommand(command)
                .setReason(reason)
                .setDetail(detail)
                .build();
    }

    static BookingRejected rejected(SeatRequest request, RejectionReason reason, String detail, Instant now) {
        return rejected(request.getRequestId(), request.getPersonId(), request.getClinicId(),
                request.getReschedule() ? BookingCommandType.RESCHEDULE
                        : request.getWalkIn() ? BookingCommandType.WALK_IN : BookingCommandType.BOOK, reason, detail, now);
    }

    static BookingRejected rejected(SeatRelease release, RejectionReason reason, String detail, Instant now) {
        return rejected(release.getRequestId(), release.getPersonId(), release.getClinicId(), BookingCommandType.CANCEL,
                reason, detail, now);
    }
}
