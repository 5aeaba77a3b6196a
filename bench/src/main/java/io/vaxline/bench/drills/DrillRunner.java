package io.vaxline.bench.drills;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vaxline.bench.Results;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;

/**
 * Failure drills against the whole system on this machine: crashes (kill -9) and restarts of scheduler-stream,
 * the notifier and certificate-service under load, the broker stopped and restarted during a rush,
 * poison records on every input topic, thousands of hostile REST requests, and the registry and
 * PostgreSQL each stopped for 30 s while bookings, doses and texts flow, and one of three brokers killed
 * with -9 (on a stack of its own with three brokers). After each, the invariants are checked and a
 * pass/fail table is printed and written to bench/results/drills.md (a run of some drills writes
 * drills-partial.md and replaces their rows in drills.md).
 * {@code ./vaxline drills [names]} runs those whose name or title contains one of the names.
 */
public final class DrillRunner {

    private static final List<Drill> DRILLS = List.of(new SchedulerCrashes(), new WaitlistCrash(), new SchedulerRestarts(), new NotifierCrash(),
            new CertificateCrash(), new BrokerRestart(), new BrokerKill(), new Poison(), new HostileRequests(), InfrastructureOutage.registry(),
            InfrastructureOutage.postgres());

    private record Outcome(String drill, boolean passed, String detail) {
    }

    private DrillRunner() {
    }

    /** A drill is selected by its name, or by a part of its title. */
    private static boolean named(Drill drill, String selected) {
        return drill.name().equals(selected) || drill.title().contains(selected);
    }

    public static void main(String[] args) throws Exception {
        // Names may also be given comma-separated.
        List<String> selected = java.util.Arrays.stream(args).flatMap(a -> java.util.Arrays.stream(a.split(",")))
                .map(String::strip).filter(a -> !a.isEmpty()).toList();
        List<String> unknown = selected.stream()
                .filter(s -> DRILLS.stream().noneMatch(d -> named(d, s))).toList();
        if (!unknown.isEmpty()) {
            System.err.println("No drill is named " + String.join(", ", unknown) + ". The drills are: "
                    + String.join(", ", DRILLS.stream().map(Drill::name).toList()) + ".");
            System.exit(2);
        }
        List<Drill> drills = DRILLS.stream()
                .filter(d -> selected.isEmpty() || selected.stream().anyMatch(s -> named(d, s)))
                .toList();
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        List<Outcome> outcomes = new ArrayList<>();
        // The drills on one broker share one stack, those on three brokers another, started after the first is stopped.
        for (int brokers : drills.stream().map(Drill::brokers).distinct().sorted().toList()) {
            Path dataDir = repoRoot.resolve("bench/target/drills-" + System.currentTimeMillis());
            System.out.println("Starting the whole stack on " + brokers + (brokers == 1 ? " broker" : " brokers") + " in "
                    + dataDir + " ...");
            try (VaxlineStack stack = VaxlineStack.startForTest(repoRoot, dataDir, brokers, Map.of(
                    Service.BOOKING_API, Map.of("PROXY_ADDRESS_FORWARDING", "true"),
                    Service.NOTIFIER, Map.of("NOTIFIER_MESSAGES_PER_SECOND", "5000")), line -> System.out.println("  " + line));
                    DrillContext context = new DrillContext(stack)) {
                for (Drill drill : drills.stream().filter(d -> d.brokers() == brokers).toList()) {
                    outcomes.add(run(drill, context));
                }
            }
        }
        // A run of some drills only must not replace the report of a full run.
        Results results = selected.isEmpty() ? new Results("drills", "Failure drills")
                : new Results("drills-partial", "Failure drills (only " + String.join(", ", selected) + ")");
        StringBuilder table = new StringBuilder("| drill | result | what was checked |\n| --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            results.put(o.drill(), (o.passed() ? "PASS: " : "FAIL: ") + o.detail());
            table.append("| ").append(o.drill()).append(" | ").append(o.passed() ? "PASS" : "**FAIL**").append(" | ")
                    .append(o.detail()).append(" |\n");
        }
        results.note(table.toString());
        System.out.println();
        System.out.println(table);
        results.write(repoRoot.resolve("bench/results"));
        if (!selected.isEmpty()) {
            mergeIntoFullReport(repoRoot.resolve("bench/results"), outcomes);
        }
        System.exit(outcomes.stream().allMatch(Outcome::passed) ? 0 : 1);
    }

    /**
     * A drill run alone also takes its row in drills.md and drills.json (replacing its earlier row, the
     * others kept as they were), marked with the time it ran, so the full report has every drill's latest result.
     */
    private static void mergeIntoFullReport(Path dir, List<Outcome> outcomes) throws java.io.IOException {
        Path json = dir.resolve("drills.json");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Object> earlier = java.nio.file.Files.exists(json)
                ? mapper.readValue(json.toFile(), new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { })
                : new java.util.LinkedHashMap<>();
        Results results = new Results("drills", "Failure drills");
        results.putAll(earlier);
        String ranAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        for (Outcome o : outcomes) {
            results.put(o.drill(), (o.passed() ? "PASS: " : "FAIL: ") + o.detail() + " (run alone, " + ranAt + ")");
        }
        StringBuilder table = new StringBuilder("| drill | result | what was checked |\n| --- | --- | --- |\n");
        Map<String, Object> rows = new java.util.LinkedHashMap<>(earlier);
        outcomes.forEach(o -> rows.put(o.drill(), (o.passed() ? "PASS: " : "FAIL: ") + o.detail() + " (run alone, " + ranAt + ")"));
        rows.forEach((drill, value) -> {
            String text = String.valueOf(value);
            if (text.startsWith("PASS: ") || text.startsWith("FAIL: ")) {
                boolean passed = text.startsWith("PASS: ");
                table.append("| ").append(drill).append(" | ").append(passed ? "PASS" : "**FAIL**").append(" | ")
                        .append(text.substring(6)).append(" |\n");
            }
        });
        results.note(table.toString());
        results.write(dir);
    }

    private static Outcome run(Drill drill, DrillContext context) {
        System.out.println("== " + drill.title());
        try {
            String detail = drill.run(context);
            System.out.println("   PASS: " + detail);
            return new Outcome(drill.title(), true, detail);
        } catch (AssertionError | Exception e) {
            System.out.println("   FAIL: " + e);
            return new Outcome(drill.title(), false, String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }
}
