package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.internal.SeatRelease;
import io.vaxline.internal.SeatRequest;
import io.vaxline.scheduler.domain.Ids;
import io.vaxline.scheduler.domain.Retention;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The person guard alone, while a request is on its way to the ledger: on the test driver the outcome
 * always comes back before the next command, so this drives the processor by hand. The guard writes
 * nothing to the requests store for an undecided request; the appointment it changes is what marks it.
 */
class InFlightRequestTest {

    private static final Instant NINE = local(LocalDate.of(2030, 3, 4), "09:00", STOCKHOLM);

    private MockProcessorContext<String, SpecificRecord> context;
    private PersonGuardProcessor guard;
    private KeyValueStore<String, SpecificRecord> requests;
    private KeyValueStore<String, SpecificRecord> bookings;
    private KeyValueStore<String, SpecificRecord> services;

    @BeforeEach
    void givenAGuard() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(Instant.parse("2030-03-01T12:00:00Z").toEpochMilli());
        bookings = store(Stores.PERSON_BOOKINGS);
        requests = store(Stores.REQUESTS);
        services = store(Stores.SERVICES);
        guard = new PersonGuardProcessor(Retention.DEFAULT);
        guard.init(context);
    }

    @Test
    void aRequestRepeatedWhileUndecidedIsNeitherSentOnNorAnsweredAgain() {
        BookAppointment book = book("r1", "p1", "c1", NINE, false);
        guard.process(new Record<>("p1", book, 0L));
        assertThat(context.forwarded()).singleElement().satisfies(f -> assertThat(f.record().value()).isInstanceOf(SeatRequest.class));
        assertThat(requests.get("r1")).as("nothing is written for an undecided request").isNull();
        context.resetForwards();

        guard.process(new Record<>("p1", book, 0L));
        assertThat(context.forwarded()).as("the first is still on its way").isEmpty();

        AppointmentBooked booked = AppointmentBooked.newBuilder().setEventId("e1").setOccurredAt(NINE.minusSeconds(3600))
                .setRequestId("r1").setAppointmentId("a1").setPersonId("p1").setClinicId("c1")
                .setService("covid-19").setSlotStart(NINE).setSlotEnd(NINE.plusSeconds(900))
                .setClinicTimeZone(STOCKHOLM).setDoseNumber(1).setPriority(false).setSessionId("s1").build();
        guard.process(new Record<>("p1", booked, 0L));
        guard.process(new Record<>("p1", book, 0L));
        assertThat(context.forwarded()).as("once decided, a repeat gets the outcome").singleElement()
                .satisfies(f -> assertThat(f.record().value()).isEqualTo(booked));
    }

    @Test
    void anotherBookingOfTheSeriesWhileOneIsOnItsWayIsAlreadyBookedNotTheNextDose() {
        services.put("covid-19", Fixtures.series(2, 21, 28));
        BookAppointment first = book("r1", "p1", "c1", NINE, false);
        first.setDoseNumber(0);
        BookAppointment second = book("r2", "p1", "c1", NINE.plusSeconds(3600L * 24 * 28), false);
        second.setDoseNumber(0);
        guard.process(new Record<>("p1", first, 0L));
        context.resetForwards();

        guard.process(new Record<>("p1", second, 0L));
        assertThat(context.forwarded()).as("no second seat request").singleElement().satisfies(f -> {
            assertThat(f.record().value()).isInstanceOf(io.vaxline.events.BookingRejected.class);
            io.vaxline.events.BookingRejected rejected = (io.vaxline.events.BookingRejected) f.record().value();
            assertThat(rejected.getReason()).isEqualTo(io.vaxline.events.RejectionReason.ALREADY_BOOKED);
            assertThat(rejected.getDetail()).contains("dose 1 of covid-19 is already being made");
        });
    }

    /**
     * booking-api answers 201 once booking-events has the AppointmentBooked, one repartition before this guard hears
     * of it: a cancellation sent at once must release the seat just granted, not be told there is no appointment.
     */
    @Test
    void aCancellationOfAnAppointmentGrantedButNotYetHeardOfReleasesItsSeatBehindTheRequest() {
        guard.process(new Record<>("p1", book("r1", "p1", "c1", NINE, false), 0L));
        context.resetForwards();
        String appointmentId = Ids.appointmentId("r1");

        guard.process(new Record<>("p1", CancelAppointment.newBuilder().setCommandId("c-1").setRequestId("r2")
                .setOccurredAt(NINE.minusSeconds(7200)).setPersonId("p1").setAppointmentId(appointmentId)
                .setReason("Changed my mind").build(), 0L));
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.record().key()).as("to the clinic's partition, behind the seat request").isEqualTo("c1");
            SeatRelease release = (SeatRelease) f.record().value();
            assertThat(release.getAppointmentId()).isEqualTo(appointmentId);
            assertThat(release.getRequestId()).isEqualTo("r2");
            assertThat(release.getSlotStart()).isEqualTo(NINE);
            assertThat(release.getCancellation()).isTrue();
        });
        context.resetForwards();

        // A move of it meanwhile is told to wait, not that the appointment does not exist.
        guard.process(new Record<>("p1", io.vaxline.commands.RescheduleAppointment.newBuilder().setCommandId("c-2")
                .setRequestId("r3").setOccurredAt(NINE.minusSeconds(7200)).setPersonId("p1").setAppointmentId(appointmentId)
                .setClinicId("c1").setSlotStart(NINE.plusSeconds(1200)).build(), 0L));
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            io.vaxline.events.BookingRejected rejected = (io.vaxline.events.BookingRejected) f.record().value();
            assertThat(rejected.getReason()).isEqualTo(io.vaxline.events.RejectionReason.OTHER);
            assertThat(rejected.getDetail()).contains("still being booked");
        });
        context.resetForwards();

        // The outcomes come back in the ledger's order: booked, then cancelled; the person holds nothing after.
        guard.process(new Record<>("p1", booked("r1", appointmentId), 0L));
        guard.process(new Record<>("p1", io.vaxline.events.AppointmentCancelled.newBuilder().setEventId("e2")
                .setOccurredAt(NINE.minusSeconds(3600)).setRequestId("r2").setAppointmentId(appointmentId).setPersonId("p1")
                .setClinicId("c1").setService("covid-19").setSlotStart(NINE).setClinicTimeZone(STOCKHOLM).setDoseNumber(1)
                .build(), 0L));
        SpecificRecord left = bookings.get("p1");
        assertThat(left == null ? List.of() : ((io.vaxline.internal.PersonBookings) left).getAppointments()).isEmpty();
    }

    private static AppointmentBooked booked(String requestId, String appointmentId) {
        return AppointmentBooked.newBuilder().setEventId("e-" + requestId).setOccurredAt(NINE.minusSeconds(3600))
                .setRequestId(requestId).setAppointmentId(appointmentId).setPersonId("p1").setClinicId("c1")
                .setService("covid-19").setSlotStart(NINE).setSlotEnd(NINE.plusSeconds(900))
                .setClinicTimeZone(STOCKHOLM).setDoseNumber(1).setPriority(false).setSessionId("s1").build();
    }

    private KeyValueStore<String, SpecificRecord> store(String name) {
        KeyValueStore<String, SpecificRecord> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name), Serdes.String(), TopologyTestSupport.AVRO)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
