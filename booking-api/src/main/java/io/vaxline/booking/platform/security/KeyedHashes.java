package io.vaxline.booking.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keyed hashes (HMAC-SHA256 with the service's secret pepper) of phone numbers, one-time codes and ID
 * numbers: the database can match them but a copy of it cannot reverse them, not even by trying
 * every phone number.
 */
@ApplicationScoped
public class KeyedHashes {

    private final SecretKeySpec key;

    public KeyedHashes(SecuritySettings settings) {
        this.key = new SecretKeySpec(settings.secretPepper().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The hex HMAC of {@code value} for {@code purpose}; the same value hashes differently per purpose. */
    public String of(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((purpose + ":" + value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares in constant time, so the time taken says nothing about how close a guess was. */
    public boolean matches(String purpose, String value, String expectedHash) {
        return MessageDigest.isEqual(of(purpose, value).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    public String household(String e164Phone) {
        return of("household", e164Phone);
    }
}
