package io.vaxline.scheduler.topology;

import java.time.Duration;
import java.time.LocalTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.RecordDecoder;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "vaxline.registry.url")
    String registryUrl;

    /** Clinic-local time of day, the day before an appointment, at which its reminder goes out. */
    @ConfigProperty(name = "vaxline.reminders.local-time", defaultValue = "18:00")
    LocalTime reminderTime;

    /** How often due reminders are looked for: the most a reminder can be late. */
    @ConfigProperty(name = "vaxline.reminders.scan-interval", defaultValue = "PT30S")
    Duration reminderScan;

    @Produces
    public Topology topology() {
        return new BookingTopology(AvroSerdes.valueSerde(registryUrl), new RecordDecoder(registryUrl),
                new ReminderSchedule(reminderTime, reminderScan)).build();
    }
}
