package io.vaxline.schemas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The confirmation code of an appointment: a keyed function of its id (HMAC-SHA256 under the secret
 * pepper, {@code SECRET_PEPPER}, of {@code "confirmation:" + appointmentId}), shown as XXXX-XXXX in
 * Crockford's base32 (40 bits). Whoever holds the pepper (booking-api, which shows it, and the notifier,
 * which texts it) computes the same code from the appointment id, so the code never travels on a topic;
 * whoever sees only the id (an analyst reading booking-events) cannot compute it. Reprocessing a command
 * yields the same appointment id, hence the same code, as long as the pepper stays the same.
 */
public final class ConfirmationCodes {

    /** Crockford's base32: no I, L, O or U, so codes read aloud or typed are not confused. */
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final SecretKeySpec key;

    public ConfirmationCodes(String pepper) {
        if (pepper == null || pepper.isBlank()) {
            throw new IllegalArgumentException("The secret pepper (SECRET_PEPPER) is empty: confirmation codes need it");
        }
        this.key = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Eight characters, shown as XXXX-XXXX: 40 bits, unique enough per clinic and day and easy to read out. */
    public String of(String appointmentId) {
        byte[] mac = hmac("confirmation:" + appointmentId);
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (mac[i] & 0xff);
        }
        StringBuilder code = new StringBuilder(9);
        for (int i = 7; i >= 0; i--) {
            code.append(ALPHABET[(int) ((bits >> (i * 5)) & 31)]);
            if (i == 4) {
                code.append('-');
            }
        }
        return code.toString();
    }

    /**
     * The code of an event's appointment: the one the event carries when it has one (records written before
     * codes left the topics; the person was texted that one), else the one computed from the id.
     */
    public String of(String appointmentId, String carried) {
        return carried != null && !carried.isEmpty() ? carried : of(appointmentId);
    }

    private byte[] hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
