package io.vaxline.scheduler.topology;

import java.time.Duration;
import java.time.LocalTime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When day-before reminders go out. */
@ConfigMapping(prefix = "vaxline.reminders")
public interface ReminderSettings {

    /** Clinic-local time of day, the day before an appointment, at which its reminder goes out. */
    @WithDefault("18:00")
    LocalTime localTime();

    /** How often due reminders are looked for: the most a reminder can be late. */
    @WithDefault("PT30S")
    Duration scanInterval();
}
