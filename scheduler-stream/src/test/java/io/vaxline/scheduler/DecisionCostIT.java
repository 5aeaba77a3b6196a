package io.vaxline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What one booked decision costs on the broker: N BookAppointment commands over a few clinics, all
 * granted, and the records every topic (repartition and changelog topics included) gained meanwhile,
 * counted as committed records read back (read_committed) and as end-offset deltas (which also count
 * the transaction markers). Prints the table; asserts only that every command was granted and that the
 * availability view converged to the true free seats.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(DecisionCostIT.KeepRepartitionRecords.class)
class DecisionCostIT {

    /** Streams deletes consumed records of its repartition topics every 30 s; here they stay to be counted. */
    public static class KeepRepartitionRecords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-streams.repartition.purge.interval.ms", "3600000");
        }
    }

    private static final Logger LOG = Logger.getLogger(DecisionCostIT.class);
    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final int DECISIONS = Integer.getInteger("decision-cost.n", 1000);
    private static final int CLINICS = 4;
    private static final int SLOTS = 48;

    @Test
    void countsTheRecordsOfEveryTopicPerBookedDecision() throws Exception {
        String run = "cost-" + UUID.randomUUID().toString().substring(0, 8);
        ZoneId oslo = ZoneId.of("Europe/Oslo");
        LocalDate day = LocalDate.now(oslo).plusDays(7);
        List<String> clinics = new ArrayList<>();
        for (int c = 0; c < CLINICS; c++) {
            String clinicId = run + "-clinic-" + c;
            clinics.add(clinicId);
            kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setClinicId(clinicId).setName("Cost clinic").setAddress("Storgata 1")
                    .setLatitude(59.91).setLongitude(10.75).setTimeZone("Europe/Oslo").setServices(List.of("covid-19")).build());
            kafka.send(Topics.CLINIC_CAPACITY, clinicId, CapacityPublished.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setClinicId(clinicId).setSessionId("day").setService("covid-19")
                    .setDate(day).setStartTime(LocalTime.of(9, 0)).setEndTime(LocalTime.of(17, 0)).setSlotMinutes(10)
                    .setSeatsPerSlot(1000).build());
        }
        // The clinics and sessions are in; wait for their views so that only the decisions are counted.
        kafka.readUntil(Topics.SLOT_AVAILABILITY, records -> clinics.stream().allMatch(c -> records.stream()
                .anyMatch(r -> r.key().equals(c + "|" + day))), Duration.ofSeconds(60));

        try (Admin admin = Admin.create(InfrastructureTestResource.endpoints().kafkaAdmin().properties())) {
            Map<TopicPartition, Long> before = settledEndOffsets(admin);
            Instant nine = day.atTime(9, 0).atZone(oslo).toInstant();
            long started = System.nanoTime();
            for (int i = 0; i < DECISIONS; i++) {
                String person = run + "-person-" + i;
                kafka.sendAsync(Topics.BOOKING_COMMANDS, person, BookAppointment.newBuilder()
                        .setCommandId(UUID.randomUUID().toString()).setRequestId(run + "-request-" + i)
                        .setOccurredAt(Instant.now()).setPersonId(person).setClinicId(clinics.get(i % CLINICS))
                        .setService("covid-19").setSlotStart(nine.plus(Duration.ofMinutes(10L * ((i / CLINICS) % SLOTS))))
                        .build());
            }
            kafka.flush();
            List<AppointmentBooked> booked = kafka.readUntil(Topics.BOOKING_EVENTS, records -> records.stream()
                            .filter(r -> r.key().startsWith(run)).count() >= DECISIONS, Duration.ofSeconds(300))
                    .stream().filter(r -> r.key().startsWith(run)).map(r -> r.value())
                    .filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast).toList();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(booked).hasSize(DECISIONS);

            Map<TopicPartition, Long> after = settledEndOffsets(admin);
            Map<String, Long> offsets = new TreeMap<>();
            after.forEach((tp, end) -> {
                long delta = end - before.getOrDefault(tp, 0L);
                if (delta > 0) {
                    offsets.merge(tp.topic(), delta, Long::sum);
                }
            });
            Map<String, Long> records = committedRecords(before, after);
            StringBuilder table = new StringBuilder(String.format("%n%d booked decisions in %.1f s (%.0f/s, load %s)%n",
                    DECISIONS, seconds, DECISIONS / seconds, loadAverage()));
            table.append(String.format("%-70s %10s %10s %10s%n", "topic", "records", "per dec.", "end-offs"));
            long totalRecords = 0;
            long totalOffsets = 0;
            for (var e : offsets.entrySet()) {
                long n = records.getOrDefault(e.getKey(), 0L);
                totalRecords += n;
                totalOffsets += e.getValue();
                table.append(String.format("%-70s %10d %10.2f %10d%n", e.getKey(), n, (double) n / DECISIONS, e.getValue()));
            }
            table.append(String.format("%-70s %10d %10.2f %10d (%.2f per decision incl. transaction markers)%n", "TOTAL",
                    totalRecords, (double) totalRecords / DECISIONS, totalOffsets, (double) totalOffsets / DECISIONS));
            LOG.info(table);

            // The view converges to the true free seats: every slot of every clinic shows what was granted in it.
            Map<String, Long> grantedPerSlot = booked.stream().collect(Collectors.groupingBy(
                    b -> b.getClinicId() + "|" + b.getSlotStart(), Collectors.counting()));
            Map<String, SlotAvailability> views = new HashMap<>();
            kafka.readToEnd(Topics.SLOT_AVAILABILITY).forEach(r -> views.put(r.key(), (SlotAvailability) r.value()));
            for (String clinicId : clinics) {
                SlotAvailability view = views.get(clinicId + "|" + day);
                assertThat(view.getSlots()).hasSize(SLOTS);
                for (SlotSeats slot : view.getSlots()) {
                    long granted = grantedPerSlot.getOrDefault(clinicId + "|" + slot.getStart(), 0L);
                    assertThat(slot.getBooked()).as(clinicId + " " + slot.getStart()).isEqualTo((int) granted);
                    assertThat(slot.getFreeForAnyone()).isEqualTo(1000 - (int) granted);
                }
            }
        }
    }

    /** End offsets of every topic once they stop moving (the loop back to the guard and the commits are done). */
    private static Map<TopicPartition, Long> settledEndOffsets(Admin admin) throws Exception {
        Map<TopicPartition, Long> last = endOffsets(admin);
        while (true) {
            Thread.sleep(3000);
            Map<TopicPartition, Long> now = endOffsets(admin);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics().names().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Records committed between the two offsets of every partition, read back read_committed (markers are not records). */
    private static Map<String, Long> committedRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Properties config = new Properties();
        config.putAll(InfrastructureTestResource.endpoints().kafkaAdmin().clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Long> counts = new TreeMap<>();
        List<TopicPartition> moved = to.keySet().stream().filter(tp -> to.get(tp) > from.getOrDefault(tp, 0L)).toList();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(moved);
            moved.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.currentTimeMillis() + 60_000;
            while (moved.stream().anyMatch(tp -> consumer.position(tp) < to.get(tp)) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
                        counts.merge(r.topic(), 1L, Long::sum);
                    }
                });
            }
        }
        return counts;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
