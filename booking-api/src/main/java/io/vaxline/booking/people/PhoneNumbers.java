package io.vaxline.booking.people;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** Phone numbers as Vaxline stores them: E.164, checked against libphonenumber's numbering plans. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** For showing where a code went without showing the number: +46 ••• •• 67. */
    public static String masked(String e164) {
        return e164.substring(0, Math.min(3, e164.length())) + "…" + e164.substring(Math.max(3, e164.length() - 2));
    }

    /** The number in E.164 form (+46701234567), or null if it is not a valid number. */
    public static String e164(String value) {
        try {
            var number = UTIL.parse(value, null);
            return UTIL.isValidNumber(number) ? UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
