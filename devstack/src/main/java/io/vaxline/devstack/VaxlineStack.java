package io.vaxline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine without Docker: the infrastructure and the four services as
 * child processes. {@link #runUntilStopped} is what {@code ./vaxline up} runs; the end-to-end tests and the
 * failure drills use the same class, so they test what a person runs.
 */
public final class VaxlineStack implements AutoCloseable {

    /** How long a service may take to be ready; VAXLINE_SERVICE_STARTUP (ISO 8601) gives a busy machine longer. */
    private static final Duration SERVICE_STARTUP = Duration.parse(
            java.util.Objects.requireNonNullElse(System.getenv("VAXLINE_SERVICE_STARTUP"), "PT120S"));
    /**
     * How long a service may take to shut down before it is killed: long enough for Quarkus to close
     * every consumer and producer and for the stream to commit or abort its transaction under load on
     * two cores, so a stop loses nothing a crash would have to recover.
     */
    private static final Duration SERVICE_SHUTDOWN = Duration.ofSeconds(60);

    private final Path repoRoot;
    private final Path dataDir;
    private final Infrastructure infrastructure;
    private final Map<Service, Integer> ports;
    private final Map<Service, ManagedProcess> processes = new EnumMap<>(Service.class);

    private final Map<Service, Map<String, String>> extraEnvironment;

    private VaxlineStack(Path repoRoot, Path dataDir, Infrastructure infrastructure, Map<Service, Integer> ports,
            Map<Service, Map<String, String>> extraEnvironment) {
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
        this.infrastructure = infrastructure;
        this.ports = ports;
        this.extraEnvironment = extraEnvironment;
    }

    /**
     * @param extraEnvironment settings beyond the defaults per service, e.g. a test's higher rate limits
     */
    public static VaxlineStack start(Path repoRoot, InfraSettings infraSettings, Map<Service, Integer> ports,
            Map<Service, Map<String, String>> extraEnvironment, Consumer<String> progress) throws Exception {
        for (Service service : Service.values()) {
            Ports.requireFree(ports.get(service), service.module(), service.portVariable());
            if (!Files.exists(service.runner(repoRoot))) {
                throw new IllegalStateException(service.module() + " is not built: run ./mvnw package -DskipTests first.");
            }
        }
        Infrastructure infra = Infrastructure.start(infraSettings, progress);
        VaxlineStack stack = new VaxlineStack(repoRoot, infraSettings.dataDir(), infra, ports, extraEnvironment);
        try {
            long started = System.nanoTime();
            CompletableFuture.allOf(Stream.of(Service.values())
                    .map(s -> CompletableFuture.runAsync(() -> {
                        stack.startService(s);
                        progress.accept(String.format("  %-20s %-45s %5.1f s", s.module(), stack.url(s),
                                (System.nanoTime() - started) / 1e9));
                    }))
                    .toArray(CompletableFuture[]::new)).join();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Free ports for everything, in a fresh data folder: for tests. */
    public static VaxlineStack startForTest(Path repoRoot, Path dataDir, Map<Service, Map<String, String>> extraEnvironment,
            Consumer<String> progress) throws Exception {
        return startForTest(repoRoot, dataDir, 1, extraEnvironment, progress);
    }

    /** The same on {@code brokers} Kafka brokers (1, or 3 in processes of their own). */
    public static VaxlineStack startForTest(Path repoRoot, Path dataDir, int brokers,
            Map<Service, Map<String, String>> extraEnvironment, Consumer<String> progress) throws Exception {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, Ports.free());
        }
        return start(repoRoot, InfraSettings.onFreePorts(dataDir, brokers), ports, extraEnvironment, progress);
    }

    /** The folder with every process's data and logs. */
    public Path dataDir() {
        return dataDir;
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public ManagedProcess process(Service service) {
        synchronized (processes) {
            return processes.get(service);
        }
    }

    /** Starts (or restarts after {@link ManagedProcess#kill()}) a service and waits until it is ready. */
    public void startService(Service service) {
        try {
            ManagedProcess process;
            synchronized (processes) {
                process = processes.get(service);
                if (process == null) {
                    Map<String, String> environment = new java.util.LinkedHashMap<>();
                    switch (service) {
                        // The pages reach the services through their public APIs, where this stack runs them.
                        case WEB -> {
                            environment.put("BOOKING_API_URL", url(Service.BOOKING_API));
                            environment.put("CERTIFICATE_SERVICE_URL", url(Service.CERTIFICATE_SERVICE));
                            environment.put("CARE_URL", url(Service.CARE));
                            environment.put("RECORDS_URL", url(Service.RECORDS));
                        }
                        // care publishes doctors' sessions and books their slots through booking-api's API; it cancels
                        // a booking whose payment failed later with booking-api's service login, which may only cancel.
                        case CARE -> {
                            environment.put("BOOKING_API_URL", url(Service.BOOKING_API));
                            environment.put("CARE_BOOKING_API_KEY", ServiceSecrets.careBookingApiKey(dataDir));
                        }
                        // Links people open on their phones lead to the web pages: invitations' "Book"...
                        case BOOKING_API -> {
                            environment.put("OUTREACH_BOOKING_URL", url(Service.WEB) + "/");
                            // ...the invitation links themselves, on whatever port booking-api runs...
                            environment.put("OUTREACH_LINK_BASE_URL", url(Service.BOOKING_API) + "/o/");
                            // ...and the weekly report e-mail's download, on the administrators' pages.
                            environment.put("OUTREACH_REPORT_BASE_URL", url(Service.WEB) + "/admin/outreach/campaigns/");
                            // ...and the web pages pass on the browser's address, for booking-api's per-address limits.
                            environment.put("PROXY_ADDRESS_FORWARDING", "true");
                            environment.put("CARE_API_KEY", ServiceSecrets.careBookingApiKey(dataDir));
                        }
                        // ...and the texted certificate link, appointment links (move, cancel) and waitlist offers' links.
                        case NOTIFIER -> {
                            environment.put("CERTIFICATE_PUBLIC_URL", url(Service.WEB) + "/certificates/");
                            environment.put("APPOINTMENT_LINK_URL", url(Service.WEB) + "/a/");
                            environment.put("WAITLIST_OFFER_PUBLIC_URL", url(Service.WEB) + "/offers/");
                        }
                        default -> {
                        }
                    }
                    if (service == Service.SCHEDULER_STREAM) {
                        // Kafka Streams makes its changelog and repartition topics with as many copies as the catalogue's.
                        environment.put("KAFKA_REPLICATION_FACTOR",
                                String.valueOf(KafkaBroker.replicationFactor(infrastructure.settings().brokers())));
                    }
                    environment.putAll(extraEnvironment.getOrDefault(service, Map.of()));
                    process = service.process(repoRoot, infrastructure.endpoints(), ports.get(service), dataDir,
                            environment);
                    processes.put(service, process);
                }
            }
            process.start();
            process.awaitReady(Service.readyUrl(ports.get(service)), SERVICE_STARTUP);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + service.module(), e);
        }
    }

    /**
     * Every service is told to stop at the same moment and waited for, then the infrastructure they
     * used. (A parallel stream stopped two at a time on two cores, which made a stop take 40 s.)
     */
    @Override
    public void close() {
        List<ManagedProcess> running;
        synchronized (processes) {
            running = List.copyOf(processes.values());
        }
        running.forEach(ManagedProcess::beginStop);
        running.forEach(p -> p.stop(SERVICE_SHUTDOWN));
        infrastructure.close();
    }

    /**
     * {@code ./vaxline up}: starts everything on the documented ports (each movable by its environment
     * variable) and runs until this JVM is stopped (Ctrl-C, or SIGTERM from {@code ./vaxline down}),
     * with its {@link StackState} in the data folder meanwhile.
     *
     * @return the exit code when the stack could not start; while it runs, this does not return
     */
    public static int runUntilStopped(Path repoRoot, Path dataDir, boolean wipe) throws Exception {
        return runUntilStopped(repoRoot, dataDir, wipe, 1);
    }

    /** The same with {@code brokers} Kafka brokers: 1 in this JVM, or a cluster of 3, each its own process. */
    public static int runUntilStopped(Path repoRoot, Path dataDir, boolean wipe, int brokers) throws Exception {
        Optional<ProcessHandle> running = StackState.read(dataDir).flatMap(StackState::process);
        if (running.isPresent()) {
            System.err.println("Vaxline is already running on " + dataDir + " (pid " + running.get().pid()
                    + "); ./vaxline down stops it.");
            return 1;
        }
        if (wipe) {
            deleteRecursively(dataDir);
            System.out.println("Wiped " + dataDir);
        }
        Files.createDirectories(dataDir);

        Map<String, String> env = System.getenv();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, InfraSettings.port(env, service.portVariable(), service.defaultPort()));
        }
        InfraSettings settings = InfraSettings.fromEnvironment(dataDir, env, brokers);
        StackState state = StackState.starting(settings, ports);
        System.out.println("Starting Vaxline (data in " + dataDir + ", logs in " + dataDir.resolve("logs") + ")");
        long started = System.nanoTime();
        VaxlineStack stack;
        state.write(dataDir);
        try {
            stack = start(repoRoot, settings, ports, Map.of(), System.out::println);
        } catch (Ports.PortInUseException e) {
            StackState.remove(dataDir);
            System.err.println(e.getMessage());
            return 1;
        } catch (Exception | Error e) {
            StackState.remove(dataDir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Vaxline...");
            long stopping = System.nanoTime();
            stack.close();
            try {
                StackState.remove(dataDir);
            } catch (IOException e) {
                System.err.println("Could not remove " + StackState.file(dataDir) + ": " + e.getMessage());
            }
            System.out.printf("Stopped (%.1f s).%n", (System.nanoTime() - stopping) / 1e9);
        }, "vaxline-stop"));
        state.asReady().write(dataDir);
        printReady(stack, (System.nanoTime() - started) / 1e9);
        Thread.currentThread().join();
        return 0;
    }

    private static void printReady(VaxlineStack stack, double seconds) {
        Endpoints e = stack.infrastructure().endpoints();
        System.out.printf("""

                Vaxline is up (%.1f s). Ctrl-C stops everything.

                In a browser:
                  booking (people)     %s/
                  clinic console       %s/clinic/login
                  administration       %s/admin
                  programme dashboard  %s/dashboard
                  SMS inbox            %s/inbox   (stands in for people's phones)

                  booking-api          %s   (OpenAPI UI: %s/q/swagger-ui)
                  scheduler-stream     %s
                  notifier             %s   (SMS inbox: %s/inbox)
                  certificate-service  %s   (OpenAPI UI: %s/q/swagger-ui)
                  records              %s   (OpenAPI UI: %s/q/swagger-ui)
                  care                 %s   (OpenAPI UI: %s/q/swagger-ui)
                  web                  %s
                  Kafka                %s
                  Schema registry      %s
                  PostgreSQL           %s:%d (user %s)

                Administrator API key (exchange it for a token at POST /admin/login): %s
                %n""", seconds,
                stack.url(Service.WEB), stack.url(Service.WEB), stack.url(Service.WEB), stack.url(Service.WEB),
                stack.url(Service.NOTIFIER),
                stack.url(Service.BOOKING_API), stack.url(Service.BOOKING_API),
                stack.url(Service.SCHEDULER_STREAM),
                stack.url(Service.NOTIFIER), stack.url(Service.NOTIFIER),
                stack.url(Service.CERTIFICATE_SERVICE), stack.url(Service.CERTIFICATE_SERVICE),
                stack.url(Service.RECORDS), stack.url(Service.RECORDS),
                stack.url(Service.CARE), stack.url(Service.CARE),
                stack.url(Service.WEB),
                e.kafkaBootstrapServers(), e.registryUrl(), e.dbHost(), e.dbPort(), e.dbUser(), e.secrets().adminApiKey());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
