package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.vaxline.commands.BookAppointment;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

/**
 * Random bytes and records of the wrong type on every input topic: each is parked on its
 * dead-letter topic with a reason, and the consumers keep going.
 */
final class Poison implements Drill {

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public String title() {
        return "poison records on every input topic";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        List<TopicSpec> inputs = List.of(Topics.CLINICS, Topics.CLINIC_CAPACITY, Topics.BOOKING_COMMANDS, Topics.BOOKING_EVENTS,
                Topics.PEOPLE, Topics.ONE_TIME_CODES, Topics.NOTIFICATION_REQUESTS, Topics.APPOINTMENT_REMINDERS, Topics.VACCINATIONS,
                Topics.CERTIFICATES);
        Map<String, TopicSpec> expected = new LinkedHashMap<>();
        for (TopicSpec topic : inputs) {
            String random = "poison-bytes-" + UUID.randomUUID();
            byte[] bytes = new byte[64];
            ThreadLocalRandom.current().nextBytes(bytes);
            context.kafka.sendRaw(topic.name(), random, bytes);
            expected.put(random, topic);
            String wrong = "poison-schema-" + UUID.randomUUID();
            context.kafka.sendAsAnyType(topic.name(), wrong, topic == Topics.ONE_TIME_CODES
                    ? CertificateRevoked.newBuilder().setEventId(UUID.randomUUID().toString())
                            .setOccurredAt(Instant.now()).setCertificateId("x").setPersonId("x").setReason("wrong topic").build()
                    : OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                            .setPhone("+46700000000").setCode("000000").setLanguage("en").setExpiresAt(Instant.now()).build());
            expected.put(wrong, topic);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, TopicSpec> e : expected.entrySet()) {
            try {
                if (context.kafka.deadLetterReason(e.getValue(), e.getKey(), Duration.ofSeconds(60)).isBlank()) {
                    missing.add(e.getKey() + " on " + e.getValue().deadLetterTopic() + " has no reason");
                }
            } catch (AssertionError notParked) {
                missing.add(e.getKey() + " not on " + e.getValue().deadLetterTopic());
            }
        }
        // An unknown clinic is a decision, not a crash: the command is rejected with a reason.
        BookAppointment unknown = BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId("drill-person")
                .setClinicId("no-such-clinic-" + UUID.randomUUID().toString().substring(0, 8)).setService("covid-19")
                .setSlotStart(Instant.now().plus(Duration.ofDays(2))).setDoseNumber(1).setPriority(false).setAgeYears(40).build();
        context.kafka.send(Topics.BOOKING_COMMANDS, unknown.getPersonId(), unknown);
        BookingRejected rejected = context.kafka.await(Topics.BOOKING_EVENTS, BookingRejected.class,
                r -> r.getRequestId().equals(unknown.getRequestId()), Duration.ofSeconds(60));
        check(missing.isEmpty(), "not parked with a reason: " + missing);
        // Consumers still running: a booking and a certificate still go through.
        BookingRush rush = BookingRush.prepare(context, 5, 1, 1, 5);
        String after = rush.run(context, () -> { });
        context.awaitHealthy(Duration.ofSeconds(30));
        return expected.size() + " poison records parked with a reason on their dead-letter topics; a command for an "
                + "unknown clinic rejected (" + rejected.getReason() + "); afterwards: " + after;
    }
}
