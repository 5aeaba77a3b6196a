package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

/**
 * Clinic staff, on the console at a phone's width, add a doctor, set the weekly hours (an end before its start refused
 * at its row, what was typed kept), take a day off (that day then has no published window), add an appointment type
 * (one longer than the doctor's slot refused at the form); then, on the doctor's day, move a booked appointment: to a
 * time just taken by someone else (care's 409, the fresh free times offered), then to one of those. Each page is
 * checked with axe-core (WCAG 2.1 AA); screenshots under target/screenshots/doctor-calendars.
 */
class DoctorCalendarPagesIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "doctor-calendars");
    private static final ZoneId ZONE = CareClinic.ZONE;

    @Test
    void staffSetADoctorsCalendarOnTheConsoleAndMoveAnAppointment() throws Exception {
        VaxlineStack stack = RunningStack.get();
        CareClinic clinic = CareClinic.create(stack, "calpage", "gp", "Calendar clinic", "Ada Reception");
        Api api = clinic.api();
        Api care = clinic.care();
        String suffix = clinic.suffix();
        String clinicId = clinic.clinicId();
        String service = clinic.service();
        String staff = clinic.staff();
        String doctorId = "dr-" + suffix;
        LocalDate day = LocalDate.now(ZONE).plusDays(2);
        LocalDate dayOff = day.plusDays(7);
        int weekday = day.getDayOfWeek().getValue();
        int nextWeekday = weekday % 7 + 1;

        String web = stack.url(Service.WEB);
        try (Chromium chromium = Chromium.start(SHOTS)) {
            Page console = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
            console.navigate(web + "/clinic/login?lang=en");
            console.fill("#token", staff);
            console.click("#staff-login button[type=submit]");
            console.waitForURL("**/clinic/" + clinicId);
            console.navigate(web + "/clinic/" + clinicId + "/doctors");
            console.click("#manage-doctors");
            console.waitForURL("**/clinic/" + clinicId + "/calendars");
            assertThat(console.locator("#no-doctors").innerText()).contains("No doctors yet");
            chromium.check(console, "no-doctors");

            // A doctor, with a service no other doctor has.
            console.fill("#d-doctorId", doctorId);
            console.fill("#d-name", "Dr Ada Lovelace");
            console.fill("#d-service", service);
            console.fill("#d-slotMinutes", "30");
            console.click("#add-doctor-form button[type=submit]");
            console.waitForURL("**/calendars/" + doctorId + "?sent=added*");
            assertThat(console.locator("h1").innerText()).contains("Dr Ada Lovelace");
            assertThat(console.locator("#calendar-sent").innerText()).contains("The doctor is added");
            assertThat(console.locator("#no-published").innerText()).contains("Nothing published");
            chromium.check(console, "doctor-added");

            // The week: the day's window, and the next weekday's with its end before its start, refused at that row.
            console.fill("#start-" + weekday + "-0", "14:00");
            console.fill("#end-" + weekday + "-0", "15:30");
            console.fill("#start-" + nextWeekday + "-0", "12:00");
            console.fill("#end-" + nextWeekday + "-0", "11:00");
            console.click("#hours-form button[type=submit]");
            console.waitForSelector("#hours-problem");
            assertThat(console.locator("#hours-problem").getAttribute("role")).isEqualTo("alert");
            assertThat(console.locator("#end-" + nextWeekday + "-0-error").innerText()).contains("The end must be after the start");
            assertThat(console.locator("#end-" + nextWeekday + "-0").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(console.locator("#start-" + weekday + "-0").inputValue()).isEqualTo("14:00");
            assertThat(console.locator("#end-" + nextWeekday + "-0").inputValue()).isEqualTo("11:00");
            chromium.check(console, "hours-refused");

            console.fill("#start-" + nextWeekday + "-0", "");
            console.fill("#end-" + nextWeekday + "-0", "");
            console.click("#hours-form button[type=submit]");
            console.waitForURL("**?sent=hours*");
            assertThat(console.locator("#calendar-sent").innerText()).contains("weekly hours are saved");
            assertThat(console.locator("#start-" + weekday + "-0").inputValue()).isEqualTo("14:00");
            assertThat(console.locator("#start-" + weekday + "-1").inputValue()).isEmpty();
            assertThat(console.locator("#published-table tr[data-date='" + day + "']").innerText()).contains("14:00–15:30");
            assertThat(console.locator("#published-table tr[data-date='" + dayOff + "']").count()).isEqualTo(1);
            chromium.check(console, "hours-saved");

            // A day off: that day is no longer published.
            console.fill("#x-date", dayOff.toString());
            console.check("input[name=kind][value=dayOff]");
            console.fill("#x-note", "Conference");
            console.click("#exception-form button[type=submit]");
            console.waitForURL("**?sent=exception*");
            assertThat(console.locator(".exceptions li[data-date='" + dayOff + "']").innerText()).contains("Day off", "Conference");
            assertThat(console.locator("#published-table tr[data-date='" + dayOff + "']").count()).isZero();
            assertThat(console.locator("#published-table tr[data-date='" + day + "']").count()).isEqualTo(1);
            chromium.check(console, "day-off");

            // An appointment type longer than the doctor's slot: care's refusal at the form; then one that fits.
            console.fill("#t-name", "Consultation");
            console.check("input[name=mode][value=IN_PERSON]");
            console.fill("#t-minutes", "45");
            console.fill("#t-fee", "250");
            console.fill("#t-currency", "sek");
            console.click("#type-form button[type=submit]");
            console.waitForSelector("#type-problem");
            assertThat(console.locator("#t-minutes-error").innerText()).contains("up to the doctor's slot length");
            assertThat(console.locator("#t-name").inputValue()).isEqualTo("Consultation");
            chromium.check(console, "type-refused");
            console.fill("#t-minutes", "30");
            console.click("#type-form button[type=submit]");
            console.waitForURL("**?sent=type*");
            assertThat(console.locator(".types").innerText()).contains("Consultation", "In person", "30 min", "250.00 SEK");
            chromium.check(console, "type-added");

            // In Swedish, the same refusal in Swedish.
            console.navigate(web + "/clinic/" + clinicId + "/calendars/" + doctorId + "?lang=sv");
            console.fill("#start-" + weekday + "-1", "15:00");
            console.fill("#end-" + weekday + "-1", "14:00");
            console.click("#hours-form button[type=submit]");
            console.waitForSelector("#hours-problem");
            assertThat(console.locator("#end-" + weekday + "-1-error").innerText()).contains("Sluttiden måste vara efter starttiden");
            chromium.check(console, "hours-refused-sv");
            console.navigate(web + "/clinic/" + clinicId + "/calendars/" + doctorId + "?lang=en");

            // Two people book: one at 14:00, whose appointment staff move; another takes 14:30 in between.
            CareClinic.awaitFreeSlots(care, doctorId, day, 3);
            String typeId = Api.require(care.call("GET", "/doctors/" + doctorId, null, null, Api.newAddress(), null), 200)
                    .body().path("types").get(0).path("typeId").asText();
            Instant two = day.atTime(14, 0).atZone(ZONE).toInstant();
            String appointmentId = book(api, care, doctorId, typeId, two, "Grace Patient");
            // The free times trail the decision by the availability view's interval: wait until 14:00 is gone from them.
            CareClinic.awaitFreeSlots(care, doctorId, day, 2);

            console.navigate(web + "/clinic/" + clinicId + "/doctors?doctor=" + doctorId + "&date=" + day + "&lang=en");
            String line = "#appointment-" + appointmentId;
            assertThat(console.locator(line + " h3").innerText()).contains("14:00", "Grace Patient");
            console.click(line + " details.doctor-form:has(.doctor-move-form) summary");
            assertThat(console.locator(line + " .doctor-move-form input[name=slotStart]").count()).isEqualTo(2);
            chromium.check(console, "move-form");

            book(api, care, doctorId, typeId, two.plusSeconds(30 * 60), "Other Patient");
            console.check(line + " .doctor-move-form input[name=slotStart][value='" + two.plusSeconds(30 * 60) + "']");
            console.fill(line + " .doctor-move-form textarea[name=reason]", "The doctor is in a meeting at two");
            console.click(line + " .doctor-move-form button[type=submit]");
            console.waitForSelector("#doctor-problem");
            assertThat(console.locator("#doctor-problem").innerText()).contains("That time was just taken").doesNotContain("seat");
            assertThat(console.locator(line + " .doctor-move-form legend").innerText()).contains("free times");
            assertThat(console.locator(line + " .doctor-move-form input[name=slotStart]").evaluateAll("e => e.map(i => i.value)"))
                    .isEqualTo(List.of(two.plusSeconds(60 * 60).toString()));
            assertThat(console.locator(line + " .doctor-move-form textarea[name=reason]").inputValue())
                    .isEqualTo("The doctor is in a meeting at two");
            chromium.check(console, "move-taken");

            console.check(line + " .doctor-move-form input[name=slotStart]");
            console.click(line + " .doctor-move-form button[type=submit]");
            console.waitForSelector("#doctor-sent");
            assertThat(console.locator("#doctor-sent").innerText()).contains("The appointment is moved");
            assertThat(console.locator(line + " h3").innerText()).contains("15:00", "Grace Patient");
            assertThat(Api.require(care.call("GET", "/care-appointments/" + appointmentId, null, staff, Api.newAddress(), null), 200)
                    .text("slotStart")).isEqualTo(two.plusSeconds(60 * 60).toString());
            chromium.check(console, "moved");
        }
    }

    /** A household books the doctor through care's API (the fee paid by the local provider); the appointment's id. */
    private static String book(Api api, Api care, String doctorId, String typeId, Instant slot, String name) {
        String token = api.login(Api.newPhone(), Api.newAddress());
        String personId = api.addPerson(token, name, 1980);
        String named = Api.require(api.post("/me/token", null, token, Api.newAddress()), 200).text("token");
        return Api.require(care.call("POST", "/care-appointments", Map.of("personId", personId, "doctorId", doctorId,
                "typeId", typeId, "slotStart", slot.toString(), "paymentMethod", "pm_card_visa"), named, Api.newAddress(),
                "care-" + UUID.randomUUID()), 201).text("appointmentId");
    }
}
