package io.vaxline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TestCardsTest {

    private static final YearMonth NOW = YearMonth.of(2026, 11);

    @Test
    void aTestCardTypedWithSpacesIsItsPaymentMethod() {
        assertThat(TestCards.check("Ada Lind", "4242 4242 4242 4242", "12/28", "123", NOW))
                .isEqualTo(new TestCards.Checked("pm_card_visa", Map.of()));
        assertThat(TestCards.check("Ada Lind", "4000-0000-0000-0002", "11/2026", "999", NOW).paymentMethod())
                .isEqualTo("pm_card_chargeDeclined");
        assertThat(TestCards.check("Ada Lind", "378282246310005", "1/30", "1234", NOW).paymentMethod()).isEqualTo("pm_card_amex");
    }

    @Test
    void eachFieldSaysWhatIsWrongWithIt() {
        assertThat(TestCards.check(" ", "4242 4242 4242 4241", "13/28", "12", NOW).errors()).containsExactly(
                Map.entry("name", "card_name_missing"), Map.entry("number", "card_number_invalid"),
                Map.entry("expiry", "card_expiry_invalid"), Map.entry("cvc", "card_cvc_three"));
        assertThat(TestCards.check("Ada", "4242424242424242", "10/26", "123", NOW).errors())
                .containsExactly(Map.entry("expiry", "card_expired"));
        assertThat(TestCards.check("Ada", "378282246310005", "10/27", "123", NOW).errors())
                .containsExactly(Map.entry("cvc", "card_cvc_four"));
    }

    @Test
    void aRealCardIsRefusedEvenWhenItsCheckDigitIsRight() {
        // A valid Luhn number that is not one of the published test cards.
        assertThat(TestCards.luhn("4111111111111111")).isTrue();
        TestCards.Checked checked = TestCards.check("Ada", "4111 1111 1111 1111", "12/28", "123", NOW);
        assertThat(checked.paymentMethod()).isNull();
        assertThat(checked.errors()).containsExactly(Map.entry("number", "card_not_test"));
    }
}
