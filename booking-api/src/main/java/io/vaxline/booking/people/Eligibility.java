package io.vaxline.booking.people;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

/**
 * Who may book, and who belongs to a priority group (and so may take the seats clinics reserve):
 * by age, by listed medical conditions, and by occupations administrators mark as priority.
 */
@ApplicationScoped
public class Eligibility {

    @Inject
    PeopleSettings settings;

    /** Age in whole years on {@code day}: from the birth date when known, else from the birth year (the younger reading). */
    public static int ageOn(Person person, LocalDate day) {
        if (person.birthDate != null) {
            return java.time.Period.between(person.birthDate, day).getYears();
        }
        return day.getYear() - person.birthYear - 1;
    }

    public boolean eligible(Person person, LocalDate day) {
        return ageOn(person, day) >= settings.eligibility().minAge();
    }

    /** The first day on or after {@code today} that the person may book, or null when that is today. */
    public LocalDate eligibleFrom(Person person, LocalDate today) {
        if (eligible(person, today)) {
            return null;
        }
        int minAge = settings.eligibility().minAge();
        // ageOn reads a birth year alone as the younger age, so the year after they turn minAge.
        return person.birthDate != null ? person.birthDate.plusYears(minAge)
                : LocalDate.of(person.birthYear + minAge + 1, 1, 1);
    }

    public int minAge() {
        return settings.eligibility().minAge();
    }

    /** Needs a session (the occupation list) from the caller. */
    public Uni<Boolean> priority(Person person, LocalDate day) {
        if (ageOn(person, day) >= settings.priority().minAge()
                || person.conditionList().stream().anyMatch(settings.priority().conditions()::contains)) {
            return Uni.createFrom().item(true);
        }
        if (person.occupation == null) {
            return Uni.createFrom().item(false);
        }
        return PriorityOccupation.findById(person.occupation).map(found -> found != null);
    }
}
