package io.vaxline.booking.appointments;

import java.util.List;

import io.vaxline.booking.clinics.SlotView;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shapes of the booking answers that are not an appointment, as the document describes them. */
public final class BookingAnswers {

    private BookingAnswers() {
    }

    @Schema(name = "BookingPending", description = "The request is taken but its outcome is not known yet: "
            + "ask statusUrl (also in Location) again in a moment; repeating the request with the same Idempotency-Key is safe too.")
    public record Pending(@Schema(required = true) String requestId,
            @Schema(required = true, enumeration = { "PENDING" }) String status,
            @Schema(required = true, example = "/appointments/requests/9c1f0e6e-7d1b-5a40-9f57-8c3d0b6f2a11") String statusUrl) {
    }

    @Schema(name = "AppointmentCancelled")
    public record Cancelled(@Schema(required = true) String appointmentId,
            @Schema(required = true, enumeration = { "CANCELLED" }) String status) {
    }

    /** The members a booking's 409 carries besides the problem's own (see ProblemSchema). */
    @Schema(name = "BookingConflictMembers", description = "Why the booking, move or cancellation was not carried out. "
            + "When the slot was taken, `availability` holds the day's free slots as they are now, so a page can offer "
            + "them in place.")
    public record ConflictMembers(
            @Schema(required = true, enumeration = { "SLOT_FULL", "NO_SUCH_SLOT", "ALREADY_BOOKED", "NOT_ELIGIBLE",
                    "SLOT_IN_PAST", "OUT_OF_STOCK", "NO_SUCH_APPOINTMENT", "OTHER", "DOSE_NOT_DUE", "SERIES_COMPLETE" }) String reason,
            String requestId,
            List<SlotView> availability) {
    }
}
