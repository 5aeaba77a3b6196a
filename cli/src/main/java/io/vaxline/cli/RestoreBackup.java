package io.vaxline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfraSettings;
import io.vaxline.devstack.ServiceSecrets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore-backup", description = {
    "Restore an encrypted backup of booking-api into a new database of the running PostgreSQL.",
    "BACKUP_KEYSET (default: secrets/backup-keyset.json in the data folder) decrypts it; DB_HOST and",
    "DB_PORT (default: the local stack's PostgreSQL), DB_USER and DB_PASSWORD say where to restore it." })
final class RestoreBackup implements Callable<Integer> {

    /** booking-api's restore command, run with booking-api's own class path. */
    static final String MAIN_CLASS = "io.vaxline.booking.backup.RestoreBackup";

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    @ParentCommand
    private Vaxline vaxline;

    @Parameters(index = "0", paramLabel = "<file>", description = "The backup, e.g. data/backups/booking-....vxbak")
    private Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<database>",
            description = "The new database (default: booking_restored_<date>_<time>).")
    private String database;

    @Mixin
    private DataDir dataDir;

    @Override
    public Integer call() throws Exception {
        Path repoRoot = vaxline.repoRoot();
        Path app = repoRoot.resolve("booking-api/target/quarkus-app");
        if (!Files.isDirectory(app)) {
            throw new IllegalStateException("booking-api is not built (" + app + " is missing): ./vaxline builds it.");
        }
        Map<String, String> env = System.getenv();
        Path data = dataDir.in(repoRoot);
        String keyset = env.getOrDefault("BACKUP_KEYSET",
                ServiceSecrets.backupKeysetIn(ServiceSecrets.folder(data)).toString());
        String host = env.getOrDefault("DB_HOST", "127.0.0.1");
        int port = env.containsKey("DB_PORT") ? Integer.parseInt(env.get("DB_PORT"))
                : InfraSettings.fromEnvironment(data, env).postgresPort();
        String target = database != null ? database : "booking_restored_" + SUFFIX.format(LocalDateTime.now());
        return new ChildJvm(repoRoot, "1g", List.of(app + "/app/*", app + "/lib/main/*", app + "/lib/boot/*"))
                .environment(Map.of("BACKUP_KEYSET", keyset))
                .run(MAIN_CLASS, List.of(file.toAbsolutePath().toString(), Endpoints.jdbcUrl(host, port, target)));
    }
}
