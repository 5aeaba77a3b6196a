package io.vaxline.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;
import io.vaxline.events.AppointmentBooked;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The reply side of request-reply, without Kafka: outcomes handed to the requests waiting for them. */
class BookingOutcomesTest {

    private final BookingOutcomes outcomes = new BookingOutcomes();

    @Test
    void aRequestThatGivesUpDoesNotTakeTheOutcomeFromAnotherStillWaitingForIt() throws Exception {
        // The same Idempotency-Key sent twice: the first request waits 100 ms, the repeat 10 s.
        CompletableFuture<SpecificRecord> impatient = outcomes.await("request-1", Duration.ofMillis(100), Uni.createFrom().voidItem())
                .subscribeAsCompletionStage();
        CompletableFuture<SpecificRecord> patient = outcomes.await("request-1", Duration.ofSeconds(10), Uni.createFrom().voidItem())
                .subscribeAsCompletionStage();
        assertThat(impatient.get(5, TimeUnit.SECONDS)).as("the first gave up: no outcome yet").isNull();

        AppointmentBooked booked = booked("request-1");
        outcomes.deliver(booked);

        assertThat(patient.get(5, TimeUnit.SECONDS)).as("the repeat still gets the outcome").isEqualTo(booked);
    }

    @Test
    void anOutcomeThatCameFirstAnswersTheRequestAtOnce() throws Exception {
        AppointmentBooked booked = booked("request-2");
        outcomes.deliver(booked);

        assertThat(outcomes.await("request-2", Duration.ofSeconds(10), Uni.createFrom().voidItem())
                .subscribeAsCompletionStage().get(1, TimeUnit.SECONDS)).isEqualTo(booked);
    }

    @Test
    void everyWaiterOfOneRequestGetsTheOutcome() throws Exception {
        CompletableFuture<SpecificRecord> first = outcomes.await("request-3", Duration.ofSeconds(10), Uni.createFrom().voidItem())
                .subscribeAsCompletionStage();
        CompletableFuture<SpecificRecord> second = outcomes.await("request-3", Duration.ofSeconds(10), Uni.createFrom().voidItem())
                .subscribeAsCompletionStage();
        AppointmentBooked booked = booked("request-3");
        outcomes.deliver(booked);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(booked);
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(booked);
    }

    private static AppointmentBooked booked(String requestId) {
        Instant slot = Instant.parse("2031-06-12T08:00:00Z");
        return AppointmentBooked.newBuilder().setEventId("e-" + requestId).setOccurredAt(Instant.now()).setRequestId(requestId)
                .setAppointmentId("a-" + requestId).setConfirmationCode("AB12-CD34").setPersonId("p-1").setClinicId("clinic-1")
                .setService("covid-19").setSlotStart(slot).setSlotEnd(slot.plusSeconds(900)).setClinicTimeZone("Europe/Stockholm")
                .setDoseNumber(1).build();
    }
}
