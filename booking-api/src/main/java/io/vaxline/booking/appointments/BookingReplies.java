package io.vaxline.booking.appointments;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import io.vaxline.booking.clinics.AvailabilityBoard;
import io.vaxline.booking.clinics.SlotView;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.problems.Problem;

import org.apache.avro.specific.SpecificRecord;

/**
 * The HTTP answer to a booking, move or cancellation, whoever asked (the household, a signed link, the clinic):
 * the appointment, a 409 with the reason and the day's free slots, or a 202 pointing where to ask again.
 */
@ApplicationScoped
class BookingReplies {

    @Inject
    AppointmentProjection projection;

    @Inject
    AvailabilityBoard board;

    Response respond(String requestId, Bookings.Result result, String statusUrl) {
        SpecificRecord outcome = result.outcome();
        if (outcome == null) {
            URI status = URI.create(statusUrl);
            return Response.accepted(new BookingAnswers.Pending(requestId, "PENDING", status.toString())).location(status).build();
        }
        return switch (outcome) {
            case AppointmentBooked e -> Response.created(URI.create("/appointments/" + e.getAppointmentId()))
                    .entity(AppointmentView.of(projection.project(null, e))).build();
            case AppointmentRescheduled e -> Response.ok(AppointmentView.of(projection.project(null, e))).build();
            case AppointmentCancelled e -> Response.ok(new BookingAnswers.Cancelled(e.getAppointmentId(), "CANCELLED")).build();
            case BookingRejected e -> {
                Problem problem = Problem.of(Response.Status.CONFLICT, e.getReason().name().toLowerCase().replace('_', '-'),
                                "The request was not carried out", e.getDetail())
                        .with("reason", e.getReason().name())
                        .with("requestId", requestId);
                if (result.day() != null) {
                    // scheduler-stream refreshes the board every half second, so it may not show yet the seat whose
                    // taking this rejection reports: the slot the ledger just called full is never offered.
                    Instant full = e.getReason() == RejectionReason.SLOT_FULL ? result.slotStart() : null;
                    problem.with("availability", board.day(e.getClinicId(), result.day())
                            .map(day -> SlotView.free(day, null, result.zone(), result.priority()).stream()
                                    .filter(slot -> !(slot.start().equals(full)
                                            && (result.service() == null || result.service().equals(slot.service()))))
                                    .toList())
                            .orElse(List.of()));
                }
                yield problem.toResponse();
            }
            default -> throw new IllegalStateException("Unexpected outcome " + outcome.getClass().getSimpleName());
        };
    }

}
