package io.vaxline.booking.outreach;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.vaxline.problems.InvalidInput;

/**
 * Who a campaign is for: people with any of the listed conditions (none listed: anybody), of an age
 * range on the day the cohort is drawn, living in a postcode starting with one of the prefixes (none:
 * anywhere). Evaluated on the opened personal data, since nothing of it is in clear in the database.
 */
public record Criteria(List<String> conditions, Integer minAge, Integer maxAge, List<String> postcodePrefixes) {

    public Criteria {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        postcodePrefixes = postcodePrefixes == null ? List.of()
                : postcodePrefixes.stream().map(p -> p.replace(" ", "").toUpperCase(Locale.ROOT)).toList();
    }

    public void check(Set<String> knownConditions) {
        for (String condition : conditions) {
            if (!knownConditions.contains(condition)) {
                throw new InvalidInput("criteria.conditions", "'" + condition + "' is not a known condition; they are "
                        + String.join(", ", new TreeSet<>(knownConditions)));
            }
        }
        if (minAge != null && (minAge < 0 || minAge > 130)) {
            throw new InvalidInput("criteria.minAge", "must be from 0 to 130");
        }
        if (maxAge != null && (maxAge < 0 || maxAge > 130)) {
            throw new InvalidInput("criteria.maxAge", "must be from 0 to 130");
        }
        if (minAge != null && maxAge != null && minAge > maxAge) {
            throw new InvalidInput("criteria.maxAge", "is below minAge: nobody could match");
        }
        for (String prefix : postcodePrefixes) {
            if (prefix.isEmpty() || prefix.length() > 16 || !prefix.matches("[A-Z0-9-]+")) {
                throw new InvalidInput("criteria.postcodePrefixes", "'" + prefix + "' is not the start of a postcode");
            }
        }
    }

    public boolean matches(PatientData person, LocalDate today) {
        if (!conditions.isEmpty() && person.conditions().stream().noneMatch(conditions::contains)) {
            return false;
        }
        int age = person.ageOn(today);
        if ((minAge != null && age < minAge) || (maxAge != null && age > maxAge)) {
            return false;
        }
        return postcodePrefixes.isEmpty()
                || (person.postcode() != null && postcodePrefixes.stream().anyMatch(person.postcode()::startsWith));
    }
}
