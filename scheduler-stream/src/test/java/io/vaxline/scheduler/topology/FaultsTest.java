package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.Fixtures.withdraw;
import static io.vaxline.scheduler.topology.SeatDecisionTest.booked;
import static io.vaxline.scheduler.topology.SeatDecisionTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.RejectionReason;
import io.vaxline.internal.SeatRelease;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records that used to stop the stream or corrupt what people are told: each is parked or answered, and the stream goes on. */
class FaultsTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);
    /** The repartition topic from the person guard to the clinic ledger, under the test's application id. */
    private static final String SEAT_REQUESTS = "scheduler-stream-test-" + BookingTopology.SEAT_REQUESTS + "-repartition";

    private TopologyTestSupport topology;

    @BeforeEach
    void givenAClinicWithOneSession() {
        topology = new TopologyTestSupport(NOW);
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 2, 0));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aCancellationThatArrivesAfterTheClinicWithdrewTheSessionIsRefusedNotSentTwice() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        AppointmentBooked booked = topology.single(AppointmentBooked.class, topology.bookingEvents());
        topology.send(Topics.CLINIC_CAPACITY, "c1", withdraw("c1", "s1"));
        assertThat(topology.single(AppointmentCancelled.class, topology.bookingEvents()).getService()).isEqualTo("covid-19");

        // The person's cancellation left the guard before the withdrawal's outcome came back to it.
        seatRequest("c1", release("r2", booked.getAppointmentId(), "c1"));

        List<SpecificRecord> events = topology.bookingEvents();
        assertThat(events).noneMatch(AppointmentCancelled.class::isInstance);
        assertThat(reason(events, "r2")).isEqualTo(RejectionReason.NO_SUCH_APPOINTMENT);
    }

    @Test
    void aSeatReleaseForAnUnknownClinicIsParkedOnTheCommandsDeadLetterTopicAndTheStreamGoesOn() {
        seatRequest("ghost", release("r2", "a-1", "ghost"));

        assertThat(topology.rawRecords(Topics.BOOKING_COMMANDS.deadLetterTopic())).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetters.REASON)).isEqualTo("seat release for unknown clinic ghost");
            assertThat(header(r, DeadLetters.TOPIC)).isEqualTo(Topics.BOOKING_COMMANDS.name());
        });
        assertThat(reason(topology.bookingEvents(), "r2")).as("the person waiting is answered").isEqualTo(RejectionReason.OTHER);

        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r3", "p1", "c1", NINE, false));
        assertThat(booked(topology.bookingEvents(), "r3")).isTrue();
    }

    @Test
    void aClinicInATimeZoneTheSystemDoesNotKnowIsParkedWhenItIsRegistered() {
        topology.send(Topics.CLINICS, "mars", clinic("mars", "Mars/Olympus_Mons"));
        topology.send(Topics.CLINIC_CAPACITY, "mars", session("mars", "s1", DAY, "09:00", "10:00", 2, 0));

        assertThat(topology.rawRecords(Topics.CLINICS.deadLetterTopic())).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetters.REASON)).contains("time zone").contains("Mars/Olympus_Mons");
            assertThat(header(r, DeadLetters.TOPIC)).isEqualTo(Topics.CLINICS.name());
        });
        assertThat(topology.rawRecords(Topics.CLINIC_CAPACITY.deadLetterTopic())).singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetters.REASON)).contains("unknown clinic mars"));
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        assertThat(booked(topology.bookingEvents(), "r1")).isTrue();
    }

    @Test
    void aRecordAProcessorThrowsOnIsParkedWithTheReasonAndTheStreamGoesOn() {
        // Well-formed Avro, but no zone the reminder planner can compute in: it throws.
        AppointmentBooked alien = AppointmentBooked.newBuilder().setEventId("e-1").setOccurredAt(NOW).setRequestId("r-x")
                .setAppointmentId("a-x").setPersonId("p9").setClinicId("c1")
                .setService("covid-19").setSlotStart(NINE).setSlotEnd(NINE.plusSeconds(900))
                .setClinicTimeZone("Mars/Olympus_Mons").setDoseNumber(1).setPriority(false).setSessionId("s1").build();
        topology.send(Topics.BOOKING_EVENTS, "c1", alien);

        assertThat(topology.rawRecords(Topics.BOOKING_EVENTS.deadLetterTopic())).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetters.REASON)).startsWith("reminders could not process AppointmentBooked")
                    .contains("Mars/Olympus_Mons");
            assertThat(header(r, DeadLetters.TOPIC)).isEqualTo(Topics.BOOKING_EVENTS.name());
        });
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));
        assertThat(booked(topology.bookingEvents(), "r1")).isTrue();
    }

    private void seatRequest(String clinicId, SpecificRecord value) {
        topology.driver.createInputTopic(SEAT_REQUESTS, Serdes.String().serializer(), TopologyTestSupport.AVRO.serializer())
                .pipeInput(clinicId, value);
    }

    private static SeatRelease release(String requestId, String appointmentId, String clinicId) {
        return SeatRelease.newBuilder().setAppointmentId(appointmentId).setPersonId("p1").setClinicId(clinicId)
                .setSlotStart(NINE).setCancellation(true).setRequestId(requestId).setReason("plans changed").build();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
