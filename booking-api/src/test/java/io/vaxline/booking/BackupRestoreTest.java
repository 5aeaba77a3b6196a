package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.booking.backup.BackupArchive;
import io.vaxline.booking.backup.Backups;
import io.vaxline.booking.platform.security.Keysets;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

/**
 * The daily backup restores into an empty database as an equal copy: every row of every table,
 * compared column by column. A backup is unreadable without the key, refuses a non-empty target,
 * and a damaged one restores nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BackupRestoreTest {

    @Inject
    Backups backups;

    @Test
    void aBackupRestoresIntoAnEmptyDatabaseAsAnEqualCopy() throws Exception {
        String admin = People.adminToken();
        // Some of everything: a patient list (sealed rows), a campaign, whatever other tests left.
        String area = "B" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        given().auth().oauth2(admin).contentType("text/csv").body("patient_ref,given_name,birth_date,phone,postcode,conditions\n"
                + area + "-1,Alva,1950-01-01,+46701119991," + area + "1,chronic-lung-disease\n")
                .post("/admin/outreach/patient-lists").then().statusCode(200);
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"name\": \"Backup " + area + "\", \"message\": \"m\", \"criteria\": {\"postcodePrefixes\": [\"" + area + "\"]}}")
                .post("/admin/outreach/campaigns").then().statusCode(201);

        String name = given().auth().oauth2(admin).post("/admin/backups").then().statusCode(200).extract().path("name");
        Path file = backups.list().stream().filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow();
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the backup is encrypted").doesNotContain("flyway").doesNotContain("campaign").doesNotContain("Backup " + area);

        Endpoints db = InfrastructureTestResource.endpoints();
        String target = "restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin2 = DriverManager.getConnection(db.jdbcUrl("postgres"), db.dbUser(), db.dbPassword());
                Statement s = admin2.createStatement()) {
            s.execute("CREATE DATABASE " + target);
        }
        StreamingAead key = Keysets.streamingAead(db.secrets().backupKeyset());
        try (Connection source = connect("booking"); Connection copy = connect(target)) {
            // What the backup saw: compare against a fresh backup's snapshot taken now, then restore that one.
            Path now = Files.createTempFile(Path.of("target"), "now", ".vxbak");
            Map<String, List<List<String>>> before;
            try (OutputStream out = Files.newOutputStream(now)) {
                BackupArchive.write(source, "booking", key, out, line -> { });
                before = everything(source);
            }
            try (InputStream in = Files.newInputStream(now)) {
                BackupArchive.Summary restored = BackupArchive.restore(copy, db.jdbcUrl(target), db.dbUser(), db.dbPassword(),
                        key, in, line -> { });
                assertThat(restored.rows()).containsKeys("patient", "campaign", "household", "appointment");
                assertThat(restored.rows().get("patient")).isPositive();
            }
            Map<String, List<List<String>>> after = everything(copy);
            assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
            before.forEach((table, rows) -> assertThat(after.get(table)).as(table).isEqualTo(rows));

            // Into a database that is not empty: refused, nothing touched.
            try (InputStream in = Files.newInputStream(file)) {
                assertThatThrownBy(() -> BackupArchive.restore(copy, db.jdbcUrl(target), db.dbUser(), db.dbPassword(), key, in,
                        line -> { })).hasMessageContaining("not empty");
            }
        }

        // Another key, or one changed byte: nothing restored.
        String other = "restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin2 = DriverManager.getConnection(db.jdbcUrl("postgres"), db.dbUser(), db.dbPassword());
                Statement s = admin2.createStatement()) {
            s.execute("CREATE DATABASE " + other);
        }
        StreamingAead wrongKey = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
                .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        try (Connection copy = connect(other); InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> BackupArchive.restore(copy, db.jdbcUrl(other), db.dbUser(), db.dbPassword(), wrongKey, in,
                    line -> { })).hasMessageContaining("does not decrypt");
        }
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 1;
        try (Connection copy = connect(other); InputStream in = new java.io.ByteArrayInputStream(damaged)) {
            assertThatThrownBy(() -> BackupArchive.restore(copy, db.jdbcUrl(other), db.dbUser(), db.dbPassword(), key, in,
                    line -> { })).isInstanceOf(Exception.class);
            try (Statement s = copy.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'patient'")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    try (ResultSet rows = s.executeQuery("SELECT count(*) FROM patient")) {
                        rows.next();
                        assertThat(rows.getInt(1)).as("a damaged backup restores no rows").isZero();
                    }
                }
            }
        }
    }

    private static Connection connect(String database) throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        return DriverManager.getConnection(db.jdbcUrl(database), db.dbUser(), db.dbPassword());
    }

    /** Every row of every table (Flyway's history included), as text, in a stable order. */
    private static Map<String, List<List<String>>> everything(Connection db) throws Exception {
        Map<String, List<List<String>>> tables = new java.util.TreeMap<>();
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        for (String table : names) {
            List<List<String>> rows = new ArrayList<>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT t::text FROM \"" + table + "\" t ORDER BY 1")) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString(1)));
                }
            }
            tables.put(table, rows);
        }
        return tables;
    }
}
