package io.vaxline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaxline.schemas.VaccineCodes.ValueSet;

import org.junit.jupiter.api.Test;

/** Every choice of the dose form is a code booking-api accepts in a CSV row. */
class VaccineChoicesTest {

    @Test
    void everyChoiceIsInItsValueSet() {
        VaccineChoices.PRODUCTS.forEach(p -> {
            assertThat(ValueSet.PRODUCT.reason(p.code())).as(p.name()).isNull();
            assertThat(ValueSet.MANUFACTURER.reason(p.manufacturer())).as(p.name()).isNull();
            assertThat(ValueSet.VACCINE_TYPE.reason(p.vaccineType())).as(p.name()).isNull();
        });
        VaccineChoices.VACCINE_TYPES.forEach(t -> assertThat(ValueSet.VACCINE_TYPE.reason(t.code())).isNull());
        VaccineChoices.MANUFACTURERS.forEach(m -> assertThat(ValueSet.MANUFACTURER.reason(m.code())).isNull());
    }
}
