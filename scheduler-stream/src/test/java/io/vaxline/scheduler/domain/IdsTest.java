package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void aRequestProcessedAgainGetsTheSameAppointmentAndCode() {
        String appointment = Ids.appointmentId("request-1");

        assertThat(Ids.appointmentId("request-1")).isEqualTo(appointment);
        assertThat(Ids.confirmationCode(appointment)).isEqualTo(Ids.confirmationCode(appointment));
    }

    @Test
    void differentRequestsGetDifferentAppointmentsAndCodes() {
        String first = Ids.appointmentId("request-1");
        String second = Ids.appointmentId("request-2");

        assertThat(first).isNotEqualTo(second);
        assertThat(Ids.confirmationCode(first)).isNotEqualTo(Ids.confirmationCode(second));
    }

    @Test
    void confirmationCodesAreTwoGroupsOfFourWithoutLettersThatReadLikeDigits() {
        for (int i = 0; i < 200; i++) {
            assertThat(Ids.confirmationCode(Ids.appointmentId("request-" + i)))
                    .matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        }
    }
}
