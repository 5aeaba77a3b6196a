package io.vaxline.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QuestionsTest {

    @Test
    void eachLineIsAFieldOfTheForm() {
        List<Map<String, Object>> form = Questions.parse("""
                allergy | Any allergies? | yes_no | | required

                day | Which day suits you? | single choice | Monday, Tuesday ,Friday
                """);
        assertThat(form).containsExactly(
                Map.of("name", "allergy", "label", "Any allergies?", "kind", "YES_NO", "options", List.of(), "required", true),
                Map.of("name", "day", "label", "Which day suits you?", "kind", "SINGLE_CHOICE",
                        "options", List.of("Monday", "Tuesday", "Friday"), "required", false));
    }

    @Test
    void noQuestionsIsAnEmptyForm() {
        assertThat(Questions.parse(null)).isEmpty();
        assertThat(Questions.parse("  \n")).isEmpty();
    }

    @Test
    void aLineWithoutItsKindIsNamed() {
        assertThatThrownBy(() -> Questions.parse("a | A | TEXT\nb | B")).hasMessageContaining("line 2");
    }
}
