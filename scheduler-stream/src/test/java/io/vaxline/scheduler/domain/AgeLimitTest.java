package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgeLimitTest {

    @Test
    void admitsPeopleOfTheYoungestAgeAndOlder() {
        assertThat(AgeLimit.admits(16, 16)).isTrue();
        assertThat(AgeLimit.admits(16, 40)).isTrue();
    }

    @Test
    void rejectsPeopleYoungerThanTheSessionAllows() {
        assertThat(AgeLimit.admits(16, 15)).isFalse();
    }

    @Test
    void aSessionWithoutALimitAdmitsEveryone() {
        assertThat(AgeLimit.admits(null, 2)).isTrue();
        assertThat(AgeLimit.admits(null, null)).isTrue();
    }

    @Test
    void aRequestThatStatesNoAgeIsAdmitted() {
        assertThat(AgeLimit.admits(16, null)).isTrue();
    }
}
