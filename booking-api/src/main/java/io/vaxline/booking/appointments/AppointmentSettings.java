package io.vaxline.booking.appointments;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "vaxline.booking")
public interface AppointmentSettings {

    /** How long POST /appointments waits for scheduler-stream's decision before answering 202. */
    Duration replyTimeout();
}
