package io.vaxline.booking.outreach;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vaxline.problems.InvalidInput;

/**
 * One question of a campaign's form, as the administrator defined it. Answers are checked against it
 * ({@link #answer}) and kept as text (a date as 2026-11-23, yes/no as "yes" or "no", several choices
 * as a list).
 */
@io.quarkus.qute.TemplateData
public record FormField(String name, String label, Kind kind, List<String> options, boolean required) {

    public enum Kind {
        TEXT, SINGLE_CHOICE, MULTIPLE_CHOICE, DATE, YES_NO
    }

    public FormField {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** The kind's name, for the page's template. */
    public String type() {
        return kind == null ? "" : kind.name();
    }

    /** Checks a form definition; the field named in an error is e.g. "form[2].options". */
    public static void check(List<FormField> form) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < form.size(); i++) {
            FormField field = form.get(i);
            String at = "form[" + i + "]";
            if (field == null) {
                throw new InvalidInput(at, "is empty");
            }
            if (field.name() == null || !field.name().matches("[a-z][a-z0-9_]{0,39}")) {
                throw new InvalidInput(at + ".name", "must be 1 to 40 lower-case letters, digits or _, starting with a letter");
            }
            if (!names.add(field.name())) {
                throw new InvalidInput(at + ".name", "'" + field.name() + "' is used by an earlier field");
            }
            if (field.label() == null || field.label().isBlank() || field.label().length() > 300) {
                throw new InvalidInput(at + ".label", "must be 1 to 300 characters");
            }
            if (field.kind() == null) {
                throw new InvalidInput(at + ".kind", "must be one of TEXT, SINGLE_CHOICE, MULTIPLE_CHOICE, DATE, YES_NO");
            }
            boolean choice = field.kind() == Kind.SINGLE_CHOICE || field.kind() == Kind.MULTIPLE_CHOICE;
            if (choice && (field.options().size() < 2 || field.options().size() > 50
                    || field.options().stream().anyMatch(o -> o == null || o.isBlank() || o.length() > 200)
                    || new HashSet<>(field.options()).size() != field.options().size())) {
                throw new InvalidInput(at + ".options", "a choice needs 2 to 50 different options of 1 to 200 characters");
            }
            if (!choice && !field.options().isEmpty()) {
                throw new InvalidInput(at + ".options", "only choices have options");
            }
        }
        if (form.size() > 50) {
            throw new InvalidInput("form", "has more than 50 fields");
        }
    }

    /**
     * The answers to a form, checked: every required field answered, nothing unknown, choices among
     * the options. {@code given} maps a field name to the values sent (one, or several for a multiple
     * choice); the result maps it to a text or a list of texts.
     */
    public static Map<String, Object> answer(List<FormField> form, Map<String, List<String>> given) {
        Map<String, FormField> byName = new LinkedHashMap<>();
        form.forEach(f -> byName.put(f.name(), f));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InvalidInput(name, "is not a field of this form; the fields are " + String.join(", ", byName.keySet()));
            }
        }
        Map<String, Object> answers = new LinkedHashMap<>();
        for (FormField field : form) {
            List<String> values = given.getOrDefault(field.name(), List.of()).stream().filter(v -> v != null && !v.isBlank())
                    .map(String::trim).toList();
            if (values.isEmpty()) {
                if (field.required()) {
                    throw new InvalidInput(field.name(), "is required: " + field.label());
                }
                continue;
            }
            if (field.kind() != Kind.MULTIPLE_CHOICE && values.size() > 1) {
                throw new InvalidInput(field.name(), "takes one answer, not " + values.size());
            }
            String value = values.get(0);
            switch (field.kind()) {
                case TEXT -> {
                    if (value.length() > 1000) {
                        throw new InvalidInput(field.name(), "is longer than 1000 characters");
                    }
                    answers.put(field.name(), value);
                }
                case SINGLE_CHOICE -> {
                    requireOption(field, value);
                    answers.put(field.name(), value);
                }
                case MULTIPLE_CHOICE -> {
                    List<String> chosen = new ArrayList<>();
                    for (String v : values) {
                        requireOption(field, v);
                        if (!chosen.contains(v)) {
                            chosen.add(v);
                        }
                    }
                    answers.put(field.name(), chosen);
                }
                case DATE -> {
                    try {
                        answers.put(field.name(), LocalDate.parse(value).toString());
                    } catch (DateTimeException e) {
                        throw new InvalidInput(field.name(), "'" + value + "' is not a date such as 2026-11-23");
                    }
                }
                case YES_NO -> {
                    String yesNo = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                        case "yes", "true" -> "yes";
                        case "no", "false" -> "no";
                        default -> throw new InvalidInput(field.name(), "'" + value + "' is not yes or no");
                    };
                    answers.put(field.name(), yesNo);
                }
            }
        }
        return answers;
    }

    private static void requireOption(FormField field, String value) {
        if (!field.options().contains(value)) {
            throw new InvalidInput(field.name(), "'" + value + "' is not one of the options: " + String.join(", ", field.options()));
        }
    }
}
