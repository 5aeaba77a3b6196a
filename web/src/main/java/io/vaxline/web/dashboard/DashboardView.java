package io.vaxline.web.dashboard;

import io.quarkus.qute.TemplateData;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@link Figures} as the page shows them in one language: labels written out, bars scaled to the largest. */
@TemplateData
public record DashboardView(String layout, LocalDate today, Figures figures, List<Row> tiles, Chart bookings, Chart doses,
        Chart byAge, Chart byPriority, List<String> seatDays, List<SeatsRow> seats, Chart noShows, Chart deadLetters) {

    @TemplateData
    public record Row(String key, String label, long value, String shown, String width) {
    }

    @TemplateData
    public record Chart(String id, String title, String labelHeader, List<Row> rows) {
    }

    @TemplateData
    public record SeatsRow(String name, List<Row> days, Row total) {
    }

    static DashboardView of(Figures f, Locale locale, DashboardMsg msg) {
        NumberFormat numbers = NumberFormat.getIntegerInstance(locale);
        DateTimeFormatter dayLabel = DateTimeFormatter.ofPattern("EEE d MMM", locale);
        DateTimeFormatter shortDay = DateTimeFormatter.ofPattern("EEE d", locale);
        Function<Figures.Bar, String> byDay = b -> b.day().format(dayLabel);
        List<Row> tiles = List.of(
                row("bookings-today", msg.bookings_today(), f.bookingsToday(), numbers, 0),
                row("doses-today", msg.doses_today(), f.dosesToday(), numbers, 0),
                row("people-vaccinated", msg.people_vaccinated(), f.peopleVaccinated(), numbers, 0),
                row("free-seats-7d", msg.free_seats_7d(), f.freeSeatsTotal(), numbers, 0),
                row("no-shows", msg.no_shows(), f.noShows(), numbers, 0),
                row("dead-letters", msg.dead_letters(), f.deadLettersTotal(), numbers, 0));
        List<String> seatDays = f.freeSeats().isEmpty() ? List.of()
                : f.freeSeats().get(0).days().stream().map(b -> b.day().format(shortDay)).toList();
        List<SeatsRow> seats = f.freeSeats().stream().map(c -> new SeatsRow(c.name(),
                c.days().stream().map(b -> row(b.key(), b.label(), b.value(), numbers, 0)).toList(),
                row("free-seats-" + c.clinicId(), c.name(), c.total(), numbers, 0))).toList();
        return new DashboardView(f.layout(), f.today(), f, tiles,
                chart("bookings-by-day", msg.bookings_by_day(), msg.day(), f.bookingsByDay(), byDay, numbers),
                chart("doses-by-day", msg.doses_by_day(), msg.day(), f.dosesByDay(), byDay, numbers),
                chart("coverage-by-age", msg.coverage_age(), msg.age_band(), f.coverageByAge(),
                        b -> "unknown".equals(b.label()) ? msg.unknown() : b.label(), numbers),
                chart("coverage-by-priority", msg.coverage_priority(), msg.group(), f.coverageByPriority(),
                        b -> switch (b.label()) {
                            case "priority" -> msg.priority();
                            case "not-priority" -> msg.not_priority();
                            default -> msg.unknown();
                        }, numbers),
                seatDays, seats,
                chart("no-shows-by-clinic", msg.no_shows_title(), msg.clinic(), f.noShowsByClinic(), Figures.Bar::label, numbers),
                chart("dead-letters-by-topic", msg.dead_letters_title(), msg.topic(), f.deadLetters(), Figures.Bar::label, numbers));
    }

    private static Chart chart(String id, String title, String labelHeader, List<Figures.Bar> bars,
            Function<Figures.Bar, String> label, NumberFormat numbers) {
        long max = bars.stream().mapToLong(Figures.Bar::value).max().orElse(0);
        return new Chart(id, title, labelHeader,
                bars.stream().map(b -> row(b.key(), label.apply(b), b.value(), numbers, max)).toList());
    }

    private static Row row(String key, String label, long value, NumberFormat numbers, long max) {
        String width = max <= 0 ? "0" : String.format(Locale.ROOT, "%.1f", 100.0 * value / max);
        return new Row(key, label, value, numbers.format(value), width);
    }
}
