package io.vaxline.booking.platform;

import static org.assertj.core.api.Assertions.assertThat;

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
}
