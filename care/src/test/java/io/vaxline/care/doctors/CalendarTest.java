package io.vaxline.care.doctors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CalendarTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final List<Calendar.Hours> WEEK = List.of(
            new Calendar.Hours(1, LocalTime.of(9, 0), LocalTime.of(12, 0)),
            new Calendar.Hours(1, LocalTime.of(13, 0), LocalTime.of(16, 0)),
            new Calendar.Hours(3, LocalTime.of(10, 0), LocalTime.of(14, 0)));

    @Test
    void weeklyHoursBecomeWindowsOnTheirWeekdays() {
        List<Calendar.Window> windows = Calendar.windows(WEEK, Map.of(), MONDAY, 14);

        assertThat(windows).extracting(Calendar.Window::day).containsExactly(
                MONDAY, MONDAY, MONDAY.plusDays(2), MONDAY.plusDays(7), MONDAY.plusDays(7), MONDAY.plusDays(9));
        assertThat(windows.get(1).start()).isEqualTo(LocalTime.of(13, 0));
    }

    @Test
    void aDayOffHasNoWindowsAndChangedHoursReplaceTheWeeks() {
        Map<LocalDate, Calendar.Exception> exceptions = Map.of(
                MONDAY, new Calendar.Exception(MONDAY, null, null, "training"),
                MONDAY.plusDays(2), new Calendar.Exception(MONDAY.plusDays(2), LocalTime.of(8, 0), LocalTime.of(9, 0), null),
                MONDAY.plusDays(4), new Calendar.Exception(MONDAY.plusDays(4), LocalTime.of(15, 0), LocalTime.of(17, 0), "extra"));

        List<Calendar.Window> windows = Calendar.windows(WEEK, exceptions, MONDAY, 7);

        assertThat(windows).containsExactly(
                new Calendar.Window(MONDAY.plusDays(2), LocalTime.of(8, 0), LocalTime.of(9, 0)),
                new Calendar.Window(MONDAY.plusDays(4), LocalTime.of(15, 0), LocalTime.of(17, 0)));
    }

    @Test
    void sessionIdsAreDerivedFromTheWindowAndFitBookingApisIdForm() {
        Calendar.Window window = new Calendar.Window(MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 30));

        assertThat(window.sessionId("dr-a")).isEqualTo("dr-a-20261207-09001230");
        assertThat(window.sessionId("a".repeat(30))).matches("[a-z0-9][a-z0-9-]{0,62}");
    }

    @Test
    void findsOverlappingWindowsOfOneWeekdayOnly() {
        assertThat(Calendar.overlaps(WEEK)).isFalse();
        assertThat(Calendar.overlaps(List.of(new Calendar.Hours(2, LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new Calendar.Hours(2, LocalTime.of(11, 0), LocalTime.of(13, 0))))).isTrue();
    }
}
