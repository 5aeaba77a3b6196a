package io.vaxline.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.schemas.KafkaPrincipals;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: the real Kafka broker, registry and PostgreSQL, started once per test JVM
 * in a child JVM ({@link InfraServer}) on free ports, and stopped when the test JVM exits.
 *
 * <p>Quarkus may create this class several times (once per application start, in different class
 * loaders), so the running infrastructure is remembered in a JVM-wide system property.
 */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String RUNNING = "vaxline.test-infrastructure.endpoints";
    private static final String DATA_DIR = "vaxline.test-infrastructure.data-dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicClient topics;

    /**
     * The service under test logs in to Kafka as its own principal (the module's folder name, which
     * is where Maven runs its tests), so a missing grant fails its tests as it would fail in
     * production; other modules' tests log in as the provisioner.
     */
    @Override
    public Map<String, String> start() {
        String module = Path.of("").toAbsolutePath().getFileName().toString();
        KafkaPrincipals.Principal principal = KafkaPrincipals.byName(module);
        return endpoints().serviceProperties(principal != null ? principal.name() : KafkaPrincipals.PROVISIONER);
    }

    @Override
    public void stop() {
        // shared by every test of this JVM; the child stops when the JVM exits
    }

    /** Endpoints of this JVM's infrastructure, starting it on first use. */
    public static synchronized Endpoints endpoints() {
        try {
            String running = System.getProperty(RUNNING);
            if (running == null) {
                running = JSON.writeValueAsString(startChild());
                System.setProperty(RUNNING, running);
            }
            return JSON.readValue(running, Endpoints.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client for this JVM's topics, shared by its tests and closed when the JVM exits. */
    public static synchronized TopicClient topics() {
        if (topics == null) {
            TopicClient client = new TopicClient(endpoints());
            Runtime.getRuntime().addShutdownHook(new Thread(client::close, "test-topic-client-close"));
            topics = client;
        }
        return topics;
    }

    /** Stops this JVM's PostgreSQL (keeping its data) until {@link #startPostgres()}: an outage, for tests that it is waited out. */
    public static void stopPostgres() {
        control(InfraServer.Command.STOP_POSTGRES);
    }

    public static void startPostgres() {
        control(InfraServer.Command.START_POSTGRES);
    }

    /** Stops this JVM's schema registry until {@link #startRegistry()}, which waits until it answers again. */
    public static void stopRegistry() {
        control(InfraServer.Command.STOP_REGISTRY);
    }

    public static void startRegistry() {
        control(InfraServer.Command.START_REGISTRY);
    }

    /** Stops this JVM's Kafka broker (keeping its log) until {@link #startKafka()}: the event log is away. */
    public static void stopKafka() {
        control(InfraServer.Command.STOP_KAFKA);
    }

    public static void startKafka() {
        control(InfraServer.Command.START_KAFKA);
    }

    private static synchronized void control(InfraServer.Command command) {
        endpoints();
        Path folder = Path.of(System.getProperty(DATA_DIR)).resolve(InfraServer.CONTROL_FOLDER);
        String id = System.nanoTime() + "-" + command;
        try {
            Files.createDirectories(folder);
            Path tmp = folder.resolve(id + ".tmp");
            Files.writeString(tmp, command.name());
            Files.move(tmp, folder.resolve(id + ".request"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(folder.resolve(id + ".done"))) {
                    return;
                }
                Path failed = folder.resolve(id + ".failed");
                if (Files.exists(failed)) {
                    throw new IllegalStateException(command + " failed: " + Files.readString(failed));
                }
                ManagedProcess.sleep(Duration.ofMillis(100));
            }
            throw new IllegalStateException(command + " was not carried out within 3 minutes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Endpoints startChild() throws IOException {
        Path dataDir = Path.of("target", "test-infrastructure-" + ProcessHandle.current().pid()).toAbsolutePath();
        Files.createDirectories(dataDir);
        System.setProperty(DATA_DIR, dataDir.toString());
        Path log = dataDir.resolve("infra-server.log");
        List<String> command = new ArrayList<>(List.of(ManagedProcess.currentJava(), "-Xmx512m",
                "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + dataDir, "-cp", classPath(),
                InfraServer.class.getName(), dataDir.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        OutputStream keepAlive = child.getOutputStream();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopChild(child, keepAlive), "test-infrastructure-stop"));

        Path endpoints = dataDir.resolve(InfraServer.ENDPOINTS_FILE);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.exists(endpoints)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new IllegalStateException("The test infrastructure did not start. Its log (" + log + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            ManagedProcess.sleep(Duration.ofMillis(100));
        }
        return JSON.readValue(endpoints.toFile(), Endpoints.class);
    }

    private static void stopChild(Process child, OutputStream keepAlive) {
        try {
            keepAlive.close();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            child.destroyForcibly();
        }
    }

    private static String classPath() throws IOException {
        return BuildInfo.classPath();
    }
}
