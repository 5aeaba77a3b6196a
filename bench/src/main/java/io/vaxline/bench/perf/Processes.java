package io.vaxline.bench.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and resident memory of every process of the measured system, read from /proc (Linux):
 * the stack's host JVM (with the Kafka broker), each service, the registry, PostgreSQL (the
 * postmaster, its live backends and the backends that already ended) and this load generator
 * (with the children it waited for, e.g. wrk).
 */
final class Processes {

    /** Clock ticks per second of /proc/&lt;pid&gt;/stat (USER_HZ; 100 on every Linux we know of). */
    private static final double TICKS = 100.0;

    private final Map<String, Long> pids;
    private final long postmaster;

    Processes(Map<String, Long> pids, long postmaster) {
        this.pids = pids;
        this.postmaster = postmaster;
    }

    /** CPU seconds used so far, by process name. */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name, ticks(pid, false) / TICKS));
        if (postmaster > 0) {
            double pg = ticks(postmaster, true);
            pg += ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::descendants)
                    .mapToLong(p -> ticks(p.pid(), false)).sum();
            cpu.put("postgresql", pg / TICKS);
        }
        cpu.put("load generator (with wrk)", ticks(ProcessHandle.current().pid(), true) / TICKS);
        return cpu;
    }

    /** Resident memory by process name, in MiB (PostgreSQL: all its processes). */
    Map<String, Long> rssMiB() {
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> rss.put(name, rss(pid)));
        if (postmaster > 0) {
            rss.put("postgresql", rss(postmaster) + ProcessHandle.of(postmaster).stream()
                    .flatMap(ProcessHandle::descendants).mapToLong(p -> rss(p.pid())).sum());
        }
        rss.put("load generator (with wrk)", rss(ProcessHandle.current().pid()));
        return rss;
    }

    /** The CPU seconds each process used between two snapshots, and their total. */
    static Map<String, Double> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double seconds = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            used.put(e.getKey(), Math.round(seconds * 100) / 100.0);
            total += seconds;
        }
        used.put("total", Math.round(total * 100) / 100.0);
        return used;
    }

    /** utime + stime (and, with {@code children}, cutime + cstime of the children it waited for), in ticks. */
    private static long ticks(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return 0; // the process has ended
        }
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // ended
        }
        return 0;
    }
}
