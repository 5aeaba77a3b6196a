package io.vaxline.web;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local payment provider's card form: what is typed is checked as a card network would (the number's check digit,
 * the expiry, the security code) and only Stripe's published test cards are taken, each turned into the test payment
 * method Stripe's test mode gives for it. The card number itself goes nowhere: care is told the payment method only.
 * A real card is refused, so nobody types one into a page that takes no money.
 */
public final class TestCards {

    /** The test cards taken, by number, and their payment methods (Stripe's test-mode names). */
    static final Map<String, String> METHODS = Map.of(
            "4242424242424242", "pm_card_visa",
            "4000056655665556", "pm_card_visa_debit",
            "5555555555554444", "pm_card_mastercard",
            "378282246310005", "pm_card_amex",
            "4000000000000002", "pm_card_chargeDeclined",
            "4000000000009995", "pm_card_chargeDeclinedInsufficientFunds");

    private static final Pattern EXPIRY = Pattern.compile("(\\d{1,2})\\s*/\\s*(\\d{2}|\\d{4})");

    /** The payment method, or, by field (name, number, expiry, cvc), what is wrong with what was typed. */
    public record Checked(String paymentMethod, Map<String, String> errors) {
    }

    private TestCards() {
    }

    public static Checked check(String name, String number, String expiry, String cvc, YearMonth now) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || name.isBlank()) {
            errors.put("name", "card_name_missing");
        }
        String digits = number == null ? "" : number.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{12,19}") || !luhn(digits)) {
            errors.put("number", "card_number_invalid");
        } else if (!METHODS.containsKey(digits)) {
            errors.put("number", "card_not_test");
        }
        Matcher m = EXPIRY.matcher(expiry == null ? "" : expiry.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 12) {
            errors.put("expiry", "card_expiry_invalid");
        } else {
            int year = Integer.parseInt(m.group(2));
            YearMonth until = YearMonth.of(year < 100 ? 2000 + year : year, Integer.parseInt(m.group(1)));
            if (until.isBefore(now)) {
                errors.put("expiry", "card_expired");
            }
        }
        int cvcLength = digits.startsWith("34") || digits.startsWith("37") ? 4 : 3;
        if (cvc == null || !cvc.strip().matches("\\d{" + cvcLength + "}")) {
            errors.put("cvc", cvcLength == 4 ? "card_cvc_four" : "card_cvc_three");
        }
        return new Checked(errors.isEmpty() ? METHODS.get(digits) : null, errors);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
