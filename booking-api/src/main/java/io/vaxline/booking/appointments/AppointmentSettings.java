package io.vaxline.booking.appointments;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vaxline.booking")
public interface AppointmentSettings {

    /** How long POST /appointments waits for scheduler-stream's decision before answering 202. */
    Duration replyTimeout();

    /**
     * How long an Idempotency-Key stays bound to its first request: as long as scheduler-stream
     * remembers the request id (its {@code vaxline.retention.request-ids}).
     */
    @WithDefault("P7D")
    Duration idempotencyKeyRetention();
}
