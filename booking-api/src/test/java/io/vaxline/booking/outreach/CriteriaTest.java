package io.vaxline.booking.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import io.vaxline.problems.InvalidInput;

import org.junit.jupiter.api.Test;

class CriteriaTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    private static PatientData born(LocalDate birthDate, String postcode, String... conditions) {
        return new PatientData("p1", "Ann", "Lind", birthDate, "+46701234567", null, postcode, List.of(conditions), "sv");
    }

    @Test
    void matchesAnyListedConditionWithinTheAgeRangeAndPostcodePrefix() {
        Criteria criteria = new Criteria(List.of("asthma", "diabetes"), 60, 80, List.of("118 "));

        assertThat(criteria.matches(born(LocalDate.of(1950, 1, 1), "11853", "diabetes"), TODAY)).isTrue();
        assertThat(criteria.matches(born(LocalDate.of(1950, 1, 1), "11853"), TODAY)).as("no listed condition").isFalse();
        assertThat(criteria.matches(born(LocalDate.of(1940, 1, 1), "11853", "asthma"), TODAY)).as("86, above maxAge").isFalse();
        assertThat(criteria.matches(born(LocalDate.of(1950, 1, 1), "41101", "asthma"), TODAY)).as("other postcode").isFalse();
        assertThat(criteria.matches(born(LocalDate.of(1950, 1, 1), null, "asthma"), TODAY)).as("no postcode").isFalse();
    }

    @Test
    void countsAgeOnTheDayTheCohortIsDrawn() {
        Criteria sixtyAndOver = new Criteria(null, 60, null, null);

        assertThat(sixtyAndOver.matches(born(LocalDate.of(1966, 11, 28), null), TODAY)).as("60 today").isTrue();
        assertThat(sixtyAndOver.matches(born(LocalDate.of(1966, 11, 29), null), TODAY)).as("60 tomorrow").isFalse();
    }

    @Test
    void withNothingListedEverybodyMatches() {
        assertThat(new Criteria(null, null, null, null).matches(born(LocalDate.of(2000, 5, 5), null), TODAY)).isTrue();
    }

    @Test
    void refusesUnknownConditionsNamingTheKnownOnes() {
        assertThatThrownBy(() -> new Criteria(List.of("gout"), null, null, null).check(Set.of("asthma", "diabetes")))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("'gout' is not a known condition; they are asthma, diabetes")
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("criteria.conditions");
    }

    @Test
    void refusesAnAgeRangeNobodyCouldMatch() {
        assertThatThrownBy(() -> new Criteria(null, 70, 60, null).check(Set.of()))
                .isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("criteria.maxAge");
        assertThatThrownBy(() -> new Criteria(null, -1, null, null).check(Set.of()))
                .isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("criteria.minAge");
    }

    @Test
    void refusesSomethingThatIsNotTheStartOfAPostcode() {
        assertThatThrownBy(() -> new Criteria(null, null, null, List.of("11*")).check(Set.of()))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("'11*' is not the start of a postcode");
    }
}
