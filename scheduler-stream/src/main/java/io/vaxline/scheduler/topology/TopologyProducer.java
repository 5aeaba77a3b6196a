package io.vaxline.scheduler.topology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.RecordDecoder;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "vaxline.registry.url")
    String registryUrl;

    @Produces
    public Topology topology() {
        return new BookingTopology(AvroSerdes.valueSerde(registryUrl), new RecordDecoder(registryUrl)).build();
    }
}
