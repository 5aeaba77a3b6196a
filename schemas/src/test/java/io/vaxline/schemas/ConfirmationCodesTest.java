package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ConfirmationCodesTest {

    private static final String APPOINTMENT = DerivedIds.of("appointment", "request-1");
    private static final ConfirmationCodes CODES = new ConfirmationCodes("pepper-one");

    @Test
    void theSameKeyAndAppointmentGiveTheSameCode() {
        // what booking-api shows, what the notifier texts and what a replay computes: three instances, one code
        assertThat(new ConfirmationCodes("pepper-one").of(APPOINTMENT)).isEqualTo(CODES.of(APPOINTMENT))
                .isEqualTo(CODES.of(DerivedIds.of("appointment", "request-1")));
    }

    @Test
    void theCodeDependsOnTheKey() {
        assertThat(new ConfirmationCodes("pepper-two").of(APPOINTMENT)).isNotEqualTo(CODES.of(APPOINTMENT));
    }

    @Test
    void isTheKeyedHashOfTheAppointmentNotThePublicOne() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("pepper-one".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(CODES.of(APPOINTMENT)).isEqualTo(format(mac.doFinal(("confirmation:" + APPOINTMENT).getBytes(StandardCharsets.UTF_8))));
        // the derivation of before, which anyone who saw the appointment id could compute
        byte[] unkeyed = MessageDigest.getInstance("SHA-256").digest(("confirmation:" + APPOINTMENT).getBytes(StandardCharsets.UTF_8));
        assertThat(CODES.of(APPOINTMENT)).isNotEqualTo(format(unkeyed));
    }

    @Test
    void codesAreTwoGroupsOfFourWithoutLettersThatReadLikeDigitsAndDifferPerAppointment() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = CODES.of(DerivedIds.of("appointment", "request-" + i));
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
            codes.add(code);
        }
        assertThat(codes).hasSize(200);
    }

    @Test
    void aCodeAnOlderRecordCarriesIsKept() {
        assertThat(CODES.of(APPOINTMENT, "K7M3-Q9XD")).isEqualTo("K7M3-Q9XD");
        assertThat(CODES.of(APPOINTMENT, null)).isEqualTo(CODES.of(APPOINTMENT));
    }

    @Test
    void refusesAnEmptyPepper() {
        assertThatThrownBy(() -> new ConfirmationCodes("")).hasMessageContaining("SECRET_PEPPER");
        assertThatThrownBy(() -> new ConfirmationCodes(null)).hasMessageContaining("SECRET_PEPPER");
    }

    /** Crockford base32 of the first 40 bits, as XXXX-XXXX. */
    private static String format(byte[] hash) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        StringBuilder code = new StringBuilder();
        for (int i = 7; i >= 0; i--) {
            code.append(alphabet.charAt((int) ((bits >> (i * 5)) & 31)));
        }
        return code.insert(4, '-').toString();
    }
}
