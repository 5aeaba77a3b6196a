package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trace context through the topology: a command that arrives with a traceparent header is processed
 * in a person-guard span and then, through the seat-requests repartition topic, a clinic-ledger span of
 * the same trace, and the outcome on booking-events carries the ledger span's context for the next
 * service. A command without the header makes no span and its outcome carries none.
 */
class TracedTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private TopologyTestSupport topology;

    @BeforeEach
    void givenAClinic() {
        TopologyTestSupport.SPANS.reset();
        topology = new TopologyTestSupport(Instant.parse("2030-03-01T12:00:00Z"));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 2, 0));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aTracedCommandIsOneTraceThroughTheGuardAndTheLedgerToItsOutcome() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01").getBytes(StandardCharsets.UTF_8));
        topology.input(Topics.BOOKING_COMMANDS).pipeInput(new TestRecord<>("p1", book("r1", "p1", "c1", NINE, false), headers));

        List<TestRecord<String, SpecificRecord>> out = topology.output(Topics.BOOKING_EVENTS.name()).readRecordsToList();
        TestRecord<String, SpecificRecord> booked = out.stream().filter(r -> r.value() instanceof AppointmentBooked)
                .findFirst().orElseThrow();

        List<SpanData> spans = TopologyTestSupport.SPANS.getFinishedSpanItems();
        SpanData guard = span(spans, "person-guard BookAppointment");
        SpanData ledger = span(spans, "clinic-ledger SeatRequest");
        assertThat(guard.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(guard.getParentSpanId()).as("the guard's span continues the caller's").isEqualTo(CALLER_SPAN);
        assertThat(ledger.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(ledger.getParentSpanId()).as("the ledger's span continues the guard's, across the repartition topic")
                .isEqualTo(guard.getSpanId());

        Header carried = booked.headers().lastHeader("traceparent");
        assertThat(carried).as("the outcome carries the trace on to the notifier and booking-api").isNotNull();
        assertThat(new String(carried.value(), StandardCharsets.UTF_8))
                .isEqualTo("00-" + TRACE_ID + "-" + ledger.getSpanId() + "-01");
    }

    @Test
    void aCommandWithoutTraceContextMakesNoSpan() {
        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        List<TestRecord<String, SpecificRecord>> out = topology.output(Topics.BOOKING_EVENTS.name()).readRecordsToList();
        assertThat(out).anySatisfy(r -> assertThat(r.value()).isInstanceOf(AppointmentBooked.class));
        assertThat(out).allSatisfy(r -> assertThat(r.headers().lastHeader("traceparent")).isNull());
        assertThat(TopologyTestSupport.SPANS.getFinishedSpanItems()).isEmpty();
    }

    private static SpanData span(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' among " + spans.stream().map(SpanData::getName).toList()));
    }
}
