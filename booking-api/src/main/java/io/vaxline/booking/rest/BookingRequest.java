package io.vaxline.booking.rest;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A booking for one person in one slot. */
public record BookingRequest(
        @Valid @NotNull Person person,
        @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
        @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
        @NotNull @Future(message = "must be a slot start in the future") Instant slotStart,
        @Min(1) @Max(10) Integer doseNumber) {

    public record Person(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @PhoneNumber String phone,
            @NotNull @Min(1900) @Max(2100) Integer birthYear,
            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en or sv") String language) {
    }
}
