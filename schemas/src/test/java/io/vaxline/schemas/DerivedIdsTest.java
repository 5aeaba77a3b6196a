package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DerivedIdsTest {

    @Test
    void theSameCauseGivesTheSameId() {
        assertThat(DerivedIds.of("invitation", "campaign-1", "patient-7", 2))
                .isEqualTo(DerivedIds.of("invitation", "campaign-1", "patient-7", 2));
    }

    @Test
    void idsOfDifferentKindsOrSourcesFromOneCauseDiffer() {
        assertThat(DerivedIds.of("reminder", "a1")).isNotEqualTo(DerivedIds.of("appointment", "a1"));
        assertThat(DerivedIds.of("invitation", "c", "p", 1)).isNotEqualTo(DerivedIds.of("invitation", "c", "p", 2));
    }

    @Test
    void keepsTheIdsAlreadyOnTheTopicsAndInTheDatabases() {
        // Certificates, doses and outcomes already stored were named "kind:source:…"; a replay must find them again.
        assertThat(DerivedIds.of("certificate", "dose-event-1")).isEqualTo(
                UUID.nameUUIDFromBytes("certificate:dose-event-1".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(DerivedIds.of("vaccination", "clinic", "person", "covid-19", 2)).isEqualTo(
                UUID.nameUUIDFromBytes("vaccination:clinic:person:covid-19:2".getBytes(StandardCharsets.UTF_8)).toString());
    }
}
