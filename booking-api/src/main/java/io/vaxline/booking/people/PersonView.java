package io.vaxline.booking.people;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A member of the caller's household, as they see it (never the ID number, which is kept only
 * hashed), with the first day they may book when that is still to come.
 */
public record PersonView(String personId, String name, int birthYear, LocalDate birthDate, List<String> conditions,
        String occupation, String language, String email,
        @Schema(description = "The first day this person may book (they reach the minimum age, minAge); "
                + "null when they may book now") LocalDate eligibleFrom,
        @Schema(description = "The minimum age for booking") int minAge) {

    static PersonView of(Person p, Eligibility eligibility) {
        return new PersonView(p.personId, p.name, p.birthYear, p.birthDate, p.conditionList(), p.occupation, p.language,
                p.email, eligibility.eligibleFrom(p, LocalDate.now()), eligibility.minAge());
    }
}
