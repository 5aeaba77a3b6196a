package io.vaxline.schemas;

import java.util.Map;
import java.util.Optional;

/**
 * The EU Digital COVID Certificate value sets a vaccination entry must use (from the eHealth
 * Network's published value sets: disease-agent-targeted, vaccine-prophylaxis,
 * vaccine-medicinal-product, vaccine-mah-manf), with their display names for printed certificates.
 * booking-api checks a clinic's CSV rows against them and certificate-service checks every event,
 * so a code a verifier app would not know is refused with the field named, not signed.
 */
public final class VaccineCodes {

    public enum ValueSet {
        TARGET_DISEASE("targetDisease", "disease-agent-targeted", Map.of("840539006", "COVID-19")),
        VACCINE_TYPE("vaccineType", "vaccine-prophylaxis", Map.of(
                "1119305005", "SARS-CoV-2 antigen vaccine",
                "1119349007", "SARS-CoV-2 mRNA vaccine",
                "J07BX03", "covid-19 vaccines")),
        PRODUCT("product", "vaccine-medicinal-product", Map.ofEntries(
                Map.entry("EU/1/20/1528", "Comirnaty"),
                Map.entry("EU/1/20/1507", "Spikevax"),
                Map.entry("EU/1/21/1529", "Vaxzevria"),
                Map.entry("EU/1/20/1525", "COVID-19 Vaccine Janssen"),
                Map.entry("EU/1/21/1618", "Nuvaxovid"),
                Map.entry("CVnCoV", "CVnCoV"),
                Map.entry("Sputnik-V", "Sputnik-V"),
                Map.entry("Convidecia", "Convidecia"),
                Map.entry("EpiVacCorona", "EpiVacCorona"),
                Map.entry("BBIBP-CorV", "BBIBP-CorV"),
                Map.entry("CoronaVac", "CoronaVac"),
                Map.entry("Covaxin", "Covaxin (also known as BBV152 A, B, C)"),
                Map.entry("Covishield", "Covishield (ChAdOx1_nCoV-19)"))),
        MANUFACTURER("manufacturer", "vaccine-mah-manf", Map.ofEntries(
                Map.entry("ORG-100001699", "AstraZeneca AB"),
                Map.entry("ORG-100030215", "Biontech Manufacturing GmbH"),
                Map.entry("ORG-100001417", "Janssen-Cilag International"),
                Map.entry("ORG-100031184", "Moderna Biotech Spain S.L."),
                Map.entry("ORG-100006270", "Curevac AG"),
                Map.entry("ORG-100013793", "CanSino Biologics"),
                Map.entry("ORG-100020693", "China Sinopharm International Corp. - Beijing location"),
                Map.entry("ORG-100010771", "Sinopharm Weiqida Europe Pharmaceutical s.r.o. - Prague location"),
                Map.entry("ORG-100024420", "Sinopharm Zhijun (Shenzhen) Pharmaceutical Co. Ltd. - Shenzhen location"),
                Map.entry("ORG-100032020", "Novavax CZ AS"),
                Map.entry("Gamaleya-Research-Institute", "Gamaleya Research Institute"),
                Map.entry("Vector-Institute", "Vector Institute"),
                Map.entry("Sinovac-Biotech", "Sinovac Biotech"),
                Map.entry("Bharat-Biotech", "Bharat Biotech")));

        private final String field;
        private final String name;
        private final Map<String, String> codes;

        ValueSet(String field, String name, Map<String, String> codes) {
            this.field = field;
            this.name = name;
            this.codes = codes;
        }

        /** The event field that holds a code of this set. */
        public String field() {
            return field;
        }

        public Optional<String> display(String code) {
            return Optional.ofNullable(code == null ? null : codes.get(code));
        }

        /** Null when the code is in the set, else what is wrong, naming the field and the set. */
        public String problem(String code) {
            String reason = reason(code);
            return reason == null ? null : field + " " + reason;
        }

        /** Null when the code is in the set, else what is wrong with it, for a caller that names the field its own way. */
        public String reason(String code) {
            if (code == null || code.isBlank()) {
                return "is missing (a code of the EU DCC value set " + name + ")";
            }
            return codes.containsKey(code) ? null
                    : "'" + code + "' is not in the EU DCC value set " + name + " (known: "
                            + String.join(", ", codes.keySet().stream().sorted().toList()) + ")";
        }
    }

    private VaccineCodes() {
    }
}
