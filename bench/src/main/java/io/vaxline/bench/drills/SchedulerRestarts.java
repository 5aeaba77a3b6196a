package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.ManagedProcess;
import io.vaxline.devstack.Service;
import io.vaxline.events.BookingRejected;
import io.vaxline.schemas.Topics;

/**
 * scheduler-stream stopped and started again, then killed with -9 and started again, three times each:
 * how long after the new process starts does it decide again, and how long does an orderly stop take.
 * A decision is the rejection of a command for a clinic nobody opened, sent the moment the process
 * starts; it answers on booking-events like any other outcome.
 */
final class SchedulerRestarts implements Drill {

    /** The promise of issue 15: a restarted or killed scheduler-stream decides again within this. */
    static final Duration DECIDES_WITHIN = Duration.ofSeconds(10);
    private static final int RUNS = 3;

    @Override
    public String name() {
        return "scheduler-restart";
    }

    @Override
    public String title() {
        return "restart and kill -9 scheduler-stream, then time its first decision";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        decide(context, Duration.ofSeconds(60));
        List<Duration> stops = new ArrayList<>();
        List<Duration> afterRestart = new ArrayList<>();
        List<Duration> afterKill = new ArrayList<>();
        List<Duration> ready = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            ManagedProcess scheduler = context.stack.process(Service.SCHEDULER_STREAM);
            long stopping = System.nanoTime();
            scheduler.stop(Duration.ofSeconds(60));
            stops.add(Duration.ofNanos(System.nanoTime() - stopping));
            afterRestart.add(startAndTimeFirstDecision(context, ready));
        }
        for (int i = 0; i < RUNS; i++) {
            context.stack.process(Service.SCHEDULER_STREAM).kill();
            afterKill.add(startAndTimeFirstDecision(context, ready));
        }
        // Nothing was lost or doubled on the way: a booking rush still keeps every invariant.
        BookingRush rush = BookingRush.prepare(context, 20, 1, 2, 5);
        String bookings = rush.run(context, () -> { });
        String figures = String.format(Locale.ROOT, "decides again %s s after a restart (median; runs %s), %s s after "
                + "kill -9 (median; runs %s); readiness UP after %s s (runs %s); an orderly stop takes %s s "
                + "(median; runs %s); afterwards %s",
                seconds(median(afterRestart)), list(afterRestart), seconds(median(afterKill)), list(afterKill),
                seconds(median(ready)), list(ready), seconds(median(stops)), list(stops), bookings);
        check(median(afterRestart).compareTo(DECIDES_WITHIN) <= 0 && median(afterKill).compareTo(DECIDES_WITHIN) <= 0,
                "slower than " + DECIDES_WITHIN.toSeconds() + " s: " + figures);
        return figures;
    }

    /**
     * Starts the process and, at the same moment, sends a command: the time from the start until the
     * stream decided it (the outcome's {@code occurredAt}, the stream's clock, which is this machine's).
     * The time until its readiness check said UP goes to {@code ready}.
     */
    private static Duration startAndTimeFirstDecision(DrillContext context, List<Duration> ready) {
        Instant started = Instant.now();
        CompletableFuture<Duration> starting = CompletableFuture.supplyAsync(() -> {
            context.stack.startService(Service.SCHEDULER_STREAM);
            return Duration.between(started, Instant.now());
        });
        BookingRejected first = decide(context, Duration.ofSeconds(120));
        ready.add(starting.join());
        return Duration.between(started, first.getOccurredAt());
    }

    private static BookingRejected decide(DrillContext context, Duration timeout) {
        BookAppointment probe = BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId("drill-restart")
                .setClinicId("no-such-clinic-" + UUID.randomUUID().toString().substring(0, 8)).setService("covid-19")
                .setSlotStart(Instant.now().plus(Duration.ofDays(2))).setDoseNumber(1).setPriority(false).setAgeYears(40)
                .build();
        context.kafka.send(Topics.BOOKING_COMMANDS, probe.getPersonId(), probe);
        return context.kafka.await(Topics.BOOKING_EVENTS, BookingRejected.class,
                r -> r.getRequestId().equals(probe.getRequestId()), timeout);
    }

    private static Duration median(List<Duration> runs) {
        return runs.stream().sorted().toList().get(runs.size() / 2);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    private static String list(List<Duration> runs) {
        return runs.stream().map(SchedulerRestarts::seconds).collect(Collectors.joining(", "));
    }
}
