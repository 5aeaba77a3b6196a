package io.vaxline.scheduler.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.vaxline.schemas.DerivedIds;

/**
 * Ids derived from the request that caused them, so that reprocessing a command after a crash
 * produces the same appointment, the same confirmation code and the same event ids.
 */
public final class Ids {

    /** Crockford's base32: no I, L, O or U, so codes read aloud or typed are not confused. */
    private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ids() {
    }

    public static String appointmentId(String requestId) {
        return DerivedIds.of("appointment", requestId);
    }

    /** Eight characters, shown as XXXX-XXXX: 40 bits, unique enough per clinic and day and easy to read out. */
    public static String confirmationCode(String appointmentId) {
        byte[] hash = sha256("confirmation:" + appointmentId);
        StringBuilder code = new StringBuilder(9);
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        for (int i = 7; i >= 0; i--) {
            code.append(CODE_ALPHABET[(int) ((bits >> (i * 5)) & 31)]);
            if (i == 4) {
                code.append('-');
            }
        }
        return code.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
