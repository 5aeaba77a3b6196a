package io.vaxline.booking.platform;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import io.vaxline.schemas.NotifierSeal;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals the secrets booking-api hands to the notifier (one-time codes, invitation links) with the
 * notifier's public key: booking-api can seal them, only the notifier can open them.
 */
@ApplicationScoped
public class SealForNotifier {

    @ConfigProperty(name = "vaxline.seal.notifier-public-keyset")
    Path publicKeyset;

    private NotifierSeal seal;

    @PostConstruct
    void load() {
        seal = NotifierSeal.forSealing(publicKeyset);
    }

    public ByteBuffer code(String code, String phone) {
        return seal.sealCode(code, phone);
    }

    public ByteBuffer link(String link, String invitationId) {
        return seal.sealLink(link, invitationId);
    }
}
