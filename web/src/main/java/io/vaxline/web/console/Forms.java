package io.vaxline.web.console;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.qute.TemplateData;

/**
 * What the sessions page's three forms (publish or change, withdraw, stock) hold, and the problem
 * booking-api answered to one of them, so a refused form comes back with everything typed.
 */
@TemplateData
public final class Forms {

    public final Map<String, String> publish;
    public final Map<String, String> withdraw;
    public final Map<String, String> stock;
    public final Map<String, Problem> problems;
    public final Map<String, Map<String, String>> errors;

    private Forms(Map<String, String> publish, Map<String, String> withdraw, Map<String, String> stock,
            Map<String, Problem> problems) {
        this.publish = publish;
        this.withdraw = withdraw;
        this.stock = stock;
        this.problems = problems;
        this.errors = new HashMap<>();
        problems.forEach((form, problem) -> errors.put(form, problem.byField()));
        for (String form : new String[] { "publish", "withdraw", "stock" }) {
            errors.putIfAbsent(form, Map.of());
        }
    }

    static Forms empty(Console.ClinicDay day, String service) {
        return new Forms(
                of("sessionId", "", "service", service, "date", day.date().toString(), "startTime", "09:00", "endTime",
                        "12:00", "slotMinutes", "15", "seatsPerSlot", "2", "reservedSeatsPerSlot", "0", "minAge", ""),
                of("sessionId", "", "service", service, "date", day.date().toString(), "startTime", "", "endTime", "",
                        "reason", ""),
                of("service", service, "delta", "", "reason", ""), Map.of());
    }

    Forms withPublish(Map<String, String> values) {
        return new Forms(values, withdraw, stock, problems);
    }

    Forms withWithdraw(Map<String, String> values) {
        return new Forms(publish, values, stock, problems);
    }

    Forms withStock(Map<String, String> values) {
        return new Forms(publish, withdraw, values, problems);
    }

    Forms withProblem(String form, Problem problem) {
        Map<String, Problem> all = new HashMap<>(problems);
        all.put(form, problem);
        return new Forms(publish, withdraw, stock, all);
    }

    /** Pairs of name and value, blanks for nulls, values stripped. */
    static Map<String, String> of(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1] == null ? "" : pairs[i + 1].strip());
        }
        return values;
    }

    /** booking-api's PublishSession body: numbers as numbers when they are numbers, so its own checks name the field. */
    static Map<String, Object> sessionBody(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        form.forEach((field, value) -> {
            if (value.isEmpty()) {
                if (!field.equals("minAge") && !field.equals("reservedSeatsPerSlot")) {
                    body.put(field, null);
                }
            } else if (field.equals("slotMinutes") || field.equals("seatsPerSlot") || field.equals("reservedSeatsPerSlot")
                    || field.equals("minAge")) {
                body.put(field, number(value));
            } else {
                body.put(field, value);
            }
        });
        return body;
    }

    static Map<String, Object> stockBody(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", form.get("service"));
        body.put("delta", form.get("delta").isEmpty() ? null : number(form.get("delta")));
        if (!form.get("reason").isEmpty()) {
            body.put("reason", form.get("reason"));
        }
        return body;
    }

    /** A whole number, or the text as typed (booking-api then names the field as not a number). */
    private static Object number(String value) {
        try {
            return Integer.valueOf(value.replace('\u2212', '-'));
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
