package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the clinic administration endpoints. */
public final class ClinicRequests {

    /** Ids chosen by clients: lower-case letters, digits and dashes, so they are safe in keys and URLs. */
    public static final String ID = "[a-z0-9][a-z0-9-]{0,62}";
    public static final String ID_MESSAGE = "must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit";

    private ClinicRequests() {
    }

    public record RegisterClinic(
            @Pattern(regexp = ID, message = ID_MESSAGE) String clinicId,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 300) String address,
            @Size(max = 20) String postcode,
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @NotBlank @TimeZoneId String timeZone,
            @NotEmpty @Size(max = 50) List<@NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String> services,
            @Email @Size(max = 254) String contactEmail) {
    }

    public record UpdateClinic(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 300) String address,
            @Size(max = 20) String postcode,
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @NotBlank @TimeZoneId String timeZone,
            @NotEmpty @Size(max = 50) List<@NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String> services,
            @NotNull Boolean active,
            @Email @Size(max = 254) String contactEmail) {
    }

    /** Lot numbers as clinics report them (the dose CSV allows 64 characters). */
    public static final String LOT = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    public static final String LOT_MESSAGE = "must be 1-64 letters, digits, dots, dashes or underscores, "
            + "starting with a letter or digit";

    /** Doses added or removed; with a lot, of that lot (and its expiry, clinic-local, when given). */
    public record AdjustStock(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String service,
            @NotNull @Min(-100000) @Max(100000) Integer delta,
            @Size(max = 200) String reason,
            @Pattern(regexp = LOT, message = LOT_MESSAGE) String lot,
            LocalDate expiresOn) {

        @AssertTrue(message = "needs a lot: an expiry belongs to a lot")
        public boolean isExpiresOn() {
            return expiresOn == null || lot != null;
        }

        @AssertTrue(message = "must not be 0")
        public boolean isDelta() {
            return delta == null || delta != 0;
        }
    }

    public record PublishSession(
            @Pattern(regexp = ID, message = ID_MESSAGE) String sessionId,
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String service,
            @NotNull LocalDate date,
            @NotNull LocalTime startTime,
            @NotNull LocalTime endTime,
            @NotNull @Min(5) @Max(480) Integer slotMinutes,
            @NotNull @Min(1) @Max(1000) Integer seatsPerSlot,
            @Min(0) @Max(1000) Integer reservedSeatsPerSlot,
            @Min(0) @Max(130) Integer minAge,
            @Size(max = 200) List<@NotBlank @Size(max = 200) String> staff) {

        @AssertTrue(message = "must be after startTime, with room for at least one slot")
        public boolean isEndTime() {
            return startTime == null || endTime == null || slotMinutes == null
                    || !startTime.plusMinutes(slotMinutes).isAfter(endTime) && endTime.isAfter(startTime);
        }

        @AssertTrue(message = "must not exceed seatsPerSlot")
        public boolean isReservedSeatsPerSlot() {
            return reservedSeatsPerSlot == null || seatsPerSlot == null || reservedSeatsPerSlot <= seatsPerSlot;
        }
    }
}
