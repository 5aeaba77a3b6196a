package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.await;
import static io.vaxline.bench.drills.DrillContext.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.KafkaCluster;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * On three brokers (replication factor 3, min ISR 2), the active controller, which also leads about a
 * third of every topic's partitions, is killed with -9 while people book and one-time codes are texted,
 * left dead for {@value #DOWN_SECONDS} s and started again on its data. Two brokers keep a quorum and
 * an in-sync majority, so nothing may be refused: every command has one outcome, no slot is over
 * capacity, nobody is booked twice, every text is delivered once and nothing is parked. The stall is
 * measured from the decisions themselves: probe commands (for a clinic nobody opened) are sent every
 * 200 ms from before the kill until after the restart, and the decisions' times ({@code occurredAt},
 * the stream's clock) give the longest gap and how long after the kill decisions came again.
 */
final class BrokerKill implements Drill {

    private static final int DOWN_SECONDS = 20;
    private static final int TEXTS = 300;

    @Override
    public String name() {
        return "broker-kill";
    }

    @Override
    public String title() {
        return "kill -9 one of three Kafka brokers (the active controller) during a booking rush, restart it "
                + DOWN_SECONDS + " s later";
    }

    @Override
    public int brokers() {
        return 3;
    }

    @Override
    public String run(DrillContext context) throws Exception {
        KafkaCluster cluster = context.stack.infrastructure().kafkaCluster();
        check(cluster != null && cluster.brokers().size() == 3, "this drill needs a stack on three brokers");
        // One booking before: every producer and reader has its schemas, as in a system that has been running.
        BookingRush.prepare(context, 2, 1, 1, 2).run(context, () -> { });
        BookingRush rush = BookingRush.prepare(context, 400, 5, 4, 5);
        Map<String, String> textKeys = new HashMap<>();
        List<String> phones = new ArrayList<>();
        List<byte[]> texts = new ArrayList<>();
        for (int i = 0; i < TEXTS; i++) {
            String phone = "+4672" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            OtpRequested otp = OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                    .setPhone(phone).setCode("246810").setLanguage("en").setExpiresAt(Instant.now().plus(Duration.ofMinutes(30)))
                    .build();
            textKeys.put(otp.getEventId() + ":sms", phone);
            phones.add(phone);
            texts.add(context.kafka.encode(Topics.ONE_TIME_CODES, otp));
        }
        Map<String, Long> parkedBefore = InfrastructureOutage.deadLetterEnds(context);
        List<String> catalogue = Topics.ALL.stream().map(TopicSpec::name).toList();

        String probePerson = "drill-broker-kill-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean probing = new AtomicBoolean(true);
        Thread probes = new Thread(() -> {
            while (probing.get()) {
                context.kafka.sendAsync(Topics.BOOKING_COMMANDS, probePerson, probe(probePerson));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drill-probes");

        // Chosen before the rush, so that the kill comes one second into it.
        int[] victim = { cluster.activeController() };
        String[] led = { leadership(cluster, victim[0]) };
        Instant[] times = new Instant[3]; // killed, restart begun, rejoined
        probes.start();
        Thread.sleep(3000);
        String bookings = null;
        AssertionError rushFailed = null;
        try {
            bookings = rush.run(context, () -> {
            try {
                Thread.sleep(1000);
                times[0] = Instant.now();
                cluster.kill(victim[0]);
                long slice = DOWN_SECONDS * 1000L / 10;
                for (int wave = 0; wave < 10; wave++) {
                    for (int i = wave * TEXTS / 10; i < (wave + 1) * TEXTS / 10; i++) {
                        context.kafka.sendRaw(Topics.ONE_TIME_CODES.name(), phones.get(i), texts.get(i));
                    }
                    long wait = times[0].plusMillis((wave + 1) * slice).toEpochMilli() - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                times[1] = Instant.now();
                cluster.start(victim[0]);
                times[2] = Instant.now();
                Thread.sleep(5000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                probing.set(false);
            }
            });
        } catch (AssertionError e) {
            rushFailed = e;
        }
        probes.join();
        context.kafka.flush();
        // Measured first, so that a failing check below still reports it.
        check(times[2] != null, "the killed broker did not come back"
                + (rushFailed != null ? "; " + rushFailed.getMessage() : ""));
        String stall = stall(context, Set.copyOf(rush.clinics()), probePerson, times[0], times[2]);
        if (rushFailed != null) {
            throw new AssertionError(rushFailed.getMessage() + "; " + stall, rushFailed);
        }
        try {
            return verify(context, cluster, catalogue, textKeys, parkedBefore, rush, times, victim[0], led[0], stall, bookings);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + stall, e);
        }
    }

    private static String verify(DrillContext context, KafkaCluster cluster, List<String> catalogue, Map<String, String> textKeys,
            Map<String, Long> parkedBefore, BookingRush rush, Instant[] times, int victim, String led, String stall,
            String bookings) throws Exception {

        await(() -> underReplicated(cluster, catalogue).isEmpty(), Duration.ofMinutes(3),
                "partitions still under-replicated 3 minutes after the broker came back: " + underReplicated(cluster, catalogue));
        // An upper bound: checked after the rush ended, so the figure includes the rush's tail.
        double inSyncAfter = Duration.between(times[2], Instant.now()).toMillis() / 1e3;
        java.nio.file.Path journal = context.stack.dataDir().resolve("notifier").resolve("sms-journal.jsonl");
        await(() -> InfrastructureOutage.delivered(journal, textKeys).size() >= TEXTS, Duration.ofMinutes(4),
                "texts missing after the broker came back");
        context.awaitHealthy(Duration.ofMinutes(2));

        Map<String, Long> perText = new HashMap<>();
        InfrastructureOutage.delivered(journal, textKeys).forEach(n -> perText.merge(n.path("idempotencyKey").asText(), 1L, Long::sum));
        check(perText.keySet().equals(textKeys.keySet()), "not every text delivered");
        check(perText.values().stream().allMatch(n -> n == 1), "a text delivered twice");
        String outcomes = InfrastructureOutage.oneOutcomeEach(context, Set.copyOf(rush.clinics()));
        Map<String, Long> parkedAfter = InfrastructureOutage.deadLetterEnds(context);
        Map<String, Long> newlyParked = new TreeMap<>();
        parkedAfter.forEach((topic, end) -> {
            long added = end - parkedBefore.getOrDefault(topic, 0L);
            if (added > 0) {
                newlyParked.put(topic, added);
            }
        });
        check(newlyParked.isEmpty(), "records parked while a broker was down: " + newlyParked);
        return String.format(Locale.ROOT, "node %d (active controller; led %s) killed -9, restarted %d s later, back in the "
                + "cluster %.1f s after its start, every catalogue partition in sync again within %.1f s of that; %s; nothing new on any "
                + "dead-letter topic; %s; %d texts delivered once each; %s",
                victim, led, DOWN_SECONDS, Duration.between(times[1], times[2]).toMillis() / 1e3, inSyncAfter, stall,
                outcomes, TEXTS, bookings);
    }

    private static BookAppointment probe(String person) {
        return BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(person)
                .setClinicId("no-such-clinic-broker-kill").setService("covid-19")
                .setSlotStart(Instant.now().plus(Duration.ofDays(2))).setDoseNumber(1).setPriority(false).setAgeYears(40)
                .build();
    }

    /** How many partitions of booking-commands and booking-events the node led, as "a/b of booking-commands, ...". */
    private static String leadership(KafkaCluster cluster, int node) throws Exception {
        List<String> parts = new ArrayList<>();
        Map<String, List<Integer>> leaders = cluster.leaders(List.of(Topics.BOOKING_COMMANDS.name(), Topics.BOOKING_EVENTS.name()));
        leaders.forEach((topic, byPartition) -> parts.add(byPartition.stream().filter(l -> l == node).count() + " of "
                + byPartition.size() + " partitions of " + topic));
        return String.join(" and ", parts);
    }

    private static List<String> underReplicated(KafkaCluster cluster, List<String> topics) {
        try {
            return cluster.underReplicated(topics);
        } catch (Exception e) {
            return List.of("(could not describe: " + e + ")");
        }
    }

    /**
     * The decisions (outcomes of the rush's commands and of the probes, by their {@code occurredAt}) from
     * 5 s before the kill until 10 s after the restart: the longest gap between two of them, and how long
     * after the kill the first one came.
     */
    private static String stall(DrillContext context, Set<String> clinics, String probePerson, Instant killed, Instant rejoined) {
        List<Instant> decisions = new ArrayList<>();
        for (ConsumerRecord<String, SpecificRecord> r : context.kafka.readToEnd(Topics.BOOKING_EVENTS)) {
            BookingOutcome.of(r.value())
                    .filter(o -> clinics.contains(o.clinicId()) || probePerson.equals(o.personId()))
                    .map(o -> occurredAt(r.value()))
                    .filter(t -> t != null && t.isAfter(killed.minusSeconds(5)) && t.isBefore(rejoined.plusSeconds(10)))
                    .ifPresent(decisions::add);
        }
        decisions.sort(null);
        check(!decisions.isEmpty(), "no decision at all around the kill");
        Duration longest = Duration.ZERO;
        Instant gapFrom = decisions.get(0);
        for (int i = 1; i < decisions.size(); i++) {
            Duration gap = Duration.between(decisions.get(i - 1), decisions.get(i));
            if (gap.compareTo(longest) > 0) {
                longest = gap;
                gapFrom = decisions.get(i - 1);
            }
        }
        check(decisions.stream().anyMatch(t -> t.isAfter(killed)), "no decision after the kill");
        return String.format(Locale.ROOT, "stall: longest gap between decisions %.1f s (from %.1f s to %.1f s after the kill: "
                + "decisions flowed again %.1f s after it), %d decisions between 5 s before the kill and 10 s after the restart",
                longest.toMillis() / 1e3, Duration.between(killed, gapFrom).toMillis() / 1e3,
                Duration.between(killed, gapFrom.plus(longest)).toMillis() / 1e3,
                Duration.between(killed, gapFrom.plus(longest)).toMillis() / 1e3, decisions.size());
    }

    private static Instant occurredAt(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField("occurredAt");
        return field == null ? null : record.get(field.pos()) instanceof Instant t ? t : null;
    }
}
