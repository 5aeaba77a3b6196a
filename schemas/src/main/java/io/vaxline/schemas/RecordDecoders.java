package io.vaxline.schemas;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services' {@link RecordDecoder}, for the registry at {@code vaxline.registry.url}: consumers
 * read raw bytes and decode them with it, so unreadable records reach the dead-letter topic intact.
 */
@ApplicationScoped
public class RecordDecoders {

    @Produces
    @ApplicationScoped
    RecordDecoder decoder(@ConfigProperty(name = "vaxline.registry.url") String registryUrl) {
        return new RecordDecoder(registryUrl);
    }

    void close(@Disposes RecordDecoder decoder) {
        decoder.close();
    }
}
