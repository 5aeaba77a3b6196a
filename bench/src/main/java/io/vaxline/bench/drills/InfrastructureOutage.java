package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.await;
import static io.vaxline.bench.drills.DrillContext.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Infrastructure;
import io.vaxline.events.OtpRequested;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The schema registry or PostgreSQL away for 30 s while people book, clinics report doses and texts
 * go out: the outage is waited out. Afterwards nothing new is on any dead-letter topic, every command
 * has its one outcome, and every text and certificate exists once.
 */
final class InfrastructureOutage implements Drill {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int DOSES = 300;
    private static final int TEXTS = 300;
    /** Doses written under a schema version nobody has read yet: their readers must ask the registry. */
    private static final int DOSES_UNDER_NEW_SCHEMA = 3;

    private final String what;
    private final String name;

    private InfrastructureOutage(String what, String name) {
        this.what = what;
        this.name = name;
    }

    static InfrastructureOutage registry() {
        return new InfrastructureOutage("the schema registry", "registry-outage");
    }

    static InfrastructureOutage postgres() {
        return new InfrastructureOutage("PostgreSQL", "postgres-outage");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return "stop " + what + " for 30 s during a booking rush with doses and notifications flowing";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        // One booking before: every producer and reader has its schemas, as in a system that has been running.
        BookingRush.prepare(context, 2, 1, 1, 2).run(context, () -> { });
        BookingRush rush = BookingRush.prepare(context, 200, 4, 4, 5);
        String tag = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> holders = new ArrayList<>();
        for (int i = 0; i < DOSES; i++) {
            String personId = tag + i;
            holders.add(personId);
            context.kafka.sendAsync(Topics.PEOPLE, personId, PersonRegistered.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                    .setPhone("+46701234567").setName("Outage Holder " + i).setBirthYear(1980).build());
        }
        context.kafka.flush();
        String certificates = "SELECT count(*) FROM certificate WHERE person_id LIKE '" + tag + "%'";
        String distinctCertificates = "SELECT count(DISTINCT person_id) FROM certificate WHERE person_id LIKE '" + tag + "%'";
        // Encoded now, while the registry answers; sent while the outage lasts.
        List<byte[]> doses = new ArrayList<>();
        for (int i = 0; i < DOSES; i++) {
            VaccinationAdministered dose = dose(holders.get(i));
            doses.add(i < DOSES_UNDER_NEW_SCHEMA ? context.kafka.encodeUnderNewSchemaVersion(Topics.VACCINATIONS.name(), dose)
                    : context.kafka.encode(Topics.VACCINATIONS, dose));
        }
        Map<String, String> textKeys = new HashMap<>();
        List<String> phones = new ArrayList<>();
        List<byte[]> texts = new ArrayList<>();
        for (int i = 0; i < TEXTS; i++) {
            String phone = "+4672" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            OtpRequested otp = OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                    .setPhone(phone).setCode("654321").setLanguage("en").setExpiresAt(Instant.now().plus(Duration.ofMinutes(30)))
                    .build();
            textKeys.put(otp.getEventId() + ":sms", phone);
            phones.add(phone);
            texts.add(context.kafka.encode(Topics.ONE_TIME_CODES, otp));
        }
        Map<String, Long> parkedBefore = deadLetterEnds(context);

        String bookings = rush.run(context, () -> {
            Infrastructure infra = context.stack.infrastructure();
            try {
                stop(infra);
                long slice = OUTAGE.toMillis() / 10;
                for (int wave = 0; wave < 10; wave++) {
                    for (int i = wave * DOSES / 10; i < (wave + 1) * DOSES / 10; i++) {
                        context.kafka.sendRaw(Topics.VACCINATIONS.name(), holders.get(i), doses.get(i));
                    }
                    for (int i = wave * TEXTS / 10; i < (wave + 1) * TEXTS / 10; i++) {
                        context.kafka.sendRaw(Topics.ONE_TIME_CODES.name(), phones.get(i), texts.get(i));
                    }
                    Thread.sleep(slice);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                start(infra);
            }
        }, true);

        Path journal = context.stack.dataDir().resolve("notifier").resolve("sms-journal.jsonl");
        await(() -> context.countCertificates(certificates) >= DOSES, Duration.ofMinutes(4),
                "certificates missing after the outage: " + DOSES + " doses, " + context.countCertificates(certificates)
                        + " certificates");
        await(() -> delivered(journal, textKeys).size() >= TEXTS, Duration.ofMinutes(4), "texts missing after the outage");
        context.awaitHealthy(Duration.ofMinutes(2));

        check(context.countCertificates(certificates) == DOSES && context.countCertificates(distinctCertificates) == DOSES,
                "certificates doubled: " + context.countCertificates(certificates) + " for " + DOSES + " doses");
        Map<String, Long> perText = new HashMap<>();
        delivered(journal, textKeys).forEach(n -> perText.merge(n.path("idempotencyKey").asText(), 1L, Long::sum));
        check(perText.keySet().equals(textKeys.keySet()), "not every text delivered");
        check(perText.values().stream().allMatch(n -> n == 1), "a text delivered twice");
        String outcomes = oneOutcomeEach(context, Set.copyOf(rush.clinics()));
        Map<String, Long> parkedAfter = deadLetterEnds(context);
        Map<String, Long> newlyParked = new TreeMap<>();
        parkedAfter.forEach((topic, end) -> {
            long added = end - parkedBefore.getOrDefault(topic, 0L);
            if (added > 0) {
                newlyParked.put(topic, added);
            }
        });
        check(newlyParked.isEmpty(), "records parked during the outage: " + newlyParked);
        return what + " down " + OUTAGE.toSeconds() + " s; nothing new on any dead-letter topic; " + outcomes + "; " + DOSES
                + " doses (" + DOSES_UNDER_NEW_SCHEMA + " under a schema version new to their reader) made one certificate each; "
                + TEXTS + " texts delivered once each; " + bookings;
    }

    private void stop(Infrastructure infra) throws IOException {
        if (name.startsWith("registry")) {
            infra.stopRegistry();
        } else {
            infra.stopPostgres();
        }
    }

    private void start(Infrastructure infra) {
        try {
            if (name.startsWith("registry")) {
                infra.startRegistry();
            } else {
                infra.startPostgres();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VaccinationAdministered dose(String personId) {
        return VaccinationAdministered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setClinicId("outage-clinic").setTargetDisease("840539006").setVaccineType("J07BX03")
                .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("L1").setDoseNumber(1).setSeriesDoses(2)
                .setAdministeredAt(Instant.now()).setCountry("SE").setVaccinator("v").build();
    }

    /** Every booking command for these clinics has exactly one outcome on booking-events. */
    static String oneOutcomeEach(DrillContext context, Set<String> clinics) throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (ConsumerRecord<String, SpecificRecord> r : context.kafka.readToEnd(Topics.BOOKING_COMMANDS)) {
            if (r.value() instanceof BookAppointment book && clinics.contains(book.getClinicId())) {
                requests.add(book.getRequestId());
            }
        }
        Map<String, Integer> outcomes = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        do {
            outcomes.clear();
            for (ConsumerRecord<String, SpecificRecord> r : context.kafka.readToEnd(Topics.BOOKING_EVENTS)) {
                BookingOutcome.of(r.value()).map(BookingOutcome::requestId).filter(requests::contains)
                        .ifPresent(id -> outcomes.merge(id, 1, Integer::sum));
            }
            if (outcomes.keySet().containsAll(requests)) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        long missing = requests.stream().filter(id -> !outcomes.containsKey(id)).count();
        long doubled = outcomes.values().stream().filter(n -> n > 1).count();
        check(missing == 0, missing + " of " + requests.size() + " booking commands have no outcome");
        check(doubled == 0, doubled + " booking commands have more than one outcome");
        return requests.size() + " booking commands with one outcome each";
    }

    /** The end offset of each dead-letter topic, summed over its partitions. */
    static Map<String, Long> deadLetterEnds(DrillContext context) {
        Properties config = new Properties();
        config.putAll(context.endpoints.kafkaAdmin().clientConfig());
        Map<String, Long> ends = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.listTopics().forEach((topic, partitions) -> {
                if (topic.endsWith("-dlq")) {
                    List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                    ends.put(topic, consumer.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum());
                }
            });
        }
        return ends;
    }

    static List<JsonNode> delivered(Path journal, Map<String, String> keys) {
        if (!Files.exists(journal)) {
            return List.of();
        }
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(journal)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && keys.containsKey(n.path("idempotencyKey").asText()) && !n.path("repeat").asBoolean()) {
                        lines.add(n);
                    }
                } catch (IOException cutShort) {
                    // a line being written
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
