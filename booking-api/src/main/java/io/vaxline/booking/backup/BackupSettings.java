package io.vaxline.booking.backup;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;

/** The daily encrypted backup: its streaming keyset, where it goes and how many are kept. */
@ConfigMapping(prefix = "vaxline.backup")
public interface BackupSettings {

    Path keyset();

    Path folder();

    int keep();

    /** When the backup runs (Quartz cron). */
    String cron();

    /** The database backed up, which names the files. */
    String database();

    /** Make the keyset on first start when it is missing (only docker-compose sets this). */
    boolean createKeyset();
}
