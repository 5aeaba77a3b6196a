package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void aRequestProcessedAgainGetsTheSameAppointment() {
        assertThat(Ids.appointmentId("request-1")).isEqualTo(Ids.appointmentId("request-1"));
    }

    @Test
    void differentRequestsGetDifferentAppointments() {
        assertThat(Ids.appointmentId("request-1")).isNotEqualTo(Ids.appointmentId("request-2"));
    }
}
