package io.vaxline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's embedded binaries) with its data in one folder, so a restart
 * finds the databases where they were.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final Path binariesDir;
    private final int port;
    private final Path logFile;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDir, Path binariesDir, int port, Path logFile) {
        this.dataDir = dataDir;
        this.binariesDir = binariesDir;
        this.port = port;
        this.logFile = logFile;
    }

    public static PostgresServer start(Path dataDir, Path binariesDir, int port, Path logFile) throws IOException {
        Files.createDirectories(binariesDir);
        Files.createDirectories(logFile.getParent());
        PostgresServer server = new PostgresServer(dataDir, binariesDir, port, logFile);
        server.start();
        return server;
    }

    /** Starts the server again on its data folder and port after {@link #stop()}; does nothing while it runs. */
    public synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        StalePostmaster.stopIfRunning(dataDir);
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IllegalStateException | IOException e) {
            throw new IOException("PostgreSQL did not start (its log: " + logFile + "). "
                    + "As root it needs user namespaces (`unshare -U true` must work); otherwise run as a normal user.", e);
        }
    }

    /**
     * Stops the server (a fast shutdown: open connections are closed), keeping its data, as an outage
     * would; {@link #start()} brings it back.
     */
    public synchronized void stop() throws IOException {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    /** Creates each database that does not exist yet. */
    public synchronized void createDatabases(List<String> names) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String name : names) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("CREATE DATABASE \"" + name + "\"");
            }
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    /** A postmaster left behind by a killed run would hold the data folder; stop it first. */
    static final class StalePostmaster {
        private StalePostmaster() {
        }

        static void stopIfRunning(Path dataDir) throws IOException {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid;
            try {
                pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            } catch (RuntimeException e) {
                return;
            }
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                    .ifPresent(postmaster -> {
                        // SIGINT is PostgreSQL's "fast" shutdown; ProcessHandle only sends TERM/KILL,
                        // and TERM ("smart") would wait for clients that no longer exist.
                        try {
                            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor();
                            postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            postmaster.destroyForcibly();
                        }
                    });
        }
    }
}
