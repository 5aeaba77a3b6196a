package io.vaxline.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Answers booking commands on the real broker the way scheduler-stream does, so booking-api's
 * request-reply can be tested on its own: clinics named "full-…" are full, "silent-…" never answer,
 * every other command is booked. The real decisions are tested in scheduler-stream and end to end.
 */
final class SchedulerStandIn implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SchedulerStandIn(Endpoints endpoints) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduler-stand-in-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Serde<SpecificRecord> avro = AvroSerdes.valueSerde(endpoints.registryUrl());
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(), avro.deserializer());
        TopicClient kafka = new TopicClient(endpoints);
        consumer.subscribe(List.of(Topics.BOOKING_COMMANDS.name()));
        thread = new Thread(() -> {
            try (consumer; kafka) {
                while (running.get()) {
                    for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.value() instanceof BookAppointment command) {
                            answer(kafka, command);
                        }
                    }
                }
            }
        }, "scheduler-stand-in");
        thread.start();
    }

    private static void answer(TopicClient kafka, BookAppointment command) {
        if (command.getClinicId().startsWith("silent-")) {
            return;
        }
        SpecificRecord outcome = command.getClinicId().startsWith("full-")
                ? BookingRejected.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                        .setRequestId(command.getRequestId()).setPersonId(command.getPersonId())
                        .setClinicId(command.getClinicId()).setCommand(BookingCommandType.BOOK)
                        .setReason(RejectionReason.SLOT_FULL).setDetail("no free seat").build()
                : AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                        .setRequestId(command.getRequestId()).setAppointmentId("appt-" + command.getRequestId())
                        .setConfirmationCode("ABCD-EFGH").setPersonId(command.getPersonId())
                        .setClinicId(command.getClinicId()).setService(command.getService())
                        .setSlotStart(command.getSlotStart()).setSlotEnd(command.getSlotStart().plusSeconds(900))
                        .setClinicTimeZone("Europe/Stockholm").setDoseNumber(command.getDoseNumber()).build();
        kafka.send(Topics.BOOKING_EVENTS, command.getClinicId(), outcome);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
