package io.vaxline.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code ./vaxline up} records in its data folder, so that {@code down}, {@code status}
 * and {@code logs} from another shell find its process and its ports instead of guessing them.
 *
 * @param processStart when the process started: with the pid, it tells our process from a later
 *                     one that was given the same pid
 * @param ready        false while the stack is still starting
 * @param infrastructure what the infrastructure listens on, by name, for people to read
 */
public record StackState(long pid, Instant processStart, boolean ready, Map<Service, Integer> servicePorts,
        Map<String, String> infrastructure) {

    private static final String FILE = "vaxline.state";

    /** The state of this process, starting on {@code settings} with {@code servicePorts}. */
    public static StackState starting(InfraSettings settings, Map<Service, Integer> servicePorts) {
        ProcessHandle self = ProcessHandle.current();
        Map<String, String> infrastructure = new LinkedHashMap<>();
        infrastructure.put("Kafka", java.util.stream.IntStream.rangeClosed(1, settings.brokers())
                .mapToObj(n -> "127.0.0.1:" + settings.kafkaPort(n)).collect(java.util.stream.Collectors.joining(",")));
        infrastructure.put("Schema registry", SchemaRegistryServer.apiUrl(settings.registryPort()));
        infrastructure.put("PostgreSQL", "127.0.0.1:" + settings.postgresPort());
        return new StackState(self.pid(), startOf(self), false, new EnumMap<>(servicePorts), infrastructure);
    }

    public StackState asReady() {
        return new StackState(pid, processStart, true, servicePorts, infrastructure);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The recorded state, or empty when no stack has recorded one in {@code dataDir}. */
    public static Optional<StackState> read(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // the stack removed its record between the check and the read: it has stopped
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String port = p.getProperty("port." + service.module());
            if (port != null) {
                ports.put(service, Integer.parseInt(port));
            }
        }
        Map<String, String> infrastructure = new LinkedHashMap<>();
        for (String name : p.getProperty("infrastructure", "").split(",")) {
            if (!name.isBlank()) {
                infrastructure.put(name, p.getProperty("address." + name));
            }
        }
        return Optional.of(new StackState(Long.parseLong(p.getProperty("pid")), Instant.parse(p.getProperty("processStart")),
                Boolean.parseBoolean(p.getProperty("ready")), ports, infrastructure));
    }

    /** Written to a temporary file first, so a reader never sees half of it. */
    public void write(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", String.valueOf(pid));
        p.setProperty("processStart", processStart.toString());
        p.setProperty("ready", String.valueOf(ready));
        servicePorts.forEach((service, port) -> p.setProperty("port." + service.module(), String.valueOf(port)));
        p.setProperty("infrastructure", String.join(",", infrastructure.keySet()));
        infrastructure.forEach((name, address) -> p.setProperty("address." + name, address));
        Path file = file(dataDir);
        Path partial = file.resolveSibling(FILE + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            p.store(out, "written by ./vaxline up; removed when it stops");
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void remove(Path dataDir) throws IOException {
        Files.deleteIfExists(file(dataDir));
    }

    /** The recorded process, if it is still running; a process whose start time cannot be read is never taken for it. */
    public Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(processStart::equals).orElse(false));
    }

    private static Instant startOf(ProcessHandle process) {
        return process.info().startInstant().orElse(Instant.EPOCH);
    }
}
