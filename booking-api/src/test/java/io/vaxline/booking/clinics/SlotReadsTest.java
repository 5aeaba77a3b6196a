package io.vaxline.booking.clinics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** Which slot reads the read front answers itself; everything else goes on to RESTEasy, which names the problem. */
class SlotReadsTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);

    @Test
    void thePlainFormIsAnsweredHere() {
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04"))
                .contains(new SlotReads.Question("c-1", DAY, null, false));
        assertThat(SlotReads.question("/clinics/c-1/slots", "priority=true&date=2030-03-04&service=covid-19"))
                .contains(new SlotReads.Question("c-1", DAY, "covid-19", true));
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04&priority=false"))
                .contains(new SlotReads.Question("c-1", DAY, null, false));
    }

    @Test
    void anythingElseGoesOnToTheResource() {
        assertThat(SlotReads.question("/clinics/c-1/slots", null)).as("no date").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "")).as("no date").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "service=covid-19")).as("no date").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-02-30")).as("no such day").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=04/03/2030")).isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030%2D03%2D04")).as("encoded").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04&date=2030-03-05")).as("twice").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04&priority=TRUE")).isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04&service=Covid")).isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04&limit=3")).as("another parameter").isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots", "date=2030-03-04&")).isEmpty();
        assertThat(SlotReads.question("/clinics/C1/slots", "date=2030-03-04")).as("not an id").isEmpty();
        assertThat(SlotReads.question("/clinics/a/b/slots", "date=2030-03-04")).isEmpty();
        assertThat(SlotReads.question("/clinics//slots", "date=2030-03-04")).isEmpty();
        assertThat(SlotReads.question("/clinics/slots", "date=2030-03-04")).isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/slots/", "date=2030-03-04")).isEmpty();
        assertThat(SlotReads.question("/clinics/c-1/next-dose", "date=2030-03-04")).isEmpty();
    }

    @Test
    void jsonMustBeAcceptable() {
        assertThat(SlotReads.acceptsJson(null)).isTrue();
        assertThat(SlotReads.acceptsJson("*/*")).isTrue();
        assertThat(SlotReads.acceptsJson("application/json")).isTrue();
        assertThat(SlotReads.acceptsJson("application/json, text/plain, */*")).isTrue();
        assertThat(SlotReads.acceptsJson("text/html")).isFalse();
        assertThat(SlotReads.acceptsJson("application/json;q=0, text/html")).as("weights: left to RESTEasy").isFalse();
    }
}
