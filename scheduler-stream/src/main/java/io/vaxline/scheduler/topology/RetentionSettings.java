package io.vaxline.scheduler.topology;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long the topology's stores remember requests and past days (see {@link io.vaxline.scheduler.domain.Retention}). */
@ConfigMapping(prefix = "vaxline.retention")
public interface RetentionSettings {

    /** How long a request id is remembered, so a repeat gets its first outcome. */
    @WithDefault("P7D")
    Duration requestIds();

    /** How long after a day its sessions, seats and seat holders are kept. */
    @WithDefault("P14D")
    Duration ledgerDays();

    /** How often the stores are swept. */
    @WithDefault("PT1H")
    Duration purgeInterval();
}
