package io.vaxline.booking.platform;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import io.vaxline.schemas.NotifierSeal;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals the secrets booking-api hands to the notifier (one-time codes, invitation links, clinic rosters) with the
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

    /** A clinic's roster (it names people), for the e-mail the notifier sends the clinic. */
    public ByteBuffer roster(String csv, String eventId) {
        return ByteBuffer.wrap(seal.seal(csv, "roster:" + eventId));
    }
}
