package io.vaxline.booking.appointments;

import java.time.Instant;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.vaxline.booking.clinics.ClinicRequests;

/** Request bodies of the appointment endpoints. */
public final class AppointmentRequests {

    private AppointmentRequests() {
    }

    /** A booking for one person of the caller's household in one slot. */
    public record Book(
            @NotBlank @Size(max = 64) String personId,
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @NotNull @Future(message = "must be a slot start in the future") Instant slotStart,
            @Min(1) @Max(10) @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The dose to book; "
                    + "when absent, the next dose due for the person. Any other than the next dose due is refused (DOSE_NOT_DUE).")
            Integer doseNumber,
            @Future(message = "must be a slot start in the future")
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "A slot at the same clinic for the "
                    + "following dose of the series: both doses are booked or neither (GET /clinics/{clinicId}/next-dose offers the day)")
            Instant followUpSlotStart) {
    }

    /** A new slot for an appointment, at the same clinic or another. */
    public record Move(
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @NotNull @Future(message = "must be a slot start in the future") Instant slotStart) {
    }
}
