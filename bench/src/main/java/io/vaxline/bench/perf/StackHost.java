package io.vaxline.bench.perf;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;

/**
 * The whole system for a measurement, in a JVM of its own as {@code ./vaxline up} runs it: the
 * Kafka broker in this JVM, the registry, PostgreSQL and each service in their own processes. It
 * prints one line {@code READY key=value ...} with where everything listens, then runs until its
 * standard input closes (the load generator that started it ended), and stops everything.
 *
 * <p>Environment passed on to services: {@code STREAM_*} to scheduler-stream, {@code BOOKING_*} to
 * booking-api, {@code NOTIFIER_*} to the notifier, {@code CERTIFICATE_*} to certificate-service
 * (to compare settings), and {@code VAXLINE_BENCH_JFR=scheduler-stream,notifier} records a JFR
 * profile of those services into {@code bench/target/<module>-<time>.jfr}.
 */
public final class StackHost {

    private StackHost() {
    }

    public static void main(String[] args) throws Exception {
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        Map<Service, Map<String, String>> environment = environment(repoRoot);
        VaxlineStack stack = VaxlineStack.startForTest(repoRoot, dataDir, environment, line -> System.out.println("  " + line));
        // Stopped on every way out: the generator closing our input, or a signal when the generator is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        {
            Endpoints endpoints = stack.infrastructure().endpoints();
            Properties ready = new Properties();
            ready.put("kafka", endpoints.kafkaBootstrapServers());
            ready.put("kafkaPassword", endpoints.kafkaAdmin().password());
            ready.put("registry", endpoints.registryUrl());
            ready.put("adminApiKey", endpoints.secrets().adminApiKey());
            ready.put("dataDir", dataDir.toString());
            ready.put("hostPid", String.valueOf(ProcessHandle.current().pid()));
            for (Service service : Service.values()) {
                ready.put("url." + service.module(), stack.url(service));
                ready.put("pid." + service.module(), String.valueOf(stack.process(service).pid()));
            }
            StringBuilder line = new StringBuilder("READY");
            ready.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
            System.out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // run until the generator closes our input
                }
            }
            System.out.println("Stopping the stack...");
        }
        System.exit(0);
    }

    static Map<Service, Map<String, String>> environment(Path repoRoot) {
        Map<Service, Map<String, String>> environment = new EnumMap<>(Service.class);
        // Bookings come from many simulated addresses (X-Forwarded-For); the notifier's own send budget is
        // lifted so that the figure is the notifier's, not the provider's contract.
        environment.put(Service.BOOKING_API, new HashMap<>(Map.of("PROXY_ADDRESS_FORWARDING", "true")));
        environment.put(Service.NOTIFIER, new HashMap<>(Map.of("NOTIFIER_MESSAGES_PER_SECOND", "100000",
                "NOTIFIER_EMAILS_PER_SECOND", "100000")));
        Map<String, Service> prefixes = Map.of("STREAM_", Service.SCHEDULER_STREAM, "BOOKING_", Service.BOOKING_API,
                "NOTIFIER_", Service.NOTIFIER, "CERTIFICATE_", Service.CERTIFICATE_SERVICE);
        System.getenv().forEach((name, value) -> prefixes.forEach((prefix, service) -> {
            if (name.startsWith(prefix)) {
                environment.computeIfAbsent(service, s -> new HashMap<>()).put(name, value);
            }
        }));
        for (String module : System.getenv().getOrDefault("VAXLINE_BENCH_JFR", "").split(",")) {
            for (Service service : Service.values()) {
                if (service.module().equals(module.strip())) {
                    Path recording = repoRoot.resolve("bench/target/" + module + "-" + System.currentTimeMillis() + ".jfr");
                    environment.computeIfAbsent(service, s -> new HashMap<>()).put("JAVA_TOOL_OPTIONS",
                            "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
                    System.out.println("Profiling " + module + " into " + recording);
                }
            }
        }
        return environment;
    }
}
