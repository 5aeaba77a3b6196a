package io.vaxline.care.appointments;

import java.util.regex.Pattern;

/**
 * The form of an ICD-10 code: a letter, a digit, a digit or letter, then optionally a dot and one to four more
 * characters (digits, or letters as ICD-10-CM's extensions use), e.g. J06.9, E11, S52.521A.
 * The form only: whether the code exists is the doctor's, as the catalogue differs by country.
 */
public final class Icd10 {

    public static final String FORM = "[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?";

    private static final Pattern PATTERN = Pattern.compile(FORM);

    private Icd10() {
    }

    public static boolean wellFormed(String code) {
        return code != null && PATTERN.matcher(code).matches();
    }
}
