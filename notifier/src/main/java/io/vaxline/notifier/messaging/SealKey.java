package io.vaxline.notifier.messaging;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.vaxline.schemas.NotifierSeal;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The notifier's private keyset, which opens the codes and links sealed for it (and only it holds). */
@ApplicationScoped
public class SealKey {

    @Produces
    @ApplicationScoped
    NotifierSeal seal(@ConfigProperty(name = "vaxline.seal.notifier-private-keyset") Path privateKeyset) {
        return NotifierSeal.forOpening(privateKeyset);
    }
}
