package io.vaxline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CalendarTest {

    private static final Map<String, Object> APPOINTMENT = Map.of("appointmentId", "a1", "clinicName", "Södermalm; Centre",
            "clinicAddress", "Götgatan 1, Stockholm", "slotStart", "2026-12-01T08:00:00Z", "slotEnd", "2026-12-01T08:15:00Z");

    @Test
    void anEventInUtcWithItsTextEscaped() {
        String ics = Calendar.event(APPOINTMENT, "Vaccination (covid-19) at Södermalm; Centre", "Confirmation code: M49V-720S");

        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n")
                .contains("\r\nUID:a1@vaxline\r\n", "\r\nDTSTART:20261201T080000Z\r\n", "\r\nDTEND:20261201T081500Z\r\n",
                        "\r\nLOCATION:Södermalm\\; Centre\\, Götgatan 1\\, Stockholm\r\n",
                        "\r\nDESCRIPTION:Confirmation code: M49V-720S\r\n");
        assertThat(ics.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(75));
    }

    @Test
    void longLinesFoldAt75OctetsWithoutSplittingACharacter() {
        String line = "SUMMARY:" + "Vaccinationstid på Södermalms vårdcentral ".repeat(4);
        String folded = Calendar.fold(line);

        assertThat(folded.split("\r\n")).allSatisfy(part -> assertThat(part.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(75));
        assertThat(java.util.Arrays.stream(folded.split("\r\n")).skip(1).toList()).allSatisfy(part -> assertThat(part).startsWith(" "));
        assertThat(folded.replace("\r\n ", "")).isEqualTo(line);
    }
}
