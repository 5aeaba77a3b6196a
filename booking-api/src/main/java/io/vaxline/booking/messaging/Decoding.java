package io.vaxline.booking.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.vaxline.schemas.RecordDecoder;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Consumers read raw bytes and decode them here, so unreadable records reach the dead-letter topic intact. */
@ApplicationScoped
public class Decoding {

    @Produces
    @ApplicationScoped
    RecordDecoder decoder(@ConfigProperty(name = "vaxline.registry.url") String registryUrl) {
        return new RecordDecoder(registryUrl);
    }

    void close(@Disposes RecordDecoder decoder) {
        decoder.close();
    }
}
