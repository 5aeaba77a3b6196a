package io.vaxline.booking.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class EligibilityTest {

    private static Person person(int birthYear, LocalDate birthDate) {
        Person person = new Person();
        person.birthYear = birthYear;
        person.birthDate = birthDate;
        return person;
    }

    @Test
    void countsWholeYearsFromTheBirthDate() {
        LocalDate day = LocalDate.of(2026, 11, 28);

        assertThat(Eligibility.ageOn(person(2014, LocalDate.of(2014, 11, 28)), day)).isEqualTo(12);
        assertThat(Eligibility.ageOn(person(2014, LocalDate.of(2014, 11, 29)), day)).isEqualTo(11);
    }

    @Test
    void takesTheYoungerReadingWhenOnlyTheBirthYearIsKnown() {
        // Born some day of 2014: on 28 November 2026 that person is 11 or 12; eligibility must not guess the older.
        assertThat(Eligibility.ageOn(person(2014, null), LocalDate.of(2026, 11, 28))).isEqualTo(11);
        assertThat(Eligibility.ageOn(person(2014, null), LocalDate.of(2026, 12, 31))).isEqualTo(11);
        assertThat(Eligibility.ageOn(person(2014, null), LocalDate.of(2027, 1, 1))).isEqualTo(12);
    }
}
