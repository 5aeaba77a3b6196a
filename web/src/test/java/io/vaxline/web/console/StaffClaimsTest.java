package io.vaxline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class StaffClaimsTest {

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void aStaffTokenNamesItsClinicAndTheStaffMember() {
        StaffClaims claims = StaffClaims.read(jwt("{\"sub\":\"clinic:sodermalm:Nurse Ratched\",\"groups\":[\"clinic\"],"
                + "\"clinicId\":\"sodermalm\",\"exp\":2000000000}")).orElseThrow();
        assertThat(claims.clinicId()).isEqualTo("sodermalm");
        assertThat(claims.admin()).isFalse();
        assertThat(claims.staffName()).isEqualTo("Nurse Ratched");
        assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(2000000000L));
        assertThat(claims.expired(Instant.ofEpochSecond(1999999999L))).isFalse();
        assertThat(claims.expired(Instant.ofEpochSecond(2000000000L))).isTrue();
    }

    @Test
    void anAdministratorsTokenHasNoClinic() {
        StaffClaims claims = StaffClaims.read(jwt("{\"sub\":\"admin\",\"groups\":[\"admin\"],\"exp\":2000000000}")).orElseThrow();
        assertThat(claims.admin()).isTrue();
        assertThat(claims.clinicId()).isNull();
    }

    @Test
    void aClinicClaimWithoutTheClinicGroupIsNotTrusted() {
        assertThat(StaffClaims.read(jwt("{\"sub\":\"x\",\"groups\":[\"person\"],\"clinicId\":\"sodermalm\"}")).orElseThrow()
                .clinicId()).isNull();
    }

    @Test
    void textThatIsNotAJwtIsRefused() {
        assertThat(StaffClaims.read("not a token")).isEmpty();
        assertThat(StaffClaims.read("a.b")).isEmpty();
        assertThat(StaffClaims.read("a.%%%.c")).isEmpty();
        assertThat(StaffClaims.read("a." + Base64.getUrlEncoder().encodeToString("[1]".getBytes()) + ".c")).isEmpty();
        assertThat(StaffClaims.read(null)).isEmpty();
    }
}
