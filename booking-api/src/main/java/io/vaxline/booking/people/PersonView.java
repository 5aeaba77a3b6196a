package io.vaxline.booking.people;

import java.time.LocalDate;
import java.util.List;


/** A member of the caller's household, as they see it (never the ID number, which is kept only hashed). */
public record PersonView(String personId, String name, int birthYear, LocalDate birthDate, List<String> conditions,
        String occupation, String language, String email) {

    static PersonView of(Person p) {
        return new PersonView(p.personId, p.name, p.birthYear, p.birthDate, p.conditionList(), p.occupation, p.language,
                p.email);
    }
}
