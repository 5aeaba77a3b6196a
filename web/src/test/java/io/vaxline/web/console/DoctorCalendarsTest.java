package io.vaxline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DoctorCalendarsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The console's words as "key(arguments)", so a test sees which message a refusal chose. */
    private static final ConsoleMsg WORDS = (ConsoleMsg) Proxy.newProxyInstance(ConsoleMsg.class.getClassLoader(),
            new Class<?>[] { ConsoleMsg.class }, (proxy, method, args) -> method.getName()
                    + (args == null ? "" : Arrays.toString(args)));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theWeekIsReadFromItsRowsInWeekdayAndRowOrder() {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.add("start-2-10", "13:00");
        form.add("end-2-10", "16:00");
        form.add("start-2-0", "08:00");
        form.add("end-2-0", "12:00");
        form.add("start-1-0", " 09:00 ");
        form.add("end-1-0", "");
        form.add("start-9-0", "09:00");
        form.add("other", "x");
        Map<String, String[]> rows = DoctorCalendars.rows(form);
        assertThat(rows.keySet()).containsExactly("1-0", "2-0", "2-10");
        assertThat(rows.get("1-0")).containsExactly("09:00", "");
        assertThat(rows.get("2-10")).containsExactly("13:00", "16:00");
    }

    @Test
    void eachWeekdayShowsItsWindowsInOrderAndOneEmptyRowMore() throws Exception {
        JsonNode held = json("""
                [{"weekday":1,"start":"13:00:00","end":"16:00:00"},{"weekday":1,"start":"08:00:00","end":"12:00:00"},
                 {"weekday":5,"start":"09:00:00","end":"11:30:00"}]""");
        List<Map<String, Object>> week = DoctorCalendars.week(held, null, Map.of(), Locale.ENGLISH);
        assertThat(week).extracting(d -> d.get("name")).containsExactly("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                "Saturday", "Sunday");
        List<?> monday = (List<?>) week.get(0).get("rows");
        assertThat(monday.stream().map(r -> String.valueOf(((Map<?, ?>) r).get("start"))).toList()).containsExactly("08:00", "13:00", "");
        assertThat((List<?>) week.get(1).get("rows")).hasSize(1);
        assertThat(DoctorCalendars.week(held, null, Map.of(), Locale.of("sv")).get(0).get("name")).isEqualTo("Måndag");
    }

    @Test
    void aRefusedWeekComesBackAsTypedWithTheErrorAtItsRow() {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.add("start-3-0", "09:00");
        form.add("end-3-0", "12:00");
        form.add("start-3-1", "14:00");
        form.add("end-3-1", "13:00");
        Map<String, String[]> rows = DoctorCalendars.rows(form);
        // care numbers the windows sent: hours[1] is Wednesday's second row.
        DoctorCalendars.Refusal refusal = DoctorCalendars.Refusal.of(new Problem(422, "Invalid", null,
                List.of(new Problem.FieldError("hours[1].endTime", "must be after startTime"))), WORDS, Locale.ENGLISH, "hours",
                Map.of(0, "3-0", 1, "3-1"));
        assertThat(refusal.fields()).containsExactly(Map.entry("end-3-1", "calendar_err_end"));
        assertThat(refusal.problem().title()).isEqualTo("invalid");
        assertThat(refusal.problem().errors()).extracting(Problem.FieldError::field)
                .containsExactly("calendar_row[Wednesday, 2, hours_to]");
        List<Map<String, Object>> week = DoctorCalendars.week(null, rows, refusal.fields(), Locale.ENGLISH);
        List<?> wednesday = (List<?>) week.get(2).get("rows");
        assertThat(wednesday).hasSize(3);
        assertThat(((Map<?, ?>) wednesday.get(1)).get("end")).isEqualTo("13:00");
        assertThat(((Map<?, ?>) wednesday.get(1)).get("endError")).isEqualTo("calendar_err_end");
        assertThat(((Map<?, ?>) wednesday.get(0)).get("endError")).isEqualTo("");
    }

    @Test
    void careFieldsAreNamedInThePersonsLanguageAndUnknownOnesKeepCaresWords() {
        DoctorCalendars.Refusal refusal = DoctorCalendars.Refusal.of(new Problem(422, "Invalid", null, List.of(
                new Problem.FieldError("addType.body.feeMinor", "must be greater than or equal to 0"),
                new Problem.FieldError("minutes", "must fit in the doctor's slot of 30 minutes"),
                new Problem.FieldError("colour", "is not a field"))), WORDS, Locale.ENGLISH, "type", Map.of());
        assertThat(refusal.fields()).containsExactly(Map.entry("fee", "calendar_fee_invalid"),
                Map.entry("minutes", "calendar_err_minutes"), Map.entry("colour", "is not a field"));
        DoctorCalendars.Refusal taken = DoctorCalendars.Refusal.of(new Problem(409, "Conflict", "A doctor exists", List.of()),
                WORDS, Locale.ENGLISH, "doctor", Map.of());
        assertThat(taken.problem().title()).isEqualTo("calendar_doctor_taken");
        assertThat(taken.problem().detail()).isNull();
    }

    @Test
    void publishedWindowsFromTodayOnInOrder() throws Exception {
        JsonNode held = json("""
                [{"day":"2026-03-03","start":"14:00:00","end":"16:00:00"},{"day":"2026-03-02","start":"09:00:00","end":"12:00:00"},
                 {"day":"2026-03-03","start":"08:00:00","end":"12:00:00"},{"day":"2026-03-01","start":"09:00:00","end":"12:00:00"}]""");
        List<Map<String, Object>> shown = DoctorCalendars.published(held, LocalDate.parse("2026-03-02"), Locale.ENGLISH);
        assertThat(shown).extracting(w -> w.get("date") + " " + w.get("start") + "-" + w.get("end")).containsExactly(
                "2026-03-02 09:00-12:00", "2026-03-03 08:00-12:00", "2026-03-03 14:00-16:00");
        assertThat(shown.get(0).get("weekday")).isEqualTo("Monday");
    }

    @Test
    void anExceptionIsADayOffWhenItHasNoHours() throws Exception {
        List<Map<String, Object>> shown = DoctorCalendars.exceptions(json("""
                [{"day":"2026-03-05","start":"10:00:00","end":"12:00:00","note":"Course"},{"day":"2026-03-04","start":null,"end":null}]"""),
                Locale.ENGLISH);
        assertThat(shown).extracting(e -> e.get("date") + " " + e.get("dayOff") + " " + e.get("start") + " " + e.get("note"))
                .containsExactly("2026-03-04 true  ", "2026-03-05 false 10:00 Course");
    }

    @Test
    void feesAreTypedInTheCurrencysUnits() {
        assertThat(DoctorCalendars.minorUnits("250")).isEqualTo(25_000L);
        assertThat(DoctorCalendars.minorUnits("250,5")).isEqualTo(25_050L);
        assertThat(DoctorCalendars.minorUnits(" 1 250.75 ")).isEqualTo(125_075L);
        assertThat(DoctorCalendars.minorUnits("0")).isZero();
        assertThat(DoctorCalendars.minorUnits("-5")).isNull();
        assertThat(DoctorCalendars.minorUnits("2.505")).isNull();
        assertThat(DoctorCalendars.minorUnits("")).isNull();
        assertThat(DoctorCalendars.minorUnits("free")).isNull();
    }

    @Test
    void aTypesIdIsTheDoctorsAndTheNamesLettersWithinThirtyCharacters() {
        assertThat(DoctorCalendars.typeId("dr-ada", "Video consultation")).isEqualTo("dr-ada-video-consultation");
        assertThat(DoctorCalendars.typeId("dr-ada", "Läkarbesök, 30 min!")).isEqualTo("dr-ada-lakarbesok-30-min");
        assertThat(DoctorCalendars.typeId("dr-ada", "診察")).isEqualTo("dr-ada-type");
        String id = DoctorCalendars.typeId("a-very-long-doctor-id-here", "Follow-up visit");
        assertThat(id).hasSizeLessThanOrEqualTo(30).matches("[a-z0-9][a-z0-9-]*[a-z0-9]");
    }

    @Test
    void onlyFreeTimesAreOfferedForAMove() throws Exception {
        List<Map<String, Object>> offered = Console.slotChoices(json("""
                [{"start":"2026-03-02T13:00:00Z","localStart":"2026-03-02T14:00:00+01:00","free":1},
                 {"start":"2026-03-02T13:30:00Z","localStart":"2026-03-02T14:30:00+01:00","free":0}]"""));
        assertThat(offered).containsExactly(Map.of("start", "2026-03-02T13:00:00Z", "time", "14:00"));
        assertThat(Console.slotChoices(null)).isEmpty();
    }
}
