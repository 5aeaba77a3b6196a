package io.vaxline.web.console;

import java.util.List;

import io.quarkus.qute.TemplateData;

/**
 * The choices of the dose form: the EU DCC value-set codes booking-api accepts for a CSV row (the
 * schemas module's {@code VaccineCodes}; {@code VaccineChoicesTest} holds this list to it), with the
 * names staff know them by. Each product names its usual manufacturer and vaccine type, which the
 * form preselects.
 */
public final class VaccineChoices {

    @TemplateData
    public record Choice(String code, String name) {
    }

    @TemplateData
    public record Product(String code, String name, String manufacturer, String vaccineType) {
    }

    public static final List<Product> PRODUCTS = List.of(
            new Product("EU/1/20/1528", "Comirnaty (BioNTech/Pfizer)", "ORG-100030215", "1119349007"),
            new Product("EU/1/20/1507", "Spikevax (Moderna)", "ORG-100031184", "1119349007"),
            new Product("EU/1/21/1529", "Vaxzevria (AstraZeneca)", "ORG-100001699", "J07BX03"),
            new Product("EU/1/20/1525", "COVID-19 Vaccine Janssen", "ORG-100001417", "J07BX03"),
            new Product("EU/1/21/1618", "Nuvaxovid (Novavax)", "ORG-100032020", "1119305005"),
            new Product("CVnCoV", "CVnCoV (CureVac)", "ORG-100006270", "1119349007"),
            new Product("Sputnik-V", "Sputnik-V", "Gamaleya-Research-Institute", "J07BX03"),
            new Product("Convidecia", "Convidecia", "ORG-100013793", "J07BX03"),
            new Product("EpiVacCorona", "EpiVacCorona", "Vector-Institute", "1119305005"),
            new Product("BBIBP-CorV", "BBIBP-CorV (Sinopharm)", "ORG-100020693", "J07BX03"),
            new Product("CoronaVac", "CoronaVac (Sinovac)", "Sinovac-Biotech", "J07BX03"),
            new Product("Covaxin", "Covaxin (BBV152)", "Bharat-Biotech", "J07BX03"),
            new Product("Covishield", "Covishield (ChAdOx1_nCoV-19)", "ORG-100001699", "J07BX03"));

    public static final List<Choice> VACCINE_TYPES = List.of(
            new Choice("1119349007", "SARS-CoV-2 mRNA vaccine"),
            new Choice("1119305005", "SARS-CoV-2 antigen vaccine"),
            new Choice("J07BX03", "covid-19 vaccines (other)"));

    public static final List<Choice> MANUFACTURERS = List.of(
            new Choice("ORG-100030215", "Biontech Manufacturing GmbH"),
            new Choice("ORG-100031184", "Moderna Biotech Spain S.L."),
            new Choice("ORG-100001699", "AstraZeneca AB"),
            new Choice("ORG-100001417", "Janssen-Cilag International"),
            new Choice("ORG-100032020", "Novavax CZ AS"),
            new Choice("ORG-100006270", "Curevac AG"),
            new Choice("ORG-100013793", "CanSino Biologics"),
            new Choice("ORG-100020693", "China Sinopharm International Corp. - Beijing location"),
            new Choice("ORG-100010771", "Sinopharm Weiqida Europe Pharmaceutical s.r.o. - Prague location"),
            new Choice("ORG-100024420", "Sinopharm Zhijun (Shenzhen) Pharmaceutical Co. Ltd. - Shenzhen location"),
            new Choice("Gamaleya-Research-Institute", "Gamaleya Research Institute"),
            new Choice("Vector-Institute", "Vector Institute"),
            new Choice("Sinovac-Biotech", "Sinovac Biotech"),
            new Choice("Bharat-Biotech", "Bharat Biotech"));

    private VaccineChoices() {
    }
}
