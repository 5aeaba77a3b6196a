package io.vaxline.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.ConfirmationCodes;
import io.vaxline.schemas.DeadLetters;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Events as booking-api and scheduler-stream write them. */
final class Fixtures {

    private Fixtures() {
    }

    /** A valid Swedish mobile number no other test uses. */
    static String phone() {
        return "+4670" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }

    static PersonRegistered person(String personId, String phone, String name, String language) {
        return PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setPhone(phone).setName(name).setBirthYear(1980).setLanguage(language).build();
    }

    /** A booking as scheduler-stream writes it: without the confirmation code, which the notifier computes. */
    static AppointmentBooked booked(String personId, String clinicId, Instant slotStart) {
        return AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setRequestId(UUID.randomUUID().toString()).setAppointmentId(UUID.randomUUID().toString())
                .setPersonId(personId).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(slotStart).setSlotEnd(slotStart.plusSeconds(900)).setClinicTimeZone("Europe/Stockholm")
                .setDoseNumber(1).build();
    }

    /** The confirmation code of an appointment, as booking-api shows it: the keyed hash under this stack's pepper. */
    static String code(String appointmentId) {
        return new ConfirmationCodes(io.vaxline.devstack.InfrastructureTestResource.endpoints().secrets().pepper())
                .of(appointmentId);
    }

    /** The English text's links that move and cancel the appointment, as the notifier makes them (they expire as it begins). */
    static String links(String appointmentId, Instant slotStart) {
        var links = new io.vaxline.schemas.AppointmentLinks(io.vaxline.devstack.InfrastructureTestResource.endpoints().secrets().pepper());
        return " Move: " + LINK_URL + links.token(appointmentId, io.vaxline.schemas.AppointmentLinks.Purpose.RESCHEDULE, slotStart)
                + " Cancel: " + LINK_URL + links.token(appointmentId, io.vaxline.schemas.AppointmentLinks.Purpose.CANCEL, slotStart);
    }

    /** Where the test profile's links lead (the default of APPOINTMENT_LINK_URL). */
    static final String LINK_URL = "http://127.0.0.1:8085/a/";

    /** The keys of every record on {@code topic} (e.g. a dead-letter topic) up to its current end. */
    static java.util.List<String> keysOn(String topic) {
        java.util.Properties config = new java.util.Properties();
        config.putAll(io.vaxline.devstack.InfrastructureTestResource.endpoints().kafkaAdmin().clientConfig());
        config.put("enable.auto.commit", "false");
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    static String reason(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(DeadLetters.REASON);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
