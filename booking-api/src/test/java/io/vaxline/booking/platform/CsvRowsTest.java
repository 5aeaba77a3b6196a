package io.vaxline.booking.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void writesCellsASpreadsheetWouldRunAsFormulasAsText() {
        for (String formula : new String[] { "=1+1", "+46701234567", "-2", "@SUM(A1)", "\tcmd", "\rcmd" }) {
            assertThat(CsvRows.safeCell(formula)).as(formula).isEqualTo("'" + formula);
        }
        assertThat(CsvRows.safeCell("Ann-Marie")).isEqualTo("Ann-Marie");
        assertThat(CsvRows.safeCell(null)).isEmpty();
    }

    @Test
    void quotesFieldsAndDoublesTheirQuotes() {
        assertThat(CsvRows.quoted("Lind, \"Ann\"")).isEqualTo("\"Lind, \"\"Ann\"\"\"");
        assertThat(CsvRows.quoted("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    @Test
    void aBodyThatBreaksOffMidFileIsUnreadableSayingWhere() {
        var csv = CsvRows.parse(body("person_id,dose\np1,1\n\"p2,2\n"));

        assertThatThrownBy(() -> CsvRows.records(csv).collect().asList().await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(CsvRows.Unreadable.class)
                .satisfies(e -> assertThat(((CsvRows.Unreadable) e).where(1)).startsWith("could not be read as CSV after row 2: "));
    }

    @Test
    void aHeaderThatCannotBeReadIsUnreadable() {
        assertThatThrownBy(() -> CsvRows.parse(body("\"person_id,dose\np1,1\n")))
                .isInstanceOf(CsvRows.Unreadable.class)
                .satisfies(e -> assertThat(((CsvRows.Unreadable) e).where(0)).startsWith("could not be read as CSV after row 1: "));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
