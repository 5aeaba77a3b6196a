package io.vaxline.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "drills", description = {
    "Crash, broker, outage, poison and hostile-input drills against the whole system.",
    "A pass/fail table goes to bench/results/drills.md; when only some are run, to drills-partial.md too",
    "(their rows in drills.md are replaced).",
    "Drills: scheduler-crash, waitlist-crash, scheduler-restart, notifier-crash, certificate-crash, broker-restart,",
    "broker-kill (on a second stack with three brokers), poison, hostile-requests, registry-outage, postgres-outage." })
final class Drills implements Callable<Integer> {

    static final String MAIN_CLASS = "io.vaxline.bench.drills.DrillRunner";

    /** The whole stack runs in child JVMs; this one holds the load generators and the Kafka broker. */
    static final String HEAP = "4g";

    @ParentCommand
    private Vaxline vaxline;

    @Parameters(paramLabel = "<drill>", arity = "0..*",
            description = "Run only the drills whose name or title contains one of these words, e.g. poison.")
    private List<String> names = List.of();

    @Override
    public Integer call() throws Exception {
        return Bench.bench(vaxline.repoRoot(), HEAP).run(MAIN_CLASS, names);
    }
}
