package io.vaxline.certificates.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.vaxline.certificates.model.Vaccination;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.VaccineCodes.ValueSet;

/** The dose an administered or corrected event reports, checked before anything is signed. */
record Dose(String eventId, Instant occurredAt, String personId, String clinicId, String appointmentId,
        String targetDisease, String vaccineType, String product, String manufacturer, String lot, int doseNumber,
        int seriesDoses, Instant administeredAt, String country, String vaccinator, String correctsEventId,
        String correctionReason) {

    static Dose of(VaccinationAdministered e) {
        return new Dose(e.getEventId(), e.getOccurredAt(), e.getPersonId(), e.getClinicId(), e.getAppointmentId(),
                e.getTargetDisease(), e.getVaccineType(), e.getProduct(), e.getManufacturer(), e.getLot(),
                e.getDoseNumber(), e.getSeriesDoses(), e.getAdministeredAt(), e.getCountry(), e.getVaccinator(), null, null);
    }

    static Dose of(VaccinationCorrected e) {
        return new Dose(e.getEventId(), e.getOccurredAt(), e.getPersonId(), e.getClinicId(), null,
                e.getTargetDisease(), e.getVaccineType(), e.getProduct(), e.getManufacturer(), e.getLot(),
                e.getDoseNumber(), e.getSeriesDoses(), e.getAdministeredAt(), e.getCountry(), e.getVaccinator(),
                e.getCorrectsEventId(), e.getReason());
    }

    /** UTC+14 (Kiribati's Line Islands), where each day begins first: no dose given on the programme's first day is earlier. */
    private static final ZoneOffset FIRST_TO_START_THE_DAY = ZoneOffset.ofHours(14);

    /**
     * Everything wrong with the dose, each naming its field. Besides the event, only {@code now} (the
     * time the dose is judged and its certificate issued at, passed in so that a replay can judge an
     * event at the time the live service did) and the settings are consulted.
     */
    List<String> problems(Instant now, Duration maxClockSkew, LocalDate programmeStart) {
        List<String> problems = new ArrayList<>();
        Stream.of(ValueSet.values()).map(set -> set.problem(switch (set) {
            case TARGET_DISEASE -> targetDisease;
            case VACCINE_TYPE -> vaccineType;
            case PRODUCT -> product;
            case MANUFACTURER -> manufacturer;
        })).filter(Objects::nonNull).forEach(problems::add);
        if (eventId == null || eventId.isBlank() || eventId.length() > 64) {
            problems.add("eventId must be 1 to 64 characters");
        }
        if (personId == null || personId.isBlank() || personId.length() > 64) {
            problems.add("personId must be 1 to 64 characters");
        }
        if (clinicId == null || clinicId.isBlank() || clinicId.length() > 64) {
            problems.add("clinicId must be 1 to 64 characters");
        }
        if (doseNumber < 1 || doseNumber > 9) {
            problems.add("doseNumber " + doseNumber + " is outside 1..9");
        }
        if (seriesDoses < 1 || seriesDoses > 9) {
            problems.add("seriesDoses " + seriesDoses + " is outside 1..9");
        }
        if (country == null || !country.matches("[A-Z]{2}")) {
            problems.add("country '" + country + "' is not an ISO 3166-1 alpha-2 code");
        }
        if (lot == null || lot.isBlank() || lot.length() > 64) {
            problems.add("lot must be 1 to 64 characters");
        }
        if (vaccinator == null || vaccinator.isBlank() || vaccinator.length() > 128) {
            problems.add("vaccinator must be 1 to 128 characters");
        }
        Instant latest = now.plus(maxClockSkew);
        if (administeredAt != null && administeredAt.isAfter(latest)) {
            problems.add("administered in the future: administeredAt " + administeredAt + " is after now (" + now + ") plus "
                    + describe(maxClockSkew) + " of clock skew");
        }
        if (occurredAt != null && occurredAt.isAfter(latest)) {
            problems.add("recorded in the future: occurredAt " + occurredAt + " is after now (" + now + ") plus "
                    + describe(maxClockSkew) + " of clock skew");
        }
        if (administeredAt != null && administeredAt.isBefore(programmeStart.atStartOfDay(FIRST_TO_START_THE_DAY).toInstant())) {
            problems.add("administered before the programme started: administeredAt " + administeredAt
                    + " is before its first day, " + programmeStart);
        }
        if (administeredAt != null && occurredAt != null && administeredAt.isAfter(occurredAt.plus(Duration.ofDays(1)))) {
            problems.add("administeredAt " + administeredAt + " is after the event was recorded (" + occurredAt
                    + "): a dose is reported after it is given");
        }
        return problems;
    }

    /** "5 minutes", "90 seconds": a duration as the reasons say it. */
    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    Vaccination toEntity() {
        Vaccination v = new Vaccination();
        v.eventId = eventId;
        v.personId = personId;
        v.clinicId = clinicId;
        v.appointmentId = appointmentId;
        v.targetDisease = targetDisease;
        v.vaccineType = vaccineType;
        v.product = product;
        v.manufacturer = manufacturer;
        v.lot = lot;
        v.doseNumber = doseNumber;
        v.seriesDoses = seriesDoses;
        v.administeredAt = administeredAt;
        v.country = country;
        v.vaccinator = vaccinator;
        v.recordedAt = occurredAt;
        v.correctsEventId = correctsEventId;
        v.correctionReason = correctionReason;
        return v;
    }
}
