package io.vaxline.scheduler.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.api.OpenTelemetry;
import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.Ports;
import io.vaxline.devstack.ServiceSecrets;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Provisioner;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The booking decision failed over between two regions (docs/architecture.md, "Two regions"): region A is the
 * test infrastructure (its broker, and the one registry and PostgreSQL both regions use, standing for B's replica of
 * A's registry database), region B a second single-node broker in a child JVM, provisioned the same way. MirrorMaker
 * 2 (in this JVM) copies the catalogue's topics, their dead-letter topics and scheduler-stream's changelog topics from
 * A to B under the same names, with checkpoints and the group's offsets synced; not the repartition topics.
 *
 * <p>{@link #theBookingDecisionFailsOverToRegionBAndBackWithoutGrantingASeatTwice}: the topology runs in A and books
 * {@value #BOOKED_IN_A} of a slot's {@value #SEATS} seats. It is drained (nothing left on its repartition topics,
 * which are not mirrored) and stopped, the mirror is waited for (every committed record copied, the group's offsets
 * translated) and stopped. A then books {@value #TAIL} more (its tail: the replication lag of an unplanned failover,
 * but the whole tail, every topic alike, so B holds a consistent older copy) and A's broker is stopped. The same
 * topology (same application id) starts in B on an empty state folder, restores its stores from the mirrored
 * changelogs and goes on from the translated offsets; {@value #NEW_IN_B} more people book there, three people booked in
 * A try again, three of A's requests are sent again, and {@value #LATER_IN_B} people book the next slot. What holds:
 * the slot's seats are granted exactly once each in B (the tail's seats are B's to give: B never heard of them), each
 * person holds at most one appointment, and a request decided in A gets A's outcome again in B, not a second decision.
 * Then fail-back: B is drained and stopped, A's broker comes back with its log, the tail's people are listed from it
 * (A's bookings B never received), A's copies are emptied (the tail with them) and B is mirrored back to A; the
 * topology starts in A again and books on. B's decisions stand in A, the tail's people can book again, and both slots
 * end exactly full in A's booking-events, nobody twice.
 *
 * <p>{@link #withTheChangelogsBehindBookingEventsRegionBSellsTheLateSeatsAgain}: a failover with lag, where B's copy of
 * the changelogs is behind its copy of booking-events. It asserts the damage (a slot oversold, people booked twice):
 * the guarantee that does not hold yet. Run on its own: {@code -Dit.test=BookingFailoverIT}.
 */
class BookingFailoverIT {

    private static final String APPLICATION_ID = "scheduler-stream";
    private static final int SEATS = 20;
    private static final int BOOKED_IN_A = 12;
    private static final int NEW_IN_B = 30;
    private static final int TAIL = 2;
    private static final int LATER_IN_B = 6;
    private static final int NEW_AFTER_FAIL_BACK = 20;
    private static final ZoneId ZONE = ZoneId.of("Europe/Oslo");

    private static final int LAG_SEATS = 8;
    private static final int EARLY = 4;
    private static final int LATE = 3;
    private static final String SEATS_CHANGELOG = APPLICATION_ID + "-" + Stores.SEATS + "-changelog";

    private final Path dataDir = Path.of("target", "booking-failover-" + UUID.randomUUID()).toAbsolutePath();
    private Process brokerB;
    private boolean regionALost;

    @Test
    void theBookingDecisionFailsOverToRegionBAndBackWithoutGrantingASeatTwice() throws Exception {
        long started = System.nanoTime();
        Endpoints a = InfrastructureTestResource.endpoints();
        MirrorMaker mirror = null;
        KafkaStreams inA = null;
        KafkaStreams inB = null;
        try {
            Endpoints b = regionB(a);
            // The mirror runs from the start, before any record: its checkpoint task translates offsets only with the
            // offset syncs it saw being written.
            mirror = mirror(a, b, "b", true);

            // Region A decides.
            inA = start(a, dataDir.resolve("state-a"));
            String clinicId = "failover-" + UUID.randomUUID();
            LocalDate day = LocalDate.now(ZONE).plusDays(7);
            Instant nine = day.atTime(9, 0).atZone(ZONE).toInstant();
            Instant nineTwenty = day.atTime(9, 20).atZone(ZONE).toInstant();
            Map<String, SpecificRecord> decidedInA;
            try (TopicClient kafkaA = new TopicClient(a)) {
                clinic(kafkaA, clinicId, day, SEATS);
                List<String> requests = new ArrayList<>();
                for (int i = 0; i < BOOKED_IN_A; i++) {
                    requests.add(book(kafkaA, clinicId, "a-person-" + i, clinicId + "-a-" + i, nine));
                }
                decidedInA = outcomes(kafkaA, requests, Map.of());
            }
            assertThat(decidedInA.values()).as("decided in A").hasSize(BOOKED_IN_A).allMatch(AppointmentBooked.class::isInstance);
            awaitDrained(a.kafkaAdmin());
            inA.close(Duration.ofSeconds(60));
            inA = null;

            // Everything A committed is copied, and the group's offsets translated, before A is lost: a clean failover.
            Set<String> mirrored = awaitMirrored(a.kafkaAdmin(), b.kafkaAdmin(), true, Duration.ofSeconds(120));
            Map<TopicPartition, Long> committedInA = committed(a.kafkaAdmin(), mirrored);
            Map<TopicPartition, Long> translated = awaitTranslated(b.kafkaAdmin(), committedInA, Duration.ofSeconds(120));
            mirror.stop();
            mirror = null;

            // A's tail: A books on after the mirror's last copy (the replication lag of an unplanned failover, here
            // deterministic). B never hears of these bookings; they are lost, and must not come back on fail-back.
            List<String> tail = new ArrayList<>();
            inA = start(a, dataDir.resolve("state-a"));
            try (TopicClient kafkaA = new TopicClient(a)) {
                for (int i = 0; i < TAIL; i++) {
                    tail.add(book(kafkaA, clinicId, "tail-person-" + i, clinicId + "-tail-" + i, nine));
                }
                decidedInA.putAll(outcomes(kafkaA, tail, Map.of()));
            }
            assertThat(tail).as("A's tail").allSatisfy(r -> assertThat(decidedInA.get(r)).as(r).isInstanceOf(AppointmentBooked.class));
            awaitDrained(a.kafkaAdmin());
            inA.close(Duration.ofSeconds(60));
            inA = null;
            loseRegionA();
            long failedOver = System.nanoTime();

            // Region B: the same application, an empty state folder, the mirrored changelogs and translated offsets.
            Map<TopicPartition, Long> mirroredEnd = endOffsets(b.kafkaAdmin(), Topics.BOOKING_EVENTS.name());
            inB = start(b, dataDir.resolve("state-b"));
            double restoredSeconds = (System.nanoTime() - failedOver) / 1e9;
            Map<String, SpecificRecord> decidedInB;
            List<String> repeated = new ArrayList<>();
            List<String> again = new ArrayList<>();
            List<String> newcomers = new ArrayList<>();
            List<String> laterInB = new ArrayList<>();
            try (TopicClient kafkaB = new TopicClient(b)) {
                for (int i = 0; i < 3; i++) {
                    // the same request sent again (a client retrying after the failover) ...
                    repeated.add(book(kafkaB, clinicId, "a-person-" + i, clinicId + "-a-" + i, nine));
                    // ... and a new request of someone booked in A
                    again.add(book(kafkaB, clinicId, "a-person-" + i, clinicId + "-again-" + i, nine));
                }
                for (int i = 0; i < NEW_IN_B; i++) {
                    newcomers.add(book(kafkaB, clinicId, "b-person-" + i, clinicId + "-b-" + i, nine));
                }
                for (int i = 0; i < LATER_IN_B; i++) {
                    laterInB.add(book(kafkaB, clinicId, "b-later-" + i, clinicId + "-b-later-" + i, nineTwenty));
                }
                List<String> all = new ArrayList<>(repeated);
                all.addAll(again);
                all.addAll(newcomers);
                all.addAll(laterInB);
                decidedInB = outcomes(kafkaB, all, mirroredEnd);
            }

            // A request decided in A gets A's outcome again, not a new decision.
            for (String request : repeated) {
                assertThat(decidedInB.get(request)).as("the outcome of " + request + " in B").isInstanceOf(AppointmentBooked.class)
                        .satisfies(o -> assertThat(((AppointmentBooked) o).getAppointmentId())
                                .isEqualTo(((AppointmentBooked) decidedInA.get(request)).getAppointmentId()));
            }
            // Someone booked in A is still booked in B: the person guard's state came over.
            assertThat(again).allSatisfy(request -> assertThat(decidedInB.get(request)).as(request)
                    .isInstanceOf(BookingRejected.class));
            // The slot's seats: those A granted before the last copy are still taken in B, the rest (the tail's seats
            // among them: B never heard of the tail) go to the first of the newcomers.
            long grantedInB = newcomers.stream().filter(r -> decidedInB.get(r) instanceof AppointmentBooked).count();
            assertThat(grantedInB).as("seats granted in B").isEqualTo(SEATS - BOOKED_IN_A);
            assertThat(laterInB).as("booked at 9:20 in B")
                    .allSatisfy(r -> assertThat(decidedInB.get(r)).as(r).isInstanceOf(AppointmentBooked.class));

            // Across both regions' booking-events (B's holds A's copied decisions and its own): one appointment per
            // seat, at most one per person.
            List<AppointmentBooked> bookings = bookings(b, clinicId);
            assertOneAppointmentPerSeatAndPerson(bookings, Map.of(nine, SEATS, nineTwenty, LATER_IN_B));
            System.out.printf("BookingFailoverIT: %d seats; %d booked in A, %d in A's tail, %d in B (%d asked); group offsets "
                    + "committed in A %s, translated in B %s; B decided %.1f s after A was lost%n", SEATS, BOOKED_IN_A, TAIL,
                    grantedInB, NEW_IN_B, new TreeMap<>(committedInA.entrySet().stream().filter(e -> e.getKey().topic().equals("booking-commands"))
                            .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))),
                    new TreeMap<>(translated.entrySet().stream().filter(e -> e.getKey().topic().equals("booking-commands"))
                            .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))),
                    restoredSeconds);

            // Fail-back. B is drained and stopped; A comes back with its log as it was, tail included.
            awaitDrained(b.kafkaAdmin());
            inB.close(Duration.ofSeconds(60));
            inB = null;
            InfrastructureTestResource.startKafka();
            regionALost = false;
            long failingBack = System.nanoTime();
            // The tail is listed from A's log (A's bookings B never received), so its people can be told their booking
            // did not survive the failover; then A's copies are emptied, the tail with them, not merged.
            Set<String> receivedByB = bookings.stream().map(AppointmentBooked::getAppointmentId).collect(Collectors.toSet());
            List<String> lostPeople = bookings(a, clinicId).stream().filter(booked -> !receivedByB.contains(booked.getAppointmentId()))
                    .map(AppointmentBooked::getPersonId).sorted().toList();
            assertThat(lostPeople).as("A's bookings B never received").isEqualTo(
                    java.util.stream.IntStream.range(0, TAIL).mapToObj(i -> "tail-person-" + i).toList());
            emptyForFailBack(a.kafkaAdmin());
            mirror = mirror(b, "b", a, "a", true);
            Set<String> mirroredBack = awaitMirrored(b.kafkaAdmin(), a.kafkaAdmin(), true, Duration.ofSeconds(120));
            awaitTranslated(a.kafkaAdmin(), committed(b.kafkaAdmin(), mirroredBack), Duration.ofSeconds(120));
            mirror.stop();
            mirror = null;
            stop(brokerB);
            brokerB = null;

            // Region A again, on an empty state folder: its stores come from the changelogs mirrored back.
            Map<TopicPartition, Long> mirroredBackEnd = endOffsets(a.kafkaAdmin(), Topics.BOOKING_EVENTS.name());
            inA = start(a, dataDir.resolve("state-a-again"));
            double failedBackSeconds = (System.nanoTime() - failingBack) / 1e9;
            // Someone granted 9:00 in B: their request sent again, and a new request of theirs for 9:20.
            AppointmentBooked grantedInBooked = newcomers.stream().map(decidedInB::get).filter(AppointmentBooked.class::isInstance)
                    .map(AppointmentBooked.class::cast).findFirst().orElseThrow();
            String repeatedBack = grantedInBooked.getRequestId();
            String bookedInBAgain = repeatedBack + "-again";
            List<String> tailAgain = new ArrayList<>();
            List<String> backNewcomers = new ArrayList<>();
            Map<String, SpecificRecord> decidedBack = new HashMap<>();
            try (TopicClient kafkaA = new TopicClient(a)) {
                List<String> first = new ArrayList<>();
                first.add(book(kafkaA, clinicId, grantedInBooked.getPersonId(), repeatedBack, nine));
                first.add(book(kafkaA, clinicId, grantedInBooked.getPersonId(), bookedInBAgain, nineTwenty));
                for (int i = 0; i < TAIL; i++) {
                    // the tail's people, told, book again: A's guard forgot them with the tail
                    tailAgain.add(book(kafkaA, clinicId, "tail-person-" + i, clinicId + "-tail-again-" + i, nineTwenty));
                }
                first.addAll(tailAgain);
                decidedBack.putAll(outcomes(kafkaA, first, mirroredBackEnd));
                // then newcomers, more than the seats left at 9:20, and one for the full 9:00
                for (int i = 0; i < NEW_AFTER_FAIL_BACK; i++) {
                    backNewcomers.add(book(kafkaA, clinicId, "back-person-" + i, clinicId + "-back-" + i, nineTwenty));
                }
                List<String> then = new ArrayList<>(backNewcomers);
                then.add(book(kafkaA, clinicId, "back-late", clinicId + "-back-late", nine));
                decidedBack.putAll(outcomes(kafkaA, then, mirroredBackEnd));
            }
            // B's decisions stand in A: the same outcome again, the person still booked, the full slot still full.
            assertThat(decidedBack.get(repeatedBack)).as("the outcome of " + repeatedBack + " in A again")
                    .isInstanceOf(AppointmentBooked.class).satisfies(o -> assertThat(((AppointmentBooked) o).getAppointmentId())
                            .isEqualTo(grantedInBooked.getAppointmentId()));
            assertThat(decidedBack.get(bookedInBAgain)).as(grantedInBooked.getPersonId() + " books again in A")
                    .isInstanceOf(BookingRejected.class);
            assertThat(decidedBack.get(clinicId + "-back-late")).as("9:00 after fail-back").isInstanceOf(BookingRejected.class);
            assertThat(tailAgain).allSatisfy(r -> assertThat(decidedBack.get(r)).as(r).isInstanceOf(AppointmentBooked.class));
            long grantedBack = backNewcomers.stream().filter(r -> decidedBack.get(r) instanceof AppointmentBooked).count();
            assertThat(grantedBack).as("9:20 seats granted after fail-back").isEqualTo(SEATS - LATER_IN_B - TAIL);

            // A's booking-events after fail-back: both slots exactly full, no one twice, the tail's lost bookings gone.
            List<AppointmentBooked> afterFailBack = bookings(a, clinicId);
            assertOneAppointmentPerSeatAndPerson(afterFailBack, Map.of(nine, SEATS, nineTwenty, SEATS));
            System.out.printf("BookingFailoverIT (fail-back): %d tail bookings listed and discarded; A decided again %.1f s after "
                    + "the fail-back began; %d more granted at 9:20 in A (%d asked); %.0f s in all%n", lostPeople.size(),
                    failedBackSeconds, grantedBack, backNewcomers.size(), (System.nanoTime() - started) / 1e9);
        } finally {
            close(inA, inB, mirror);
        }
    }

    /** The clinic's appointments in a region's booking-events. */
    private static List<AppointmentBooked> bookings(Endpoints region, String clinicId) {
        try (TopicClient kafka = new TopicClient(region)) {
            return kafka.readToEnd(Topics.BOOKING_EVENTS).stream().map(ConsumerRecord::value)
                    .filter(AppointmentBooked.class::isInstance).map(AppointmentBooked.class::cast)
                    .filter(booked -> booked.getClinicId().equals(clinicId)).toList();
        }
    }

    /** Each slot holds exactly its expected number of distinct appointments, and each person at most one. */
    private static void assertOneAppointmentPerSeatAndPerson(List<AppointmentBooked> bookings, Map<Instant, Integer> expected) {
        Map<Instant, Set<String>> bySlot = bookings.stream().collect(Collectors.groupingBy(AppointmentBooked::getSlotStart,
                Collectors.mapping(AppointmentBooked::getAppointmentId, Collectors.toSet())));
        assertThat(bySlot.keySet()).as("slots booked").isEqualTo(expected.keySet());
        expected.forEach((slot, seats) -> assertThat(bySlot.get(slot)).as("appointments at " + slot).hasSize(seats));
        Map<String, Set<String>> byPerson = bookings.stream().collect(Collectors.groupingBy(AppointmentBooked::getPersonId,
                Collectors.mapping(AppointmentBooked::getAppointmentId, Collectors.toSet())));
        assertThat(byPerson).allSatisfy((person, held) -> assertThat(held).as(person).hasSize(1));
    }

    /**
     * Fail-back's first step in A: the stream's group and every topic the mirror copies or the stream made are deleted,
     * and the catalogue's topics made again empty (the mirror makes the changelogs). A's unmirrored tail goes with them.
     */
    private static void emptyForFailBack(KafkaAccess a) throws Exception {
        try (Admin admin = Admin.create(a.properties())) {
            // The stream's members in A, closed before A was lost, are still in the group A's broker came back with
            // (Kafka Streams does not leave the group on close): they are removed, then the group deleted.
            long groupDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    admin.removeMembersFromConsumerGroup(APPLICATION_ID, new RemoveMembersFromConsumerGroupOptions()).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // none left to remove
                }
                try {
                    admin.deleteConsumerGroups(List.of(APPLICATION_ID)).all().get();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > groupDeadline) {
                        throw e;
                    }
                    sleep(500);
                }
            }
            Set<String> doomed = admin.listTopics().names().get().stream()
                    .filter(t -> mirrors(t, true) || t.startsWith(APPLICATION_ID + "-")).collect(Collectors.toSet());
            admin.deleteTopics(doomed).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (admin.listTopics().names().get().stream().anyMatch(doomed::contains)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("A's topics were not deleted in 60 s");
                }
                sleep(250);
            }
        }
        Provisioner.provisionTopics(a, (short) 1);
    }

    /**
     * A failover with lag, made deterministic: the mirror copies everything while A books {@value #EARLY} seats, then
     * copies A's topics but not the changelogs while A books {@value #LATE} more (MirrorMaker copies each topic on its
     * own, so lag can leave B's changelogs behind B's booking-events in the same way). Region B restores a ledger and
     * a person guard that never saw the late bookings, while its booking-events hold them and its translated offsets
     * skip their commands and outcomes. This test asserts the damage the document describes, so that it is known and
     * measured: B sells the late bookings' seats again and the late people hold two appointments each. It is the
     * guarantee that does not hold yet; the fix (the ledger rebuilding its seats from the mirrored booking-events on
     * failover) would make this test fail, and it should then assert the opposite.
     */
    @Test
    void withTheChangelogsBehindBookingEventsRegionBSellsTheLateSeatsAgain() throws Exception {
        Endpoints a = InfrastructureTestResource.endpoints();
        MirrorMaker mirror = null;
        KafkaStreams inA = null;
        KafkaStreams inB = null;
        try {
            Endpoints b = regionB(a);
            mirror = mirror(a, b, "b-lag", true);
            String clinicId = "lag-" + UUID.randomUUID();
            LocalDate day = LocalDate.now(ZONE).plusDays(7);
            Instant nine = day.atTime(9, 0).atZone(ZONE).toInstant();
            List<String> late = new ArrayList<>();
            Map<String, SpecificRecord> decidedInA = new HashMap<>();
            inA = start(a, dataDir.resolve("state-a"));
            try (TopicClient kafkaA = new TopicClient(a)) {
                clinic(kafkaA, clinicId, day, LAG_SEATS);
                List<String> early = new ArrayList<>();
                for (int i = 0; i < EARLY; i++) {
                    early.add(book(kafkaA, clinicId, clinicId + "-early-" + i, clinicId + "-early-" + i, nine));
                }
                decidedInA.putAll(outcomes(kafkaA, early, Map.of()));
                awaitDrained(a.kafkaAdmin());
                inA.close(Duration.ofSeconds(60));
                inA = null;
                awaitMirrored(a.kafkaAdmin(), b.kafkaAdmin(), true, Duration.ofSeconds(120));
                mirror.stop();
                mirror = null;

                inA = start(a, dataDir.resolve("state-a"));
                for (int i = 0; i < LATE; i++) {
                    late.add(book(kafkaA, clinicId, clinicId + "-late-" + i, clinicId + "-late-" + i, nine));
                }
                decidedInA.putAll(outcomes(kafkaA, late, Map.of()));
                awaitDrained(a.kafkaAdmin());
                inA.close(Duration.ofSeconds(60));
                inA = null;
            }
            assertThat(decidedInA.values()).as("decided in A").hasSize(EARLY + LATE).allMatch(AppointmentBooked.class::isInstance);

            // The lag: A's topics are copied up to date, with the group's offsets; the changelogs are not.
            mirror = mirror(a, b, "b-lag", false);
            Set<String> mirrored = awaitMirrored(a.kafkaAdmin(), b.kafkaAdmin(), false, Duration.ofSeconds(120));
            awaitTranslated(b.kafkaAdmin(), committed(a.kafkaAdmin(), mirrored), Duration.ofSeconds(120));
            mirror.stop();
            mirror = null;
            long seatsInA = countRecords(a.kafkaAdmin(), SEATS_CHANGELOG);
            long seatsInB = endOffsets(b.kafkaAdmin(), SEATS_CHANGELOG).values().stream().mapToLong(Long::longValue).sum();
            assertThat(seatsInB).as("B's copy of the seats changelog is behind A's").isLessThan(seatsInA);
            loseRegionA();

            Map<TopicPartition, Long> mirroredEnd = endOffsets(b.kafkaAdmin(), Topics.BOOKING_EVENTS.name());
            inB = start(b, dataDir.resolve("state-b"));
            List<String> inRegionB = new ArrayList<>();
            Map<String, SpecificRecord> decidedInB;
            try (TopicClient kafkaB = new TopicClient(b)) {
                for (int i = 0; i < LATE; i++) {
                    inRegionB.add(book(kafkaB, clinicId, clinicId + "-late-" + i, clinicId + "-late-again-" + i, nine));
                }
                inRegionB.add(book(kafkaB, clinicId, clinicId + "-newcomer", clinicId + "-newcomer", nine));
                decidedInB = outcomes(kafkaB, inRegionB, mirroredEnd);
            }
            List<AppointmentBooked> bookings = bookings(b, clinicId);
            Set<String> appointments = bookings.stream().map(AppointmentBooked::getAppointmentId).collect(Collectors.toSet());
            Map<String, Set<String>> byPerson = bookings.stream().collect(Collectors.groupingBy(AppointmentBooked::getPersonId,
                    Collectors.mapping(AppointmentBooked::getAppointmentId, Collectors.toSet())));
            // B's ledger knows EARLY seats taken, so it grants LAG_SEATS - EARLY more: every request sent in B.
            assertThat(inRegionB).as("granted in B").allSatisfy(r -> assertThat(decidedInB.get(r)).as(r).isInstanceOf(AppointmentBooked.class));
            assertThat(appointments).as("appointments for " + LAG_SEATS + " seats: oversold by the late bookings")
                    .hasSize(EARLY + LATE + inRegionB.size());
            assertThat(late).allSatisfy(r -> assertThat(byPerson.get(r)).as("appointments of " + r).hasSize(2));
            System.out.printf("BookingFailoverIT (lag): %d seats; %d booked in A before the changelogs stopped being copied, %d after; "
                    + "seats changelog %d records in A, %d in B; B granted %d more: %d appointments for %d seats%n", LAG_SEATS, EARLY,
                    LATE, seatsInA, seatsInB, inRegionB.size(), appointments.size(), LAG_SEATS);
        } finally {
            close(inA, inB, mirror);
        }
    }

    /**
     * Waits until the stream's group has read every record of every partition it reads, its repartition topics
     * included: nothing is in flight between the person guard and the ledger. Those topics are not mirrored, so what
     * is in them when A is lost is lost (the drill's first run, without this wait, lost an outcome on its way back to
     * the guard: in B the guard kept that booking "being made" and never answered its request again).
     */
    private static void awaitDrained(KafkaAccess a) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int quiet = 0;
        while (quiet < 2) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            try (Admin admin = Admin.create(a.properties())) {
                admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                    if (o != null) {
                        committed.put(tp, o.offset());
                        latest.put(tp, OffsetSpec.latest());
                    }
                });
                Map<TopicPartition, Long> behind = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
                admin.listOffsets(latest).all().get().forEach((tp, end) -> {
                    if (end.offset() > committed.get(tp)) {
                        behind.put(tp, end.offset() - committed.get(tp));
                    }
                });
                quiet = behind.isEmpty() ? quiet + 1 : 0;
                if (!behind.isEmpty() && System.nanoTime() > deadline) {
                    throw new AssertionError("the stream in A is still behind on " + behind + " after 60 s");
                }
            }
            sleep(500);
        }
    }

    /** Region B's broker, provisioned as A's was: its topics, logins and ACLs come from the provisioner, not the mirror. */
    private Endpoints regionB(Endpoints a) throws Exception {
        Map<String, String> passwords = a.secrets().kafkaPasswords();
        brokerB = startRegionB(passwords.get(KafkaPrincipals.PROVISIONER), passwords.get(ServiceSecrets.KAFKA_CONTROLLER));
        Endpoints b = new Endpoints(Files.readString(dataDir.resolve("region-b").resolve("ready")).trim(), a.registryUrl(),
                a.dbHost(), a.dbPort(), a.dbUser(), a.dbPassword(), a.secrets());
        Provisioner.provisionTopics(b.kafkaAdmin(), (short) 1);
        Map<String, String> principals = new LinkedHashMap<>(passwords);
        principals.remove(KafkaPrincipals.PROVISIONER);
        principals.remove(ServiceSecrets.KAFKA_CONTROLLER);
        Provisioner.provisionPrincipals(b.kafkaAdmin(), principals);
        return b;
    }

    /** Region A is lost: its broker stops (the registry and its database stay, standing for B's replica of them). */
    private void loseRegionA() {
        InfrastructureTestResource.stopKafka();
        regionALost = true;
    }

    /** Whatever a test left running stops: the streams, the mirror, region B's broker; A's comes back for the next test. */
    private void close(KafkaStreams inA, KafkaStreams inB, MirrorMaker mirror) throws Exception {
        if (inA != null) {
            inA.close(Duration.ofSeconds(30));
        }
        if (inB != null) {
            inB.close(Duration.ofSeconds(30));
        }
        if (mirror != null) {
            mirror.stop();
        }
        if (brokerB != null) {
            stop(brokerB);
        }
        if (regionALost) {
            InfrastructureTestResource.startKafka();
        }
    }

    /** The production topology (RocksDB stores, exactly-once) as the service configures it, without Quarkus. */
    private static KafkaStreams start(Endpoints region, Path stateDir) throws InterruptedException {
        Properties config = region.kafka(KafkaPrincipals.SCHEDULER_STREAM.name()).properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class.getName());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
        config.put(StreamsConfig.POLL_MS_CONFIG, 100);
        String registry = region.registryUrl();
        KafkaStreams streams = new KafkaStreams(new BookingTopology(AvroSerdes.valueSerde(registry), new RecordDecoder(registry),
                ReminderSchedule.DEFAULT, Retention.DEFAULT, Patience.DEFAULT, OpenTelemetry.noop().getTracer("failover-drill"),
                Stores.Medium.ROCKSDB).build(), config);
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                throw new AssertionError("the topology is " + streams.state() + ", not running, after 120 s");
            }
            Thread.sleep(100);
        }
        return streams;
    }

    private static void clinic(TopicClient kafka, String clinicId, LocalDate day, int seats) {
        kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setName("Clinic " + clinicId).setAddress("Storgata 1")
                .setLatitude(59.91).setLongitude(10.75).setTimeZone(ZONE.getId()).setServices(List.of("covid-19")).build());
        kafka.send(Topics.CLINIC_CAPACITY, clinicId, CapacityPublished.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setSessionId("morning").setService("covid-19")
                .setDate(day).setStartTime(LocalTime.of(9, 0)).setEndTime(LocalTime.of(10, 0)).setSlotMinutes(20)
                .setSeatsPerSlot(seats).build());
    }

    private static String book(TopicClient kafka, String clinicId, String person, String requestId, Instant slot) {
        kafka.send(Topics.BOOKING_COMMANDS, person, BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(requestId).setOccurredAt(Instant.now()).setPersonId(person).setClinicId(clinicId)
                .setService("covid-19").setSlotStart(slot).build());
        return requestId;
    }

    /** The first outcome of each request in booking-events, past {@code from} (the end offsets before the requests). */
    private static Map<String, SpecificRecord> outcomes(TopicClient kafka, List<String> requests, Map<TopicPartition, Long> from) {
        Set<String> wanted = Set.copyOf(requests);
        Map<String, SpecificRecord> found = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (found.size() < wanted.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("outcomes of " + found.size() + " of " + wanted.size() + " requests in 90 s; none for "
                        + new TreeSet<>(wanted.stream().filter(r -> !found.containsKey(r)).toList()));
            }
            for (ConsumerRecord<String, SpecificRecord> r : kafka.readToEnd(Topics.BOOKING_EVENTS)) {
                if (r.offset() < from.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                    continue;
                }
                String request = r.value() instanceof AppointmentBooked booked ? booked.getRequestId()
                        : r.value() instanceof BookingRejected rejected ? rejected.getRequestId() : null;
                if (request != null && wanted.contains(request)) {
                    found.putIfAbsent(request, r.value());
                }
            }
            if (found.size() < wanted.size()) {
                sleep(500);
            }
        }
        return found;
    }

    /**
     * Waits until B holds every record of every mirrored topic that A committed (A's offsets count its transaction
     * markers, B's copies are plain records, so records are counted); returns the mirrored topics.
     */
    private static Set<String> awaitMirrored(KafkaAccess a, KafkaAccess b, boolean changelogs, Duration patience) throws Exception {
        Set<String> topics = new TreeSet<>();
        try (Admin admin = Admin.create(a.properties())) {
            for (String topic : admin.listTopics().names().get()) {
                if (mirrors(topic, changelogs)) {
                    topics.add(topic);
                }
            }
        }
        assertThat(topics).as("topics to mirror").contains(Topics.BOOKING_COMMANDS.name(), Topics.BOOKING_EVENTS.name());
        if (changelogs) {
            assertThat(topics).as("topics to mirror").contains(SEATS_CHANGELOG);
        }
        Map<String, Long> inA = new TreeMap<>();
        for (String topic : topics) {
            inA.put(topic, countRecords(a, topic));
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Map<String, Long> inB = new TreeMap<>();
            try (Admin admin = Admin.create(b.properties())) {
                Set<String> existing = admin.listTopics().names().get();
                for (String topic : topics) {
                    inB.put(topic, existing.contains(topic) ? endOffsets(b, topic).values().stream().mapToLong(Long::longValue).sum() : 0L);
                }
            }
            if (inB.equals(inA)) {
                return topics;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("B holds " + inB + " of A's " + inA + " after " + patience);
            }
            sleep(500);
        }
    }

    /** What MirrorMaker copies: the catalogue's topics, their dead-letter topics and the stream's changelogs. */
    private static boolean mirrors(String topic, boolean changelogs) {
        return Topics.ALL.stream().anyMatch(t -> t.name().equals(topic) || t.deadLetterTopic().equals(topic))
                || changelogs && topic.startsWith(APPLICATION_ID + "-") && topic.endsWith("-changelog");
    }

    private static long countRecords(KafkaAccess access, String topic) {
        Properties p = access.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = reader.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            reader.assign(parts);
            reader.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = reader.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                count += reader.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaAccess access, String topic) throws Exception {
        try (Admin admin = Admin.create(access.properties())) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /** The stream's group's committed offsets in a region, on the given topics. */
    private static Map<TopicPartition, Long> committed(KafkaAccess access, Set<String> topics) throws Exception {
        try (Admin admin = Admin.create(access.properties())) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                if (o != null && topics.contains(tp.topic())) {
                    offsets.put(tp, o.offset());
                }
            });
            return offsets;
        }
    }

    /**
     * Waits until the mirror has written the group's translated offset into B for every partition of a mirrored topic
     * the group committed in A past its start, and no offset has moved for three seconds.
     */
    private static Map<TopicPartition, Long> awaitTranslated(KafkaAccess b, Map<TopicPartition, Long> committedInA, Duration patience)
            throws Exception {
        Set<TopicPartition> expected = committedInA.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        long deadline = System.nanoTime() + patience.toNanos();
        Map<TopicPartition, Long> last = Map.of();
        long stableSince = System.nanoTime();
        while (true) {
            Map<TopicPartition, Long> inB = committed(b, committedInA.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet()));
            if (!inB.equals(last)) {
                last = inB;
                stableSince = System.nanoTime();
            }
            if (inB.keySet().containsAll(expected) && System.nanoTime() - stableSince > 3_000_000_000L) {
                for (var e : inB.entrySet()) {
                    assertThat(e.getValue()).as("translated offset of " + e.getKey()).isLessThanOrEqualTo(committedInA.get(e.getKey()));
                }
                return inB;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mirror translated " + inB + " of the group's " + committedInA + " in " + patience);
            }
            sleep(250);
        }
    }

    /**
     * MirrorMaker 2 from A to the region called {@code alias} (each test its own, so offset syncs of another test's
     * region B never translate this one's offsets), with or without the stream's changelogs.
     */
    private static MirrorMaker mirror(Endpoints a, Endpoints b, String alias, boolean changelogs) {
        return mirror(a, "a", b, alias, changelogs);
    }

    /** MirrorMaker 2 from the source region to the target, each called by its alias. */
    private static MirrorMaker mirror(Endpoints source, String sourceAlias, Endpoints target, String targetAlias, boolean changelogs) {
        MirrorMaker mirror = new MirrorMaker(mirrorConfig(source.kafkaAdmin(), sourceAlias, target.kafkaAdmin(), targetAlias, changelogs),
                List.of(targetAlias));
        mirror.start();
        return mirror;
    }

    private static Map<String, String> mirrorConfig(KafkaAccess source, String sourceAlias, KafkaAccess target, String targetAlias,
            boolean changelogs) {
        Map<String, String> settings = new HashMap<>();
        List<String> topics = new ArrayList<>();
        for (TopicSpec topic : Topics.ALL) {
            topics.add(java.util.regex.Pattern.quote(topic.name()));
            topics.add(java.util.regex.Pattern.quote(topic.deadLetterTopic()));
        }
        if (changelogs) {
            topics.add(APPLICATION_ID + "-.*-changelog");
        }
        settings.put("topics", String.join(",", topics));
        settings.put("groups", APPLICATION_ID);
        settings.put("source.consumer.isolation.level", "read_committed");
        settings.put("sync.group.offsets.enabled", "true");
        settings.put("sync.group.offsets.interval.seconds", "1");
        settings.put("emit.checkpoints.interval.seconds", "1");
        settings.put("refresh.groups.interval.seconds", "1");
        settings.put("refresh.topics.interval.seconds", "1");
        settings.put("offset.lag.max", "0");
        settings.put("sync.topic.acls.enabled", "false");
        // The changelogs exist in the source only (the stream made them); the mirror makes the target's copies, compacted
        // like the source's.
        settings.put("sync.topic.configs.enabled", "true");
        settings.put("sync.topic.configs.interval.seconds", "1");
        Map<String, String> config = new HashMap<>();
        config.put("clusters", sourceAlias + ", " + targetAlias);
        config.put(sourceAlias + ".bootstrap.servers", source.bootstrapServers());
        config.put(targetAlias + ".bootstrap.servers", target.bootstrapServers());
        source.security().forEach((k, v) -> config.put(sourceAlias + "." + k, v.toString()));
        target.security().forEach((k, v) -> config.put(targetAlias + "." + k, v.toString()));
        config.put(sourceAlias + "->" + targetAlias + ".enabled", "true");
        config.put(targetAlias + "->" + sourceAlias + ".enabled", "false");
        settings.forEach((k, v) -> config.put(sourceAlias + "->" + targetAlias + "." + k, v));
        config.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        for (String setting : List.of("replication.factor", "checkpoints.topic.replication.factor",
                "heartbeats.topic.replication.factor", "offset-syncs.topic.replication.factor",
                "offset.storage.replication.factor", "status.storage.replication.factor",
                "config.storage.replication.factor")) {
            config.put(setting, "1");
        }
        return config;
    }

    /** Region B's broker in a child JVM on devstack's class path, the same logins as A's. */
    private Process startRegionB(String provisionerPassword, String controllerPassword) throws Exception {
        Path folder = dataDir.resolve("region-b");
        Files.createDirectories(folder);
        String testClasses = Path.of(RegionBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + folder, "-cp", devstackClassPath() + File.pathSeparator + testClasses,
                RegionBroker.class.getName(), folder.toString(), String.valueOf(Ports.free()), String.valueOf(Ports.free()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("region-b.log").toFile()));
        builder.environment().put("PROVISIONER_PASSWORD", provisionerPassword);
        builder.environment().put("CONTROLLER_PASSWORD", controllerPassword);
        Process child = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(folder.resolve("ready"))) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new IllegalStateException("Region B's broker did not start; its log: "
                        + Files.readString(folder.resolve("region-b.log"), StandardCharsets.UTF_8));
            }
            sleep(100);
        }
        return child;
    }

    /** devstack's run-time class path, as its build wrote it (the class path its own child JVMs run on). */
    private static String devstackClassPath() throws IOException {
        Properties build = new Properties();
        try (InputStream in = InfrastructureTestResource.class.getResourceAsStream("/devstack.properties");
                InputStream cp = InfrastructureTestResource.class.getResourceAsStream("/META-INF/vaxline/devstack.classpath")) {
            build.load(in);
            return build.getProperty("classes.dir") + File.pathSeparator + new String(cp.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static void stop(Process child) throws Exception {
        try (OutputStream in = child.getOutputStream()) {
            // closing its input stops it
        }
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
