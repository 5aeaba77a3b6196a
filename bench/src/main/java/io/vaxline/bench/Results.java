package io.vaxline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** One benchmark's figures, written as results/&lt;name&gt;.json and results/&lt;name&gt;.md. */
public final class Results {

    private final String name;
    private final String title;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final StringBuilder notes = new StringBuilder();

    public Results(String name, String title) {
        this.name = name;
        this.title = title;
        figures.put("benchmark", name);
        figures.put("ranAt", Instant.now().toString());
        figures.put("machine", Map.of(
                "cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024)));
    }

    public Results put(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    public Results putAll(Map<String, ?> values) {
        figures.putAll(values);
        return this;
    }

    public Results note(String line) {
        notes.append(line).append('\n');
        return this;
    }

    /** Resident set size of this process, from /proc (Linux), in MiB; -1 elsewhere. */
    public static long rssMiB() {
        return rssMiB(Path.of("/proc/self/status"));
    }

    /** Resident set size of another process, in MiB; -1 when it is gone or not on Linux. */
    public static long rssMiB(long pid) {
        return rssMiB(Path.of("/proc", String.valueOf(pid), "status"));
    }

    private static long rssMiB(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** RSS of every process of a running stack: this JVM (with the broker), each service, the registry, PostgreSQL. */
    public static Map<String, Long> rssOf(io.vaxline.devstack.VaxlineStack stack) throws IOException {
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("benchmark JVM (with the Kafka broker and the load generator)", rssMiB());
        try (java.util.stream.Stream<Path> pids = Files.list(stack.dataDir().resolve("pids"))) {
            for (Path file : pids.sorted().toList()) {
                long pid = Long.parseLong(Files.readAllLines(file).get(0).trim());
                rss.put(file.getFileName().toString().replace(".pid", ""), rssMiB(pid));
            }
        }
        ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("postgres"))
                .forEach(p -> rss.merge("postgres (all processes)", Math.max(0, rssMiB(p.pid())), Long::sum));
        return rss;
    }

    static long pid() {
        return ManagementFactory.getRuntimeMXBean().getPid();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve(name + ".json"), json.writeValueAsString(figures) + "\n");
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n| figure | value |\n| --- | --- |\n");
        figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!notes.isEmpty()) {
            md.append('\n').append(notes);
        }
        Files.writeString(dir.resolve(name + ".md"), md.toString());
        System.out.println("Results written to " + dir.resolve(name + ".json") + " and " + dir.resolve(name + ".md"));
    }
}
