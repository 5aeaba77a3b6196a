package io.vaxline.booking.backup;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import io.vaxline.booking.platform.security.Keysets;

/**
 * The restore command: {@code RestoreBackup <backup file> <jdbc url of an empty database>}, with
 * DB_USER, DB_PASSWORD and BACKUP_KEYSET from the environment; a database that does not exist is
 * created.  ({@code ./vaxline restore-backup} sets
 * them for the local stack). Runs without Quarkus, from booking-api's jars.
 */
public final class RestoreBackup {

    private RestoreBackup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RestoreBackup <backup file> <jdbc:postgresql://host:port/empty-database>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String url = args[1];
        String user = env("DB_USER", "postgres");
        String password = env("DB_PASSWORD", "postgres");
        Path keyset = Path.of(env("BACKUP_KEYSET", "/etc/vaxline/backup-keyset.json"));
        if (!Files.isRegularFile(file)) {
            System.err.println("No backup file " + file);
            System.exit(2);
        }
        try {
            createIfMissing(url, user, password);
        } catch (java.sql.SQLException e) {
            System.err.println("Cannot reach PostgreSQL at " + url + " (" + e.getMessage() + "): is the system up "
                    + "(./vaxline up), and are DB_HOST, DB_PORT, DB_USER and DB_PASSWORD right?");
            System.exit(1);
        }
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection(url, user, password); InputStream in = Files.newInputStream(file)) {
            BackupArchive.Summary summary = BackupArchive.restore(db, url, user, password, Keysets.streamingAead(keyset), in,
                    line -> System.out.println("restore: " + line));
            System.out.printf("Restored %s into %s: %,d rows in %d tables, %d ms%n", file, url,
                    summary.rows().values().stream().mapToLong(Long::longValue).sum(), summary.rows().size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IllegalStateException | java.sql.SQLException | java.io.IOException e) {
            System.err.println("Restore failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** A database that does not exist yet is created (empty), on the same server. */
    private static void createIfMissing(String url, String user, String password) throws java.sql.SQLException {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return;
        } catch (java.sql.SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                throw e;
            }
        }
        String database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*$", "");
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Name the new database with lower-case letters, digits and _: " + database);
        }
        try (Connection server = DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + "postgres", user, password);
                java.sql.Statement s = server.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            System.out.println("restore: created the empty database " + database);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
