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
            @Min(1) @Max(10) Integer doseNumber) {
    }

    /** A new slot for an appointment, at the same clinic or another. */
    public record Move(
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @NotNull @Future(message = "must be a slot start in the future") Instant slotStart) {
    }
}
