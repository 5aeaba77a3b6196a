package io.vaxline.care.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Icd10Test {

    @Test
    void acceptsCodesOfIcd10sForm() {
        assertThat(Icd10.wellFormed("J06.9")).isTrue();
        assertThat(Icd10.wellFormed("E11")).isTrue();
        assertThat(Icd10.wellFormed("S52.521A")).isTrue();
        assertThat(Icd10.wellFormed("C7A.01")).isTrue();
        assertThat(Icd10.wellFormed("U07.1")).isTrue();
    }

    @Test
    void refusesWhatIsNotACode() {
        assertThat(Icd10.wellFormed("j06.9")).isFalse();
        assertThat(Icd10.wellFormed("J6")).isFalse();
        assertThat(Icd10.wellFormed("123.4")).isFalse();
        assertThat(Icd10.wellFormed("J06.")).isFalse();
        assertThat(Icd10.wellFormed("J06.12345")).isFalse();
        assertThat(Icd10.wellFormed(null)).isFalse();
    }
}
