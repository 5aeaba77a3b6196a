package io.vaxline.booking.outreach;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/**
 * A person's personal fields from a patient list. Stored only sealed ({@link PersonalData}); the
 * database keeps nothing of it in clear.
 */
public record PatientData(String ref, String givenName, String familyName, LocalDate birthDate, String phone,
        String email, String postcode, List<String> conditions, String language) {

    public int ageOn(LocalDate day) {
        return Period.between(birthDate, day).getYears();
    }

    public String fullName() {
        return familyName == null || familyName.isEmpty() ? givenName : givenName + " " + familyName;
    }
}
