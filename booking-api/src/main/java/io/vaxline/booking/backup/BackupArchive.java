package io.vaxline.booking.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.crypto.tink.StreamingAead;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A whole-database backup without pg_dump (the embedded PostgreSQL has none): every table of the
 * public schema in PostgreSQL's binary COPY format, read in one REPEATABLE READ snapshot, in a zip
 * that is encrypted as it is written with Tink's streaming AEAD (AES256_GCM_HKDF_1MB: authenticated
 * segment by segment, so a backup of any size is written and restored in constant memory and a
 * changed byte anywhere fails the restore). The schema itself is not copied: the backup records its
 * Flyway version, and a restore migrates the empty target database to that version first, then copies
 * the rows in, in foreign-key order, in one transaction that commits only if every table's row count
 * matches the backup's.
 */
public final class BackupArchive {

    public static final String FORMAT = "vaxline-backup-1";
    private static final byte[] ASSOCIATED = FORMAT.getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    /** The first entry: what the backup holds, in the order to restore it. */
    public record Contents(String format, String database, String schemaVersion, Instant createdAt, List<String> tables,
            Map<String, Long> sequences) {
    }

    /** What was written or restored: rows per table. */
    public record Summary(Contents contents, Map<String, Long> rows) {
    }

    private BackupArchive() {
    }

    public static Summary write(Connection db, String database, StreamingAead aead, OutputStream target,
            Consumer<String> progress) throws IOException, SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        try {
            Contents contents = new Contents(FORMAT, database, schemaVersion(db), Instant.now(), tablesInOrder(db), sequences(db));
            Map<String, Long> rows = new LinkedHashMap<>();
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream encrypted = aead.newEncryptingStream(target, ASSOCIATED);
                    ZipOutputStream zip = new ZipOutputStream(encrypted)) {
                zip.putNextEntry(new ZipEntry("contents.json"));
                zip.write(JSON.writeValueAsBytes(contents));
                zip.closeEntry();
                for (String table : contents.tables()) {
                    zip.putNextEntry(new ZipEntry("tables/" + table + ".copy"));
                    long count = copy.copyOut("COPY " + quote(table) + " TO STDOUT (FORMAT binary)", unclosable(zip));
                    zip.closeEntry();
                    rows.put(table, count);
                    progress.accept(table + ": " + count + " rows");
                }
                zip.putNextEntry(new ZipEntry("rows.json"));
                zip.write(JSON.writeValueAsBytes(rows));
                zip.closeEntry();
            } catch (GeneralSecurityException e) {
                throw new IOException("could not encrypt the backup: " + e.getMessage(), e);
            }
            return new Summary(contents, rows);
        } finally {
            db.rollback();
        }
    }

    /**
     * Restores into {@code db}, which must be an empty database: migrates it to the backup's schema
     * version with the migrations on the class path, then copies the rows in.
     */
    public static Summary restore(Connection db, String jdbcUrl, String user, String password, StreamingAead aead,
            InputStream source, Consumer<String> progress) throws IOException, SQLException {
        List<String> existing = tablesInOrder(db);
        if (!existing.isEmpty() || hasFlywayHistory(db)) {
            throw new IllegalStateException("The target database is not empty (it has " + existing.size() + " tables): "
                    + "restore into a new, empty database (CREATE DATABASE ...), then point booking-api at it");
        }
        Contents[] read = { null };
        try (InputStream decrypted = aead.newDecryptingStream(source, ASSOCIATED); ZipInputStream zip = new ZipInputStream(decrypted)) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals("contents.json")) {
                throw new IllegalStateException("This is not a Vaxline backup (no contents.json at its start)");
            }
            Contents contents = JSON.readValue(zip.readAllBytes(), Contents.class);
            read[0] = contents;
            if (!FORMAT.equals(contents.format())) {
                throw new IllegalStateException("Backup format " + contents.format() + " is not " + FORMAT);
            }
            progress.accept("backup of " + contents.database() + " taken " + contents.createdAt() + ", schema version "
                    + contents.schemaVersion() + "; migrating the empty database to it");
            Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/migration")
                    .target(contents.schemaVersion()).load().migrate();
            db.setAutoCommit(false);
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, Long> expected = null;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("rows.json")) {
                    expected = JSON.readValue(zip.readAllBytes(), JSON.getTypeFactory().constructMapType(Map.class, String.class, Long.class));
                    continue;
                }
                String table = entry.getName().replaceFirst("^tables/", "").replaceFirst("\\.copy$", "");
                if (!contents.tables().contains(table)) {
                    throw new IllegalStateException("The backup holds a table it does not list: " + table);
                }
                long count = copy.copyIn("COPY " + quote(table) + " FROM STDIN (FORMAT binary)", unclosable(zip));
                rows.put(table, count);
                progress.accept(table + ": " + count + " rows");
            }
            if (expected == null || !expected.equals(rows)) {
                db.rollback();
                throw new IllegalStateException("The backup is incomplete: it lists " + expected + " rows but held " + rows
                        + "; nothing was restored");
            }
            try (Statement s = db.createStatement()) {
                for (Map.Entry<String, Long> sequence : contents.sequences().entrySet()) {
                    s.execute("SELECT setval('" + quote(sequence.getKey()).replace("'", "''") + "', " + sequence.getValue() + ")");
                }
            }
            db.commit();
            return new Summary(contents, rows);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The backup does not decrypt with this keyset (another key, or a damaged file)", e);
        } catch (IOException e) {
            if (read[0] == null) {
                throw new IllegalStateException("The backup does not decrypt with this keyset (another key, or a damaged file): "
                        + e.getMessage(), e);
            }
            db.rollback();
            throw new IllegalStateException("The backup is damaged (" + e.getMessage() + "); no rows were restored. Drop the "
                    + "database, create it again empty and restore an earlier backup", e);
        }
    }

    /** Tables of the public schema (without Flyway's history), parents before the tables that refer to them. */
    static List<String> tablesInOrder(Connection db) throws SQLException {
        Map<String, List<String>> parents = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        + "AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
            while (rs.next()) {
                parents.put(rs.getString(1), new ArrayList<>());
            }
        }
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT child.relname, parent.relname FROM pg_constraint c
                        JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
                        JOIN pg_namespace n ON n.oid = child.relnamespace
                        WHERE c.contype = 'f' AND n.nspname = 'public'""")) {
            while (rs.next()) {
                if (parents.containsKey(rs.getString(1)) && !rs.getString(1).equals(rs.getString(2))) {
                    parents.get(rs.getString(1)).add(rs.getString(2));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            int before = ordered.size();
            parents.forEach((table, refs) -> {
                if (!ordered.contains(table) && ordered.containsAll(refs)) {
                    ordered.add(table);
                }
            });
            if (ordered.size() == before) {
                throw new IllegalStateException("Tables refer to each other in a cycle; a backup cannot order them");
            }
        }
        return ordered;
    }

    private static Map<String, Long> sequences(Connection db) throws SQLException {
        Map<String, Long> sequences = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL")) {
            while (rs.next()) {
                sequences.put(rs.getString(1), rs.getLong(2));
            }
        }
        return sequences;
    }

    private static String schemaVersion(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("The database has no Flyway history: it is not a Vaxline database");
            }
            return rs.getString(1);
        }
    }

    private static boolean hasFlywayHistory(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'flyway_schema_history'")) {
            return rs.next();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** COPY closes nothing, but the zip entry must stay open for the next one. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the zip entry is closed by the zip
            }
        };
    }
}
