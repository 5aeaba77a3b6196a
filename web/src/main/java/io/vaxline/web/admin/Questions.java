package io.vaxline.web.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A campaign's form as the administrator types it, one question a line:
 * {@code name | label | KIND | option, option | required} (the options only for a choice, "required"
 * optional), e.g. {@code allergy | Any allergies? | YES_NO | | required}. Turned into the API's
 * {@code form} list; booking-api checks the rest (names, kinds, options) and says which line is wrong.
 */
public final class Questions {

    private Questions() {
    }

    public static List<Map<String, Object>> parse(String text) {
        List<Map<String, Object>> form = new ArrayList<>();
        if (text == null) {
            return form;
        }
        int line = 0;
        for (String row : text.lines().toList()) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            String[] parts = row.split("\\|", -1);
            if (parts.length < 3) {
                throw new IllegalArgumentException("line " + line + " needs at least name | label | KIND");
            }
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", parts[0].strip());
            field.put("label", parts[1].strip());
            field.put("kind", parts[2].strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
            field.put("options", parts.length > 3 ? Arrays.stream(parts[3].split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList() : List.of());
            field.put("required", parts.length > 4 && parts[4].strip().equalsIgnoreCase("required"));
            form.add(field);
        }
        return form;
    }
}
