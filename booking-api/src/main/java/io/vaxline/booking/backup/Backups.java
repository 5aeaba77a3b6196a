package io.vaxline.booking.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.crypto.tink.StreamingAead;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vaxline.booking.platform.security.Keysets;

/**
 * The daily encrypted backup of booking-api's database (people, appointments, patient lists,
 * campaigns, answers) into a local folder, keeping the newest {@code vaxline.backup.keep}. Restore with
 * {@code ./vaxline restore-backup <file> <new database>} ({@link RestoreBackup}).
 */
@ApplicationScoped
public class Backups {

    public record Written(Path file, long bytes, long rows, long millis) {
    }

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Inject
    DataSource dataSource;
    @Inject
    BackupSettings settings;


    private volatile StreamingAead aead;

    @Scheduled(cron = "{vaxline.backup.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        try {
            backup();
        } catch (RuntimeException e) {
            Log.errorf(e, "The daily backup failed; the previous ones are kept. Check %s and the keyset %s", settings.folder(), settings.keyset());
        }
    }

    /** Writes a backup now: to a temporary file first, renamed when complete, so a half-written file never looks whole. */
    public synchronized Written backup() {
        Instant started = Instant.now();
        try {
            Files.createDirectories(settings.folder());
            Path target = settings.folder().resolve(settings.database() + "-" + NAME.format(started) + ".vxbak");
            Path partial = settings.folder().resolve(target.getFileName() + ".partial");
            BackupArchive.Summary summary;
            try (Connection db = dataSource.getConnection(); OutputStream out = Files.newOutputStream(partial)) {
                summary = BackupArchive.write(db, settings.database(), aead(), out, line -> Log.infof("Backup %s: %s", target.getFileName(), line));
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            prune();
            long rows = summary.rows().values().stream().mapToLong(Long::longValue).sum();
            Written written = new Written(target, Files.size(target), rows, java.time.Duration.between(started, Instant.now()).toMillis());
            Log.infof("Backup written: %s (%,d rows, %,d bytes, %d ms)", target, rows, written.bytes(), written.millis());
            return written;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("The backup to " + settings.folder() + " failed: " + e.getMessage(), e);
        }
    }

    public List<Path> list() {
        if (!Files.isDirectory(settings.folder())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(settings.folder())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".vxbak"))
                    .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + settings.folder() + ": " + e.getMessage(), e);
        }
    }

    private void prune() throws IOException {
        List<Path> backups = list();
        for (Path old : backups.subList(Math.min(settings.keep(), backups.size()), backups.size())) {
            Files.deleteIfExists(old);
        }
    }

    private StreamingAead aead() {
        if (aead == null) {
            if (settings.createKeyset()) {
                Keysets.createIfMissing(settings.keyset(), com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            }
            aead = Keysets.streamingAead(settings.keyset());
        }
        return aead;
    }
}
