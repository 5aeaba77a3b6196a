package io.vaxline.booking.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.vaxline.booking.outreach.FormField.Kind;
import io.vaxline.problems.InvalidInput;

import org.junit.jupiter.api.Test;

class FormFieldTest {

    private static final List<FormField> FORM = List.of(
            new FormField("allergies", "Any allergies?", Kind.YES_NO, null, true),
            new FormField("days", "Which days suit you?", Kind.MULTIPLE_CHOICE, List.of("mon", "tue", "wed"), false),
            new FormField("since", "Since when?", Kind.DATE, null, false),
            new FormField("note", "Anything else?", Kind.TEXT, null, false));

    private static String fieldOf(Throwable e) {
        return ((InvalidInput) e).field();
    }

    @Test
    void keepsAnswersAsTextNormalisingYesNoAndDroppingRepeatedChoices() {
        Map<String, Object> answers = FormField.answer(FORM, Map.of(
                "allergies", List.of("TRUE"), "days", List.of("mon", "wed", "mon"), "since", List.of(" 2026-01-05 ")));

        assertThat(answers).containsExactly(Map.entry("allergies", "yes"), Map.entry("days", List.of("mon", "wed")),
                Map.entry("since", "2026-01-05"));
    }

    @Test
    void refusesAMissingRequiredAnswerNamingTheField() {
        assertThatThrownBy(() -> FormField.answer(FORM, Map.of("note", List.of("hi"))))
                .isInstanceOf(InvalidInput.class).hasMessage("is required: Any allergies?")
                .extracting(FormFieldTest::fieldOf).isEqualTo("allergies");
    }

    @Test
    void refusesUnknownFieldsChoicesOutsideTheOptionsAndBadDates() {
        assertThatThrownBy(() -> FormField.answer(FORM, Map.of("allergies", List.of("no"), "colour", List.of("red"))))
                .extracting(FormFieldTest::fieldOf).isEqualTo("colour");
        assertThatThrownBy(() -> FormField.answer(FORM, Map.of("allergies", List.of("no"), "days", List.of("sun"))))
                .hasMessageContaining("'sun' is not one of the options: mon, tue, wed");
        assertThatThrownBy(() -> FormField.answer(FORM, Map.of("allergies", List.of("no"), "since", List.of("5 Jan"))))
                .hasMessageContaining("is not a date");
        assertThatThrownBy(() -> FormField.answer(FORM, Map.of("allergies", List.of("maybe"))))
                .hasMessageContaining("is not yes or no");
        assertThatThrownBy(() -> FormField.answer(FORM, Map.of("allergies", List.of("yes", "no"))))
                .hasMessage("takes one answer, not 2");
    }

    @Test
    void checksTheFormDefinitionNamingThePositionAtFault() {
        List<FormField> repeated = List.of(new FormField("a", "A", Kind.TEXT, null, false),
                new FormField("a", "B", Kind.TEXT, null, false));
        assertThatThrownBy(() -> FormField.check(repeated)).extracting(FormFieldTest::fieldOf).isEqualTo("form[1].name");

        List<FormField> oneOption = List.of(new FormField("c", "C", Kind.SINGLE_CHOICE, List.of("only"), false));
        assertThatThrownBy(() -> FormField.check(oneOption)).extracting(FormFieldTest::fieldOf).isEqualTo("form[0].options");

        List<FormField> textWithOptions = List.of(new FormField("t", "T", Kind.TEXT, List.of("x", "y"), false));
        assertThatThrownBy(() -> FormField.check(textWithOptions)).hasMessage("only choices have options");
    }
}
