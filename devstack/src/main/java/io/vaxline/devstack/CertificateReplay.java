package io.vaxline.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./vaxline replay-certificates [database]}: rebuilds every certificate from the event log
 * into an empty database (created when missing), with the running stack's broker, registry and
 * signing key, printing certificate-service's progress. The live service and its database are
 * left alone; compare, then point certificate-service at the new database with DB_NAME.
 */
public final class CertificateReplay {

    public static final String DEFAULT_DATABASE = "certificates_replay";

    private CertificateReplay() {
    }

    /** Runs the replay and returns certificate-service's exit code (0: done). */
    public static int run(Path repoRoot, Endpoints endpoints, Path dataDir, String database, Consumer<String> out)
            throws IOException, InterruptedException, SQLException {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name '" + database + "' must be lower-case letters, digits and _");
        }
        createDatabase(endpoints, database);
        Path runner = Service.CERTIFICATE_SERVICE.runner(repoRoot);
        if (!Files.exists(runner)) {
            throw new IllegalStateException("certificate-service is not built (" + runner + "): run ./mvnw package -DskipTests");
        }
        Map<String, String> env = new java.util.LinkedHashMap<>(endpoints.serviceEnvironment(Service.CERTIFICATE_SERVICE.module()));
        env.put("DB_NAME", database);
        env.put("QUARKUS_PROFILE", "replay");
        env.put("CERTIFICATE_KEYSTORE", dataDir.resolve(Service.CERTIFICATE_SERVICE.module()).resolve("signing-key.p12").toString());
        Path tmp = Files.createDirectories(dataDir.resolve("certificate-service").resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(ManagedProcess.currentJava(), "-Xmx512m",
                "-Djava.io.tmpdir=" + tmp, "-jar", runner.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        out.accept("Replaying the event log into database " + database + " (certificate-service in replay mode)...");
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.accept(line);
            }
        }
        return process.waitFor();
    }

    private static void createDatabase(Endpoints endpoints, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl("postgres"), endpoints.dbUser(), endpoints.dbPassword());
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String database = DEFAULT_DATABASE;
        Path dataDir = Path.of("data").toAbsolutePath();
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length())).toAbsolutePath();
            } else if (!arg.startsWith("--")) {
                database = arg;
            } else {
                System.err.println("usage: ./vaxline replay-certificates [database] [--data-dir=<folder of ./vaxline up>]");
                System.exit(2);
            }
        }
        Map<String, String> env = System.getenv();
        InfraSettings settings = InfraSettings.fromEnvironment(dataDir, env);
        Endpoints endpoints = new Endpoints("127.0.0.1:" + settings.kafkaPort(),
                "http://127.0.0.1:" + settings.registryPort() + "/apis/registry/v3", "127.0.0.1", settings.postgresPort(),
                PostgresServer.USER, PostgresServer.PASSWORD, ServiceSecrets.loadOrCreate(ServiceSecrets.folder(dataDir)));
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        int exit;
        try {
            exit = run(repoRoot, endpoints, dataDir, database, System.out::println);
        } catch (SQLException e) {
            System.err.println("Cannot reach PostgreSQL at " + endpoints.jdbcUrl("postgres") + " (" + e.getMessage()
                    + "). Start the system first with ./vaxline up.");
            exit = 1;
        }
        if (exit == 0) {
            System.out.println("Done. The live service still uses its own database; to switch, start certificate-service "
                    + "with DB_NAME=" + database + ".");
        }
        System.exit(exit);
    }
}
