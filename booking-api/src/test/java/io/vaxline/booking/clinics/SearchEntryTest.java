package io.vaxline.booking.clinics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.api.Test;

/** A search writes each clinic's kept JSON around the caller's distance: byte for byte what Jackson writes. */
class SearchEntryTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theKeptEntryWithTheDistanceIsJacksonsOwnAnswer() throws Exception {
        Instant nine = Instant.parse("2030-03-04T08:00:00Z");
        SlotView first = new SlotView("covid-19", nine, nine.plusSeconds(900), nine.atZone(ZoneId.of("Europe/Stockholm")), 10, 3, 1);
        for (String name : List.of("Vårdcentralen \"Norr\" ,\"distanceKm\":0.0", "Plain", "Ünïcødé – 診療所")) {
            for (double distance : List.of(0.0, 0.1, 1.5, 65.3, 400.0, 12345.6, 19999.9)) {
                ClinicResource.ClinicMatch match = match(name, distance, first);
                ClinicDays.SearchEntry entry = ClinicDays.entry(JSON, match(name, ClinicDays.PLACEHOLDER, first));
                ByteArrayOutputStream written = new ByteArrayOutputStream();
                written.writeBytes(entry.before());
                written.writeBytes(Double.toString(distance).getBytes(StandardCharsets.US_ASCII));
                written.writeBytes(entry.after());
                assertThat(written.toString(StandardCharsets.UTF_8)).as(name + " at " + distance)
                        .isEqualTo(JSON.writeValueAsString(match));
                assertThat(entry.freeSlots()).isEqualTo(7);
            }
        }
    }

    private static ClinicResource.ClinicMatch match(String name, double distance, SlotView first) {
        return new ClinicResource.ClinicMatch("c-1", name, "Storgatan 1, \"B\"", "Europe/Stockholm", 59.33, 18.06, distance, 7, first);
    }
}
