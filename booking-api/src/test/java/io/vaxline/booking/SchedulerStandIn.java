package io.vaxline.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vaxline.commands.AcceptWaitlistOffer;
import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.commands.JoinWaitlist;
import io.vaxline.commands.LeaveWaitlist;
import io.vaxline.commands.RegisterWalkIn;
import io.vaxline.commands.RescheduleAppointment;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingCommandType;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.RejectionReason;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.DerivedIds;
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
 * everything else is granted. The real decisions are tested in scheduler-stream and end to end.
 */
final class SchedulerStandIn implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, AppointmentBooked> appointments = new ConcurrentHashMap<>();
    private final Map<String, Integer> commandsByPerson = new ConcurrentHashMap<>();
    private final Thread thread;

    SchedulerStandIn(Endpoints endpoints) {
        Properties config = new Properties();
        config.putAll(endpoints.kafkaAdmin().clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduler-stand-in-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Serde<SpecificRecord> avro = AvroSerdes.valueSerde(endpoints.registryUrl());
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(), avro.deserializer());
        TopicClient kafka = new TopicClient(endpoints);
        consumer.subscribe(List.of(Topics.BOOKING_COMMANDS.name()));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        thread = new Thread(() -> {
            try (consumer; kafka) {
                while (running.get()) {
                    for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
                        commandsByPerson.merge(record.key(), 1, Integer::sum);
                        SpecificRecord answer = answer(record.value());
                        if (answer != null) {
                            kafka.send(Topics.BOOKING_EVENTS, "stand-in", answer);
                        }
                    }
                }
            }
        }, "scheduler-stand-in");
        thread.start();
    }

    private SpecificRecord answer(SpecificRecord command) {
        Instant now = Instant.now();
        return switch (command) {
            case BookAppointment c when c.getClinicId().startsWith("silent-") -> null;
            case BookAppointment c when c.getClinicId().startsWith("full-") -> BookingRejected.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setRequestId(c.getRequestId())
                    .setPersonId(c.getPersonId()).setClinicId(c.getClinicId()).setCommand(BookingCommandType.BOOK)
                    .setReason(RejectionReason.SLOT_FULL).setDetail("no free seat").build();
            case BookAppointment c -> {
                AppointmentBooked booked = AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(now).setRequestId(c.getRequestId()).setAppointmentId(DerivedIds.of("appointment", c.getRequestId()))
                        .setPersonId(c.getPersonId()).setClinicId(c.getClinicId())
                        .setService(c.getService()).setSlotStart(c.getSlotStart())
                        .setSlotEnd(c.getSlotStart().plusSeconds(900)).setClinicTimeZone("Europe/Stockholm")
                        .setDoseNumber(Math.max(1, c.getDoseNumber())).setPriority(c.getPriority()).build();
                appointments.put(booked.getAppointmentId(), booked);
                yield booked;
            }
            case RescheduleAppointment c -> {
                AppointmentBooked was = appointments.get(c.getAppointmentId());
                yield AppointmentRescheduled.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                        .setRequestId(c.getRequestId()).setAppointmentId(c.getAppointmentId())
                        .setPersonId(c.getPersonId())
                        .setPreviousClinicId(was.getClinicId()).setPreviousSlotStart(was.getSlotStart())
                        .setClinicId(c.getClinicId()).setService(was.getService()).setSlotStart(c.getSlotStart())
                        .setSlotEnd(c.getSlotStart().plusSeconds(900)).setClinicTimeZone("Europe/Stockholm")
                        .setDoseNumber(was.getDoseNumber()).setReason(c.getReason()).build();
            }
            case RegisterWalkIn c when c.getClinicId().startsWith("full-") -> BookingRejected.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setRequestId(c.getRequestId())
                    .setPersonId(c.getPersonId()).setClinicId(c.getClinicId()).setCommand(BookingCommandType.WALK_IN)
                    .setReason(RejectionReason.SLOT_FULL)
                    .setDetail("session morning (09:00–12:00) is full: no seat is free from now to its end").build();
            case RegisterWalkIn c -> {
                Instant slot = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                AppointmentBooked booked = AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(now).setRequestId(c.getRequestId()).setAppointmentId(DerivedIds.of("appointment", c.getRequestId()))
                        .setPersonId(c.getPersonId()).setClinicId(c.getClinicId()).setService(c.getService()).setSlotStart(slot)
                        .setSlotEnd(slot.plusSeconds(900)).setClinicTimeZone("Europe/Stockholm").setDoseNumber(1)
                        .setPriority(c.getPriority()).setWalkIn(true).build();
                appointments.put(booked.getAppointmentId(), booked);
                yield booked;
            }
            case CancelAppointment c -> {
                AppointmentBooked was = appointments.get(c.getAppointmentId());
                yield AppointmentCancelled.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                        .setRequestId(c.getRequestId()).setAppointmentId(c.getAppointmentId())
                        .setPersonId(c.getPersonId()).setClinicId(was.getClinicId()).setService(was.getService())
                        .setSlotStart(was.getSlotStart()).setDoseNumber(was.getDoseNumber()).setReason(c.getReason()).build();
            }
            case JoinWaitlist c -> WaitlistJoined.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                    .setRequestId(c.getRequestId()).setPersonId(c.getPersonId()).setClinicId(c.getClinicId())
                    .setService(c.getService()).setDate(c.getDate()).setPosition(1).build();
            case LeaveWaitlist c -> WaitlistLeft.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                    .setRequestId(c.getRequestId()).setPersonId(c.getPersonId()).setClinicId(c.getClinicId())
                    .setService(c.getService()).setDate(c.getDate()).build();
            case AcceptWaitlistOffer c when c.getOfferId().startsWith("lapsed-") -> BookingRejected.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setRequestId(c.getRequestId())
                    .setPersonId(c.getPersonId()).setClinicId("").setCommand(BookingCommandType.ACCEPT_OFFER)
                    .setReason(RejectionReason.NO_SUCH_SLOT).setDetail("the offer lapsed").build();
            case AcceptWaitlistOffer c -> {
                Instant slot = now.plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                AppointmentBooked booked = AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(now).setRequestId(c.getRequestId()).setAppointmentId("appt-" + UUID.randomUUID())
                        .setPersonId(c.getPersonId()).setClinicId("offer-clinic").setService("covid-19").setSlotStart(slot)
                        .setSlotEnd(slot.plusSeconds(900)).setClinicTimeZone("Europe/Stockholm").setDoseNumber(1).build();
                appointments.put(booked.getAppointmentId(), booked);
                yield booked;
            }
            default -> null;
        };
    }

    /** How many commands for {@code personId} (the key of booking-commands) reached the stand-in. */
    int commandsFor(String personId) {
        return commandsByPerson.getOrDefault(personId, 0);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
