package io.vaxline.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a texted link that cancels or moves one appointment without a login. It names the
 * appointment, what the link may do ({@link Purpose}) and until when, and carries an HMAC-SHA256 of
 * those under the secret pepper ({@code SECRET_PEPPER}, with its own label, so no other keyed hash of
 * the pepper can be passed off as a link). The notifier makes the links as it texts, booking-api checks
 * them: the two services that already share the pepper, and the only ones; a link never travels on a
 * topic. 33 bytes, 44 characters of base64url: short enough for two links in one text.
 * <p>
 * Layout: purpose (1 byte), expiry in epoch seconds (4 bytes, unsigned), the appointment id (a UUID,
 * 16 bytes), the first 12 bytes of the MAC (96 bits: links are checked online, one request at a time).
 */
public final class AppointmentLinks {

    /** What a link may do. A link made for one purpose is refused for the other. */
    public enum Purpose {
        CANCEL('C'), RESCHEDULE('R');

        private final char tag;

        Purpose(char tag) {
            this.tag = tag;
        }

        static Purpose of(byte tag) {
            for (Purpose p : values()) {
                if (p.tag == tag) {
                    return p;
                }
            }
            return null;
        }
    }

    /** A link whose MAC holds: what it names. Whether it has expired is for the caller to say, with its clock. */
    public record Link(String appointmentId, Purpose purpose, Instant expiresAt) {
        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** A token that is not one of ours: malformed, changed, or made with another key. */
    public static final class InvalidLinkException extends RuntimeException {
        InvalidLinkException(String message) {
            super(message);
        }
    }

    private static final int MAC_BYTES = 12;
    private static final int LENGTH = 1 + 4 + 16 + MAC_BYTES;

    private final SecretKeySpec key;

    public AppointmentLinks(String pepper) {
        if (pepper == null || pepper.isBlank()) {
            throw new IllegalArgumentException("The secret pepper (SECRET_PEPPER) is empty: appointment links need it");
        }
        this.key = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The token of a link that may do {@code purpose} to the appointment until {@code expiresAt} (whole seconds). */
    public String token(String appointmentId, Purpose purpose, Instant expiresAt) {
        UUID id = UUID.fromString(appointmentId);
        long expiry = expiresAt.getEpochSecond();
        if (expiry < 0 || expiry > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("expiry out of range: " + expiresAt);
        }
        ByteBuffer body = ByteBuffer.allocate(LENGTH);
        body.put((byte) purpose.tag).putInt((int) expiry).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        body.put(mac(body.array(), LENGTH - MAC_BYTES), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.array());
    }

    /** What a token names, if it is one of ours and unchanged; else {@link InvalidLinkException}. */
    public Link verify(String token) {
        byte[] bytes;
        try {
            bytes = token == null ? new byte[0] : Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException("the link is not a Vaxline appointment link");
        }
        if (bytes.length != LENGTH) {
            throw new InvalidLinkException("the link is not a Vaxline appointment link (cut short or too long)");
        }
        byte[] expected = mac(bytes, LENGTH - MAC_BYTES);
        byte[] given = new byte[MAC_BYTES];
        System.arraycopy(bytes, LENGTH - MAC_BYTES, given, 0, MAC_BYTES);
        byte[] wanted = new byte[MAC_BYTES];
        System.arraycopy(expected, 0, wanted, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(given, wanted)) {
            throw new InvalidLinkException("the link was changed or was not made by Vaxline");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes);
        Purpose purpose = Purpose.of(body.get());
        if (purpose == null) {
            throw new InvalidLinkException("the link names no known action");
        }
        long expiry = Integer.toUnsignedLong(body.getInt());
        UUID id = new UUID(body.getLong(), body.getLong());
        return new Link(id.toString(), purpose, Instant.ofEpochSecond(expiry));
    }

    private byte[] mac(byte[] body, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update("appointment-link:".getBytes(StandardCharsets.UTF_8));
            mac.update(body, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
