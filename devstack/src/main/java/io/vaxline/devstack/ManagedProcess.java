package io.vaxline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the local stack (the registry or one of the services), with its output in a
 * log file and its pid in a pid file so that a run killed with -9 does not leave it holding ports
 * for the next one.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Path pidFile;
    private Process process;

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path logFile,
            Path pidFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** The java launcher of this JVM, so children run on the same (21+) JDK. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());

        stopStaleProcess();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Files.writeString(pidFile, process.pid() + "\n" + String.join(" ", command) + "\n");
    }

    /** Polls {@code readyUrl} until it answers 200; fails fast, with the end of the log, if the process dies. */
    public void awaitReady(URI readyUrl, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current;
            synchronized (this) {
                current = process;
            }
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + (current == null ? "?" : current.exitValue())
                        + " before it was ready. End of " + logFile + ":\n" + tail(40));
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readyUrl).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " was not ready at " + readyUrl + " within " + timeout.toSeconds()
                + " s. End of " + logFile + ":\n" + tail(40));
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGKILL, like a crash: no shutdown hooks, no flush, no commit. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(process, Duration.ofSeconds(30));
        process = null;
    }

    /**
     * SIGTERM without waiting, so that several processes shut down side by side; {@link #stop} then
     * waits for this one.
     */
    public synchronized void beginStop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGTERM and a grace period for an orderly shutdown, then SIGKILL. */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(process, grace)) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(10));
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    public String tail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no output)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private void stopStaleProcess() throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> recorded = Files.readAllLines(pidFile);
        Files.delete(pidFile);
        if (recorded.size() < 2) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(recorded.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        // Only a process still running our command is ours; the pid may have been reused since.
        String[] recordedCommand = recorded.get(1).split(" ");
        String signature = recordedCommand[recordedCommand.length - 1];
        ProcessHandle.of(pid)
                .filter(p -> p.info().commandLine().map(c -> c.contains(signature)).orElse(false))
                .ifPresent(stale -> {
                    stale.destroyForcibly();
                    try {
                        stale.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not stop the " + name + " left over from an earlier run (pid "
                                + pid + "); stop it by hand: kill -9 " + pid, e);
                    }
                });
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
