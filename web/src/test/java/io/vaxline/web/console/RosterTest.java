package io.vaxline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RosterTest {

    private static Map<String, Object> line(String time, String name, String code) {
        Map<String, Object> line = new HashMap<>();
        line.put("time", time);
        line.put("name", name);
        line.put("confirmationCode", code);
        line.put("service", "covid-19");
        return line;
    }

    @Test
    void searchFindsAPersonByNameOrByCodeWithoutTheDash() {
        Map<String, Object> grace = line("09:00", "Grace Hopper", "M49V-720S");
        assertThat(Roster.matches(grace, "hopper")).isTrue();
        assertThat(Roster.matches(grace, "m49v720s")).isTrue();
        assertThat(Roster.matches(grace, "M49V-720")).isTrue();
        assertThat(Roster.matches(grace, "ada")).isFalse();
        assertThat(Roster.matches(grace, "")).isTrue();
        assertThat(Roster.matches(grace, "-")).isFalse();
    }

    @Test
    void linesAreGroupedBySlotTimeInOrder() {
        List<Map<String, Object>> groups = Roster.byTime(List.of(line("09:00", "A", "1"), line("09:00", "B", "2"),
                line("09:15", "C", "3")));
        assertThat(groups).extracting(g -> g.get("time")).containsExactly("09:00", "09:15");
        assertThat((List<?>) groups.get(0).get("lines")).hasSize(2);
    }

    @Test
    void aSessionsBookingsAreThoseOfItsServiceFromItsStartToItsEnd() {
        List<Map<String, Object>> lines = List.of(line("08:45", "A", "1"), line("09:00", "B", "2"), line("11:45", "C", "3"),
                line("12:00", "D", "4"));
        assertThat(Roster.within(lines, "covid-19", "09:00", "12:00")).extracting(l -> l.get("name")).containsExactly("B", "C");
        assertThat(Roster.within(lines, "flu", "09:00", "12:00")).isEmpty();
        assertThat(Roster.within(lines, "covid-19", "", "")).hasSize(4);
    }

    @Test
    void theSlotTableJoinsFreeSeatsAndBookingsInClinicTime() {
        Map<String, Object> slot = new HashMap<>();
        slot.put("start", "2026-11-23T08:00:00Z");
        slot.put("service", "covid-19");
        slot.put("capacity", 2);
        slot.put("free", 1);
        List<Map<String, Object>> rows = Roster.slotTable(List.of(slot), List.of(line("09:00", "A", "1"),
                line("09:15", "B", "2")), ZoneId.of("Europe/Stockholm"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("time", "09:00").containsEntry("capacity", 2).containsEntry("booked", 1);
        assertThat(rows.get(1)).containsEntry("time", "09:15").containsEntry("booked", 1).containsEntry("free", 0);
    }
}
