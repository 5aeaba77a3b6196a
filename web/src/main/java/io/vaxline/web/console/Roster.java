package io.vaxline.web.console;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The roster lines of booking-api's {@code GET /clinics/{id}/roster} as the console shows them. */
final class Roster {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private Roster() {
    }

    /** A line matches a search by any part of the name (any case) or of the confirmation code (dashes and case ignored). */
    static boolean matches(Map<String, Object> line, String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String name = String.valueOf(line.getOrDefault("name", "")).toLowerCase(Locale.ROOT);
        String code = compact(String.valueOf(line.getOrDefault("confirmationCode", "")));
        String wanted = search.strip().toLowerCase(Locale.ROOT);
        return name.contains(wanted) || !compact(wanted).isEmpty() && code.contains(compact(wanted));
    }

    /** What the page's script compares the search box with: the name and the code, lower case. */
    static String searchText(Map<String, Object> line) {
        return (line.getOrDefault("name", "") + " " + compact(String.valueOf(line.getOrDefault("confirmationCode", ""))))
                .toLowerCase(Locale.ROOT);
    }

    private static String compact(String text) {
        return text.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
    }

    /** The lines grouped by slot time, in the roster's order (by time). */
    static List<Map<String, Object>> byTime(List<Map<String, Object>> lines) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> line : lines) {
            line.put("search", searchText(line));
            groups.computeIfAbsent(String.valueOf(line.get("time")), t -> new ArrayList<>()).add(line);
        }
        List<Map<String, Object>> result = new ArrayList<>();
        groups.forEach((time, members) -> result.add(Map.of("time", time, "lines", members)));
        return result;
    }

    /** The lines of a service from start (inclusive) to end (exclusive), times as HH:mm; no times: the whole day. */
    static List<Map<String, Object>> within(List<Map<String, Object>> lines, String service, String start, String end) {
        return lines.stream()
                .filter(l -> service == null || service.isBlank() || service.equals(l.get("service")))
                .filter(l -> start == null || start.isBlank() || String.valueOf(l.get("time")).compareTo(start) >= 0)
                .filter(l -> end == null || end.isBlank() || String.valueOf(l.get("time")).compareTo(end) < 0)
                .toList();
    }

    /**
     * One row per slot time and service: seats and free seats from the public free slots (which list only
     * slots with a free seat), bookings counted from the roster.
     */
    static List<Map<String, Object>> slotTable(List<Map<String, Object>> free, List<Map<String, Object>> booked, ZoneId zone) {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        for (Map<String, Object> slot : free) {
            String time = ZonedDateTime.parse(String.valueOf(slot.get("start")).replace("Z", "+00:00"),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).withZoneSameInstant(zone).format(HH_MM);
            Map<String, Object> row = row(rows, time, String.valueOf(slot.get("service")));
            row.put("capacity", slot.get("capacity"));
            row.put("free", slot.get("free"));
        }
        for (Map<String, Object> line : booked) {
            Map<String, Object> row = row(rows, String.valueOf(line.get("time")), String.valueOf(line.get("service")));
            row.put("booked", (Integer) row.get("booked") + 1);
        }
        return new ArrayList<>(rows.values());
    }

    private static Map<String, Object> row(Map<String, Map<String, Object>> rows, String time, String service) {
        return rows.computeIfAbsent(time + "|" + service, k -> {
            Map<String, Object> row = new HashMap<>();
            row.put("time", time);
            row.put("service", service);
            row.put("capacity", "–");
            row.put("free", 0);
            row.put("booked", 0);
            return row;
        });
    }
}
