package io.vaxline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DoseCsvTest {

    @Test
    void oneDoseIsTheHeaderAndOneRowWithTheAppointment() {
        Map<String, String> form = new HashMap<>();
        form.put("person_id", "p-1");
        form.put("appointment_id", "a-1");
        form.put("administered_at", "2026-11-23T09:30");
        form.put("vaccine_type", "1119349007");
        form.put("product", "EU/1/20/1528");
        form.put("manufacturer", "ORG-100030215");
        form.put("lot", " FK1234 ");
        form.put("dose_number", "1");
        form.put("series_doses", "2");
        form.put("vaccinator", "Nurse Ratched");
        form.put("ignored", "x");
        assertThat(DoseCsv.of(DoseCsv.pick(form))).isEqualTo(
                "person_id,appointment_id,administered_at,vaccine_type,product,manufacturer,lot,dose_number,series_doses,vaccinator\n"
                        + "p-1,a-1,2026-11-23T09:30,1119349007,EU/1/20/1528,ORG-100030215,FK1234,1,2,Nurse Ratched\n");
    }

    @Test
    void everyRequiredColumnOfTheUploadIsWritten() {
        // booking-api's VaccinationReports.REQUIRED, and appointment_id of its OPTIONAL
        assertThat(DoseCsv.COLUMNS).contains("person_id", "administered_at", "vaccine_type", "product", "manufacturer",
                "lot", "dose_number", "series_doses", "vaccinator", "appointment_id");
    }

    @Test
    void cellsWithCommasQuotesOrLineBreaksStayOneCell() {
        assertThat(DoseCsv.cell("Smith, Jane")).isEqualTo("\"Smith, Jane\"");
        assertThat(DoseCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(DoseCsv.cell("two\nlines")).isEqualTo("two lines");
        assertThat(DoseCsv.cell(null)).isEmpty();
    }

    @Test
    void missingValuesAreEmptyCellsForBookingApiToName() {
        assertThat(DoseCsv.of(DoseCsv.pick(Map.of("person_id", "p-1")))).endsWith("\np-1,,,,,,,,,\n");
    }
}
