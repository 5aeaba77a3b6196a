package io.vaxline.booking.platform.security;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The keyed-hash pepper, the administrators' API key and how long tokens and sessions live. */
@ConfigMapping(prefix = "vaxline.security")
public interface SecuritySettings {

    /** The key of the keyed hashes of phone numbers, one-time codes and ID numbers. */
    String secretPepper();

    /** Empty: administrator login with an API key is off. */
    Optional<String> adminApiKey();

    Duration personTokenLifetime();

    /**
     * How long a person's session lasts from the login with a one-time code, however often its token is
     * renewed (POST /me/token); after it, only a new code buys a token.
     */
    Duration personMaxSession();

    Duration staffTokenLifetime();
}
