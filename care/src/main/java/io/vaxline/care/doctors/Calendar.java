package io.vaxline.care.doctors;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A doctor's working windows, day by day: the weekly hours, except on a day with an exception (a day
 * off has none; changed hours replace the week's). Each window becomes one capacity session.
 */
public final class Calendar {

    public record Hours(int weekday, LocalTime start, LocalTime end) {
    }

    /** A day off when start and end are null; otherwise the day's own hours. */
    public record Exception(LocalDate day, LocalTime start, LocalTime end, String note) {
        public boolean dayOff() {
            return start == null;
        }
    }

    public record Window(LocalDate day, LocalTime start, LocalTime end) {
        public String sessionId(String doctorId) {
            DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HHmm");
            return doctorId + "-" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + start.format(hhmm) + end.format(hhmm);
        }
    }

    private Calendar() {
    }

    /** The windows of {@code days} days from {@code from}, earliest first. */
    public static List<Window> windows(List<Hours> week, Map<LocalDate, Exception> exceptions, LocalDate from, int days) {
        List<Window> windows = new ArrayList<>();
        for (LocalDate day = from; day.isBefore(from.plusDays(days)); day = day.plusDays(1)) {
            Exception exception = exceptions.get(day);
            if (exception != null) {
                if (!exception.dayOff()) {
                    windows.add(new Window(day, exception.start(), exception.end()));
                }
                continue;
            }
            int weekday = day.getDayOfWeek().getValue();
            for (Hours hours : week) {
                if (hours.weekday() == weekday) {
                    windows.add(new Window(day, hours.start(), hours.end()));
                }
            }
        }
        windows.sort(Comparator.comparing(Window::day).thenComparing(Window::start));
        return windows;
    }

    /** Whether windows of one weekday overlap (a doctor is in one place at a time). */
    public static boolean overlaps(List<Hours> week) {
        List<Hours> sorted = week.stream().sorted(Comparator.comparingInt(Hours::weekday).thenComparing(Hours::start)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            Hours before = sorted.get(i - 1);
            Hours after = sorted.get(i);
            if (before.weekday() == after.weekday() && after.start().isBefore(before.end())) {
                return true;
            }
        }
        return false;
    }
}
