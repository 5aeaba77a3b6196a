package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.BookingRejected;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * scheduler-stream is killed with SIGKILL (no shutdown, no commit) in the middle of a burst of
 * bookings and started again: exactly_once_v2 must leave every command with exactly one outcome and
 * no slot with more bookings than seats. The bookings are for tomorrow and the stack's reminder time
 * is midnight, so each booking is also reminded at once: every booked appointment must get exactly one
 * reminder, however the kill fell.
 */
class SchedulerCrashIT {

    private static final int COMMANDS = 600;
    private static final int SLOTS = 8;
    private static final int SEATS = 5;

    @Test
    void killingTheSchedulerMidBurstLosesNoOutcomeAndSellsNoSeatTwice() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        LocalDate today = LocalDate.now(ZoneId.of(Clinics.ZONE));
        LocalDate day = today.plusDays(1);
        String clinicId = Clinics.open(api, api.adminToken(), day, SLOTS, SEATS);

        Map<String, Instant> requested = new HashMap<>();
        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            for (int i = 0; i < COMMANDS; i++) {
                String requestId = "crash-" + UUID.randomUUID();
                Instant slot = Clinics.at(day, 9, 0).plusSeconds(15 * 60L * ThreadLocalRandom.current().nextInt(SLOTS));
                String personId = "crash-person-" + UUID.randomUUID();
                kafka.send(Topics.BOOKING_COMMANDS, personId, BookAppointment.newBuilder()
                        .setCommandId(UUID.randomUUID().toString()).setRequestId(requestId).setOccurredAt(Instant.now())
                        .setPersonId(personId).setClinicId(clinicId).setService("covid-19").setSlotStart(slot).build());
                requested.put(requestId, slot);
                if (i == COMMANDS / 3) {
                    stack.process(Service.SCHEDULER_STREAM).kill();
                }
            }
            stack.startService(Service.SCHEDULER_STREAM);

            List<ConsumerRecord<String, SpecificRecord>> events = kafka.readUntil(Topics.BOOKING_EVENTS,
                    records -> outcomesFor(records, requested.keySet()).size() >= COMMANDS, Duration.ofMinutes(3));
            List<String> outcomes = outcomesFor(events, requested.keySet());

            assertThat(outcomes).hasSize(COMMANDS).doesNotHaveDuplicates();
            Map<Instant, Long> bookedPerSlot = events.stream().map(ConsumerRecord::value)
                    .filter(v -> v instanceof AppointmentBooked b && requested.containsKey(b.getRequestId()))
                    .map(v -> ((AppointmentBooked) v).getSlotStart())
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertThat(bookedPerSlot.values()).allSatisfy(booked -> assertThat(booked).isLessThanOrEqualTo(SEATS));
            assertThat(bookedPerSlot.values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) SLOTS * SEATS);

            Set<String> booked = events.stream().map(ConsumerRecord::value)
                    .filter(v -> v instanceof AppointmentBooked b && requested.containsKey(b.getRequestId()))
                    .map(v -> ((AppointmentBooked) v).getAppointmentId()).collect(Collectors.toSet());
            List<ConsumerRecord<String, SpecificRecord>> reminders = kafka.readUntil(Topics.APPOINTMENT_REMINDERS,
                    records -> remindedOf(records, booked).containsAll(booked), Duration.ofMinutes(1));
            Assumptions.assumeTrue(LocalDate.now(ZoneId.of(Clinics.ZONE)).equals(today),
                    "midnight passed in the clinic's zone during the test: tomorrow's bookings became today's");
            assertThat(remindedOf(reminders, booked)).as("one reminder per booked appointment")
                    .hasSize(booked.size()).containsExactlyInAnyOrderElementsOf(booked);
        }
    }

    private static List<String> remindedOf(List<ConsumerRecord<String, SpecificRecord>> records, Set<String> appointments) {
        return records.stream().map(ConsumerRecord::value)
                .filter(v -> v instanceof AppointmentReminderDue r && appointments.contains(r.getAppointmentId()))
                .map(v -> ((AppointmentReminderDue) v).getAppointmentId()).toList();
    }

    private static List<String> outcomesFor(List<ConsumerRecord<String, SpecificRecord>> records, Set<String> requestIds) {
        return records.stream().map(ConsumerRecord::value)
                .filter(v -> v instanceof AppointmentBooked || v instanceof BookingRejected)
                .flatMap(v -> BookingOutcome.of(v).stream()).map(BookingOutcome::requestId)
                .filter(requestIds::contains).toList();
    }
}
