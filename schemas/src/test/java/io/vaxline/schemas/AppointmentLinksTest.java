package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;

import io.vaxline.schemas.AppointmentLinks.InvalidLinkException;
import io.vaxline.schemas.AppointmentLinks.Purpose;

import org.junit.jupiter.api.Test;

class AppointmentLinksTest {

    private static final String APPOINTMENT = DerivedIds.of("appointment", "request-1");
    private static final String OTHER = DerivedIds.of("appointment", "request-2");
    private static final Instant EXPIRY = Instant.parse("2030-03-04T08:00:00Z");
    private static final AppointmentLinks LINKS = new AppointmentLinks("pepper-one");

    @Test
    void aTokenNamesItsAppointmentPurposeAndExpiryAndIsShort() {
        String token = LINKS.token(APPOINTMENT, Purpose.CANCEL, EXPIRY);

        assertThat(token).hasSize(44).matches("[A-Za-z0-9_-]+");
        assertThat(new AppointmentLinks("pepper-one").verify(token))
                .isEqualTo(new AppointmentLinks.Link(APPOINTMENT, Purpose.CANCEL, EXPIRY));
        assertThat(LINKS.verify(token).expiredAt(EXPIRY.minusSeconds(1))).isFalse();
        assertThat(LINKS.verify(token).expiredAt(EXPIRY)).isTrue();
    }

    @Test
    void everyChangedByteIsRefused() {
        byte[] bytes = Base64.getUrlDecoder().decode(LINKS.token(APPOINTMENT, Purpose.RESCHEDULE, EXPIRY));
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 1;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            assertThatThrownBy(() -> LINKS.verify(tampered)).as("byte %d", i).isInstanceOf(InvalidLinkException.class);
        }
    }

    @Test
    void anotherAppointmentsIdOrAnotherPurposeSplicedInIsRefused() {
        byte[] mine = Base64.getUrlDecoder().decode(LINKS.token(APPOINTMENT, Purpose.RESCHEDULE, EXPIRY));
        byte[] theirs = Base64.getUrlDecoder().decode(LINKS.token(OTHER, Purpose.CANCEL, EXPIRY));
        byte[] spliced = mine.clone();
        System.arraycopy(theirs, 5, spliced, 5, 16);
        assertThatThrownBy(() -> LINKS.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(spliced)))
                .isInstanceOf(InvalidLinkException.class);
        byte[] repurposed = mine.clone();
        repurposed[0] = 'C';
        assertThatThrownBy(() -> LINKS.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(repurposed)))
                .isInstanceOf(InvalidLinkException.class);
    }

    @Test
    void aTokenMadeWithAnotherKeyOrCutShortIsRefused() {
        String token = new AppointmentLinks("pepper-two").token(APPOINTMENT, Purpose.CANCEL, EXPIRY);
        assertThatThrownBy(() -> LINKS.verify(token)).isInstanceOf(InvalidLinkException.class);
        assertThatThrownBy(() -> LINKS.verify(token.substring(1))).isInstanceOf(InvalidLinkException.class);
        assertThatThrownBy(() -> LINKS.verify("not base64!")).isInstanceOf(InvalidLinkException.class);
        assertThatThrownBy(() -> LINKS.verify(null)).isInstanceOf(InvalidLinkException.class);
    }
}
