package io.vaxline.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** An appointment as an iCalendar (RFC 5545) event, times in UTC so every calendar places it right. */
public final class Calendar {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Calendar() {
    }

    public static String event(Map<String, Object> appointment, String summary, String description) {
        String location = String.join(", ", String.valueOf(appointment.get("clinicName")),
                String.valueOf(appointment.getOrDefault("clinicAddress", ""))).replaceAll(",\\s*$", "");
        return String.join("\r\n",
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Vaxline//Appointments//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "BEGIN:VEVENT",
                fold("UID:" + appointment.get("appointmentId") + "@vaxline"),
                "DTSTAMP:" + UTC.format(Instant.now()),
                "DTSTART:" + UTC.format(Instant.parse(String.valueOf(appointment.get("slotStart")))),
                "DTEND:" + UTC.format(Instant.parse(String.valueOf(appointment.get("slotEnd")))),
                fold("SUMMARY:" + text(summary)),
                fold("LOCATION:" + text(location)),
                fold("DESCRIPTION:" + text(description)),
                "STATUS:CONFIRMED",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                fold("DESCRIPTION:" + text(summary)),
                "TRIGGER:-PT2H",
                "END:VALARM",
                "END:VEVENT",
                "END:VCALENDAR", "");
    }

    /** RFC 5545 3.3.11: backslash, semicolon, comma and newline escaped. */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
    }

    /** RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space. */
    static String fold(String line) {
        StringBuilder folded = new StringBuilder();
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (octets + size > 75) {
                folded.append("\r\n ");
                octets = 1; // the space that marks the continuation
            }
            folded.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        return folded.toString();
    }
}
