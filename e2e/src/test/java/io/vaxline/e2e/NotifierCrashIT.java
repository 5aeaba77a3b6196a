package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.devstack.client.Clinics;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The notifier is killed with SIGKILL in the middle of a burst of 3,000 booking confirmations and
 * started again. Every confirmation must reach its person, and none twice. The recording channel,
 * like providers that take an idempotency key, absorbs a message handed over again with the same key;
 * its journal records every hand-over, so the test also sees how many were handed over again: the
 * documented bound for providers without such keys (SNS) is one per crash.
 */
class NotifierCrashIT {

    private static final int CONFIRMATIONS = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killingTheNotifierMidBurstLosesNoConfirmationAndSendsNoneTwice() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Path journal = stack.dataDir().resolve("notifier").resolve("sms-journal.jsonl");
        String clinicId = "notifier-crash-" + UUID.randomUUID();
        Instant slot = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(20).atTime(10, 0)
                .atZone(ZoneId.of(Clinics.ZONE)).toInstant();
        Map<String, String> keyToPhone = new HashMap<>();
        int base = ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);

        // The kill is made by a watcher started before the burst, as soon as the journal has gained a twentieth of it:
        // the notifier keeps up with a burst sent one record at a time, so waiting until the sending ends found every
        // text delivered. Only what the journal gains from here on is read, which keeps the watcher quick.
        long journalBefore = Files.exists(journal) ? Files.size(journal) : 0;
        java.util.concurrent.CompletableFuture<Void> killed = java.util.concurrent.CompletableFuture.runAsync(() -> {
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> linesSince(journal, journalBefore) >= CONFIRMATIONS / 20);
            stack.process(Service.NOTIFIER).kill();
        });
        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setClinicId(clinicId).setName("Crash Test Clinic").setAddress("1 Main Street")
                    .setLatitude(59.3).setLongitude(18.0).setTimeZone(Clinics.ZONE).setServices(List.of("covid-19")).build());
            List<AppointmentBooked> bookings = new java.util.ArrayList<>();
            for (int i = 0; i < CONFIRMATIONS; i++) {
                String personId = "notified-" + UUID.randomUUID();
                String phone = "+4673" + (base + i);
                kafka.send(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setPersonId(personId).setPhone(phone).setName("Person " + i)
                        .setBirthYear(1970).setLanguage(i % 2 == 0 ? "en" : "sv").build());
                AppointmentBooked booked = AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setRequestId(UUID.randomUUID().toString())
                        .setAppointmentId(UUID.randomUUID().toString()).setConfirmationCode("CODE-" + i).setPersonId(personId)
                        .setClinicId(clinicId).setService("covid-19").setSlotStart(slot).setSlotEnd(slot.plusSeconds(900))
                        .setClinicTimeZone(Clinics.ZONE).setDoseNumber(1).build();
                bookings.add(booked);
                keyToPhone.put(booked.getEventId() + ":sms", phone);
            }
            for (AppointmentBooked booked : bookings) {
                kafka.send(Topics.BOOKING_EVENTS, clinicId, booked);
            }
        }

        killed.get(2, java.util.concurrent.TimeUnit.MINUTES);
        int beforeKill = delivered(handOvers(journal, keyToPhone)).size();
        stack.startService(Service.NOTIFIER); // before any assertion: the tests after this one need the notifier
        assertThat(beforeKill).as("the kill fell in the middle of the burst").isLessThan(CONFIRMATIONS);

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> delivered(handOvers(journal, keyToPhone)).size() >= CONFIRMATIONS);
        List<JsonNode> all = handOvers(journal, keyToPhone);
        Map<String, Long> deliveredPerKey = delivered(all).stream()
                .collect(Collectors.groupingBy(n -> n.path("idempotencyKey").asText(), Collectors.counting()));
        long repeated = all.stream().filter(n -> n.path("repeat").asBoolean()).count();
        System.out.printf("[notifier crash] delivered before the kill: %d, after: %d, handed over again: %d%n",
                beforeKill, deliveredPerKey.size(), repeated);

        assertThat(deliveredPerKey).as("every confirmation delivered").containsOnlyKeys(keyToPhone.keySet());
        assertThat(deliveredPerKey.values()).as("none delivered twice").allMatch(n -> n == 1);
        assertThat(delivered(all)).allSatisfy(n ->
                assertThat(n.path("phone").asText()).isEqualTo(keyToPhone.get(n.path("idempotencyKey").asText())));
        assertThat(repeated).as("at most the messages in flight at the kill (one per consumer) are handed over again")
                .isLessThanOrEqualTo(3);
    }

    /** How many lines the journal gained after {@code offset} (this burst's texts, as nothing else is sent meanwhile). */
    private static long linesSince(Path journal, long offset) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        try (var file = new java.io.RandomAccessFile(journal.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return 0;
            }
            byte[] added = new byte[(int) Math.min(length - offset, 16 * 1024 * 1024)];
            file.seek(offset);
            file.readFully(added);
            long lines = 0;
            for (byte b : added) {
                if (b == '\n') {
                    lines++;
                }
            }
            return lines;
        }
    }

    /** The journal lines of this test's messages. */
    private static List<JsonNode> handOvers(Path journal, Map<String, String> keys) throws IOException {
        if (!Files.exists(journal)) {
            return List.of();
        }
        return Files.readAllLines(journal).stream().filter(line -> !line.isBlank()).map(parse())
                .filter(n -> n != null && keys.containsKey(n.path("idempotencyKey").asText())).toList();
    }

    private static List<JsonNode> delivered(List<JsonNode> handOvers) {
        return handOvers.stream().filter(n -> !n.path("repeat").asBoolean()).toList();
    }

    private static Function<String, JsonNode> parse() {
        return line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                return null; // a line cut short by the kill
            }
        };
    }
}
