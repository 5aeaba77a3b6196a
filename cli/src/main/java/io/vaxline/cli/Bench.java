package io.vaxline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = {
    "Run a benchmark; results go to bench/results as JSON and Markdown.",
    "  all                            every benchmark below, one after another (about 35 minutes)",
    "  reminders [appointments] [days] one day's reminders out of 1,000,000 stored",
    "  certificates [events]          vaccination events to signed certificates, and PDF downloads",
    "  outreach [rows]                150,000-row patient list to every outreach invitation queued",
    "  perf [figures] [runs]          the throughput figures, the system in its own processes and the load",
    "                                 from this one (and wrk): raw,decisions,notifications,certificates,",
    "                                 reads,bookings or all (the default); median of 3 runs by default;",
    "                                 latency (bookings one at a time on an idle stack) only when named",
 })
final class Bench implements Callable<Integer> {

    /** Each benchmark is a main class of the bench module. */
    enum Benchmark {
        all(null),
        reminders("io.vaxline.bench.ReminderBenchmark"),
        certificates("io.vaxline.bench.CertificateBenchmark"),
        outreach("io.vaxline.bench.OutreachBenchmark"),
        perf("io.vaxline.bench.perf.PerfBenchmark");

        private final String mainClass;

        Benchmark(String mainClass) {
            this.mainClass = mainClass;
        }
    }

    /** Benchmarks hold a million appointments or a 150,000-row list in memory. */
    static final String HEAP = "6g";

    @ParentCommand
    private Vaxline vaxline;

    @Parameters(index = "0", paramLabel = "<benchmark>", description = "One of: ${COMPLETION-CANDIDATES}")
    private Benchmark benchmark;

    @Parameters(index = "1..*", paramLabel = "<argument>", description = "The benchmark's own arguments, as above.")
    private List<String> args = List.of();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (benchmark != Benchmark.all) {
            return run(benchmark, args);
        }
        for (Benchmark each : List.of(Benchmark.perf, Benchmark.reminders, Benchmark.certificates, Benchmark.outreach)) {
            int exit = run(each, each == Benchmark.perf ? List.of("all") : List.of());
            if (exit != 0) {
                return exit;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("All results are in bench/results; bench/REPORT.md reads them together.");
        return 0;
    }

    private int run(Benchmark which, List<String> arguments) throws IOException, InterruptedException {
        return bench(vaxline.repoRoot(), HEAP).run(which.mainClass, arguments);
    }

    /** A JVM on bench's class path, its Kafka and PostgreSQL logs under bench/target. */
    static ChildJvm bench(Path repoRoot, String heap) throws IOException {
        return new ChildJvm(repoRoot, heap, ChildJvm.moduleClassPath(repoRoot, "bench"))
                .systemProperty("vaxline.log.dir", repoRoot.resolve("bench/target/logs").toString());
    }
}
