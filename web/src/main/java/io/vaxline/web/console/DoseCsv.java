package io.vaxline.web.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One dose as the one-row CSV booking-api's {@code POST /clinics/{id}/vaccinations} reads (the
 * columns of its {@code VaccinationReports.REQUIRED} and {@code appointment_id}): the way a clinic
 * without a system of its own reports a dose, so the console publishes exactly what an upload would.
 */
public final class DoseCsv {

    /** The columns in the order written; the form's fields have the same names. */
    public static final List<String> COLUMNS = List.of("person_id", "appointment_id", "administered_at", "vaccine_type",
            "product", "manufacturer", "lot", "dose_number", "series_doses", "vaccinator");

    private DoseCsv() {
    }

    /** The header and one row; a missing value is an empty cell (booking-api names it in the row report). */
    public static String of(Map<String, String> values) {
        return String.join(",", COLUMNS) + "\n"
                + COLUMNS.stream().map(c -> cell(values.getOrDefault(c, ""))).collect(Collectors.joining(",")) + "\n";
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled; line breaks become spaces. */
    static String cell(String value) {
        String text = value == null ? "" : value.strip().replace('\r', ' ').replace('\n', ' ');
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** The form's values of the CSV's columns, in order. */
    public static Map<String, String> pick(Map<String, String> form) {
        Map<String, String> values = new LinkedHashMap<>();
        COLUMNS.forEach(c -> values.put(c, form.getOrDefault(c, "")));
        return values;
    }
}
