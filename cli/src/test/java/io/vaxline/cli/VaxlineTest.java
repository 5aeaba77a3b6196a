package io.vaxline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

import io.vaxline.devstack.Ports;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.StackState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line without a stack: a stand-in process recorded in a state file plays the running system. */
class VaxlineTest {

    @TempDir
    Path repoRoot;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Process standIn;
    private HttpServer health;

    @AfterEach
    void stopStandIns() {
        if (standIn != null) {
            standIn.destroyForcibly();
        }
        if (health != null) {
            health.stop(0);
        }
    }

    private int vaxline(String... args) {
        CommandLine commandLine = Vaxline.commandLine(repoRoot);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path dataDir() {
        return repoRoot.resolve("data");
    }

    /** A process that ./vaxline down may stop, recorded as a running stack with these service ports. */
    private StackState recordStandIn(Map<Service, Integer> servicePorts) throws IOException {
        standIn = new ProcessBuilder("sleep", "300").start();
        Instant started = standIn.info().startInstant().orElseThrow();
        StackState state = new StackState(standIn.pid(), started, true, servicePorts,
                Map.of("Kafka", "127.0.0.1:9092"));
        Files.createDirectories(dataDir());
        state.write(dataDir());
        return state;
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        assertThat(vaxline("help")).isZero();
        assertThat(out.toString()).contains("up", "down", "status", "logs", "read", "send", "replay-certificates",
                "restore-backup", "redrive", "bench", "drills", "test", "help");
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String command : Vaxline.commandLine(repoRoot).getSubcommands().keySet()) {
            out.getBuffer().setLength(0);
            assertThat(vaxline(command, "--help")).as(command + " --help").isZero();
            assertThat(out.toString()).as(command + " --help").contains("Usage: vaxline " + command);
        }
    }

    @Test
    void unknownCommandShowsUsageAndExitsTwo() {
        assertThat(vaxline("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate").contains("Usage: vaxline");
    }

    @Test
    void noCommandShowsUsageAndExitsTwo() {
        assertThat(vaxline()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: vaxline", "restore-backup");
    }

    @Test
    void unknownBenchmarkIsAUsageError() {
        assertThat(vaxline("bench", "everything")).isEqualTo(2);
        assertThat(err.toString()).contains("reminders", "certificates", "outreach", "perf");
    }

    @Test
    void downWithNothingRunningSaysSoAndExitsZero() {
        assertThat(vaxline("down")).isZero();
        assertThat(out.toString()).startsWith("Nothing is running");
    }

    @Test
    void downStopsTheRecordedProcessAndRemovesItsRecord() throws Exception {
        StackState state = recordStandIn(Map.of());

        assertThat(vaxline("down", "--data-dir=" + dataDir())).isZero();

        assertThat(standIn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(out.toString()).contains("Stopping Vaxline (pid " + state.pid() + ")", "Stopped.");
        assertThat(StackState.file(dataDir())).doesNotExist();
    }

    @Test
    void downLeavesAlonePidReusedByAnotherProcess() throws Exception {
        standIn = new ProcessBuilder("sleep", "300").start();
        new StackState(standIn.pid(), Instant.parse("2001-01-01T00:00:00Z"), true, Map.of(), Map.of())
                .write(Files.createDirectories(dataDir()));

        assertThat(vaxline("down")).isZero();

        assertThat(out.toString()).startsWith("Nothing is running").contains("has exited");
        assertThat(standIn.isAlive()).isTrue();
        assertThat(StackState.file(dataDir())).doesNotExist();
    }

    @Test
    void statusSaysWhichServicesAnswerTheirReadinessCheck() throws Exception {
        health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()), 0);
        health.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        health.start();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.BOOKING_API, health.getAddress().getPort());
        ports.put(Service.NOTIFIER, Ports.free());
        StackState state = recordStandIn(ports);

        assertThat(vaxline("status")).isZero();

        assertThat(out.toString())
                .contains("Vaxline is up (pid " + state.pid())
                .containsPattern("booking-api +http://127.0.0.1:" + health.getAddress().getPort() + " +ready")
                .containsPattern("notifier +http://127.0.0.1:\\d+ +not answering")
                .containsPattern("Kafka +127.0.0.1:9092");
    }

    @Test
    void statusWithNothingRunningSaysSo() {
        assertThat(vaxline("status")).isZero();
        assertThat(out.toString()).startsWith("Nothing is running");
    }

    @Test
    void logsShowsTheLastLinesOfAServiceLog() throws Exception {
        Path logs = Files.createDirectories(dataDir().resolve("logs"));
        Files.writeString(logs.resolve("booking-api.log"),
                IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()));

        assertThat(vaxline("logs", "booking-api", "-n", "3")).isZero();

        assertThat(out.toString()).isEqualTo("line 4998\nline 4999\nline 5000\n");
    }

    @Test
    void logsWithoutANameListsTheLogs() throws Exception {
        Path logs = Files.createDirectories(dataDir().resolve("logs"));
        Files.writeString(logs.resolve("notifier.log"), "started\n");
        Files.writeString(logs.resolve("postgres.log"), "ready\n");

        assertThat(vaxline("logs")).isZero();

        assertThat(out.toString()).contains("notifier", "postgres");
    }

    @Test
    void logsOfAnUnknownNameSaysWhichThereAre() throws Exception {
        Files.writeString(Files.createDirectories(dataDir().resolve("logs")).resolve("notifier.log"), "started\n");

        assertThat(vaxline("logs", "nope")).isEqualTo(1);

        assertThat(err.toString()).contains("nope.log", "[notifier]");
    }
}
