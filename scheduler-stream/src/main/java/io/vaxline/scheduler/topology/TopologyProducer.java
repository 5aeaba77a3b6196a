package io.vaxline.scheduler.topology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.RecordDecoder;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "vaxline.registry.url")
    String registryUrl;

    @Inject
    ReminderSettings reminders;

    @Produces
    public Topology topology() {
        return new BookingTopology(AvroSerdes.valueSerde(registryUrl), new RecordDecoder(registryUrl),
                new ReminderSchedule(reminders.localTime(), reminders.scanInterval())).build();
    }
}
