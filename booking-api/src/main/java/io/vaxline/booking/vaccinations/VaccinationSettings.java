package io.vaxline.booking.vaccinations;

import io.smallrye.config.ConfigMapping;

/** Clinics' dose reports ({@code vaxline.vaccinations.*} in application.properties). */
@ConfigMapping(prefix = "vaxline.vaccinations")
public interface VaccinationSettings {

    /** The country of vaccination (ISO 3166-1 alpha-2) for CSV rows that do not name one. */
    String defaultCountry();
}
