package io.vaxline.certificates.dcc;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import com.upokecenter.cbor.CBORObject;

import io.vaxline.certificates.model.Holder;
import io.vaxline.certificates.model.Vaccination;

/**
 * The health certificate of one dose in the EU DCC schema (version 1.3.0): the holder's name in
 * print and in ICAO 9303 machine-readable form, date of birth, and one vaccination entry with the
 * value sets' codes and the certificate identifier (UVCI).
 */
public final class HealthCertificate {

    public static final String SCHEMA_VERSION = "1.3.0";
    private static final Map<Character, String> ICAO = Map.of('Å', "AA", 'Ä', "AE", 'Ö', "OE", 'Ü', "UE", 'Ø', "OE",
            'Æ', "AE", 'Þ', "TH", 'Ł', "L", 'Đ', "D", 'Ħ', "H");

    private HealthCertificate() {
    }

    public record Name(String family, String given) {

        /** Full names as booked ("Given Names Family"): the last word is the family name. */
        public static Name of(String fullName) {
            String trimmed = fullName.strip().replaceAll("\\s+", " ");
            int space = trimmed.lastIndexOf(' ');
            return space < 0 ? new Name(trimmed, null) : new Name(trimmed.substring(space + 1), trimmed.substring(0, space));
        }
    }

    /** UVCI of a certificate: country, issuer and the certificate id, as the EU guidelines' option 1 lays out. */
    public static String uvci(String country, String certificateId) {
        return "URN:UVCI:01:" + country + ":VAXLINE/" + certificateId.replace("-", "").toUpperCase(Locale.ROOT);
    }

    public static CBORObject of(Holder holder, Vaccination dose, String uvci, String issuer) {
        Name name = Name.of(holder.name);
        CBORObject nam = CBORObject.NewOrderedMap().Add("fn", name.family()).Add("fnt", icao(name.family()));
        if (name.given() != null) {
            nam.Add("gn", name.given()).Add("gnt", icao(name.given()));
        }
        CBORObject entry = CBORObject.NewOrderedMap()
                .Add("tg", dose.targetDisease)
                .Add("vp", dose.vaccineType)
                .Add("mp", dose.product)
                .Add("ma", dose.manufacturer)
                .Add("dn", dose.doseNumber)
                .Add("sd", dose.seriesDoses)
                .Add("dt", LocalDate.ofInstant(dose.administeredAt, ZoneOffset.UTC).toString())
                .Add("co", dose.country)
                .Add("is", issuer)
                .Add("ci", uvci);
        return CBORObject.NewOrderedMap()
                .Add("ver", SCHEMA_VERSION)
                .Add("nam", nam)
                .Add("dob", holder.birthDate != null ? holder.birthDate.toString() : String.valueOf(holder.birthYear))
                .Add("v", CBORObject.NewArray().Add(entry));
    }

    /** ICAO 9303 transliteration: A-Z only, '<' between words, at most 80 characters. */
    public static String icao(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            String mapped = ICAO.get(c);
            out.append(mapped != null ? mapped : String.valueOf(c));
        }
        String plain = Normalizer.normalize(out, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("'", "").replaceAll("[\\s\\-]+", "<").replaceAll("[^A-Z<]", "");
        return plain.length() > 80 ? plain.substring(0, 80) : plain;
    }
}
