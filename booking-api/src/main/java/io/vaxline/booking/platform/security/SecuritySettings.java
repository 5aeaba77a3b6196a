package io.vaxline.booking.platform.security;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The keyed-hash pepper, the administrators' API key and how long tokens and sessions live. */
@ConfigMapping(prefix = "vaxline.security")
public interface SecuritySettings {

    /** The key of the keyed hashes of phone numbers, one-time codes and ID numbers. */
    String secretPepper();

    /** The key of the administrator named {@code admin} (the local stack's); empty: none. */
    Optional<String> adminApiKey();

    /**
     * Each administrator's own key, {@code name=key,name=key} (names of letters, digits, '.', '_' or
     * '-'); with {@link #adminApiKey()} empty as well, administrator login with a key is off.
     */
    Optional<String> adminApiKeys();

    /**
     * The key care logs in with ({@code POST /services/login}); its token may cancel an appointment at any clinic with
     * a reason (a fee a webhook reported failed) and nothing else. Empty: no such login.
     */
    Optional<String> careApiKey();

    Duration personTokenLifetime();

    /**
     * How long a person's session lasts from the login with a one-time code, however often its token is
     * renewed (POST /me/token); after it, only a new code buys a token.
     */
    Duration personMaxSession();

    Duration staffTokenLifetime();
}
