package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

import org.junit.jupiter.api.Test;

/**
 * A clinic's day on the console of the running stack (headless Chromium, Debian's): staff log in
 * with the staff token an administrator issued, find a booked person on the roster, record the dose
 * (and see that recording it again publishes nothing), see the roster mark it once booking-api has
 * read the dose back from Kafka, and upload a CSV with a bad row; then an administrator publishes a
 * session (a refused one first, with what was typed kept) and withdraws the booked one after its
 * preview. Every page is checked with axe-core for WCAG 2.1 AA, and a screenshot of each step is
 * written under target/screenshots/clinic-console.
 */
class ClinicConsoleIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "clinic-console");
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private Chromium chromium;

    @Test
    void staffRecordTheDoseOfAPersonOnTheRosterAndAnAdministratorWithdrawsTheSession() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        String clinic = "console-" + System.nanoTime() % 100000;
        String admin = api.adminToken();
        LocalDate day = LocalDate.now(ZONE).plusDays(1);
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinic, "name", "Console Test Clinic",
                "address", "Testgatan 2", "latitude", 59.33, "longitude", 18.06, "timeZone", ZONE.getId(),
                "services", List.of("covid-19")), admin, Api.newAddress()), 201);
        Api.require(api.post("/admin/clinics/" + clinic + "/sessions", Map.of("sessionId", "morning", "service", "covid-19",
                "date", day.toString(), "startTime", "09:00", "endTime", "10:00", "slotMinutes", 15, "seatsPerSlot", 2,
                "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
        String staffToken = Api.require(api.post("/admin/clinics/" + clinic + "/staff-tokens",
                Map.of("staffName", "Nurse Joy"), admin, Api.newAddress()), 200).text("token");
        Booked grace = book(api, clinic, day, "Grace Hopper", 1975);
        Booked linus = book(api, clinic, day, "Linus Torvalds", 1969);

        String web = stack.url(Service.WEB);
        try (Chromium started = Chromium.start(SHOTS)) {
            chromium = started;
            Browser browser = started.browser();
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();

            // Staff log in: a pasted key that is no token is refused with a message, the staff token is taken.
            page.navigate(web + "/clinic/login?lang=en");
            check(page, "login");
            page.fill("#token", "not-a-token");
            page.click("#staff-login button[type=submit]");
            page.waitForSelector("#staff-problem");
            check(page, "login-refused");
            page.fill("#token", staffToken);
            page.click("#staff-login button[type=submit]");
            page.waitForURL("**/clinic/" + clinic);
            check(page, "roster-today");

            // Staff cancel one person's appointment with a reason: asked first, and the person is texted the reason.
            findOnRoster(page, clinic, day, linus.code());
            page.click(".roster-line[data-code='" + linus.code() + "'] a.cancel-appointment");
            page.waitForSelector("#cancel-form");
            assertThat(page.locator(".person-card .name").innerText()).isEqualTo("Linus Torvalds");
            check(page, "cancel-form");
            page.fill("#reason", "a water leak closed the room");
            page.click("#cancel-form button[type=submit]");
            page.waitForSelector("#outcome[data-outcome]");
            check(page, "cancelled-with-reason");
            assertThat(texted(api, linus.phone(), "a water leak closed the room")).contains("is cancelled: a water leak closed the room.");
            for (int i = 0; i < 60 && rosterLines(page, web, clinic, day) > 1; i++) {
                Api.sleep(500);
            }
            assertThat(rosterLines(page, web, clinic, day)).as("bookings left after the cancellation").isEqualTo(1);

            // Find the person on the roster and record the dose.
            findOnRoster(page, clinic, day, "hopper");
            check(page, "roster-search");
            assertThat(page.locator(".roster-line").count()).isEqualTo(1);
            assertThat(page.locator(".roster-line").getAttribute("data-attended")).isEqualTo("false");
            recordDose(page, grace.code(), "FK1234", "dose-form");
            page.waitForSelector("#outcome[data-outcome=published]");
            check(page, "dose-recorded");

            // The same dose again publishes nothing, and says so.
            findOnRoster(page, clinic, day, grace.code());
            recordDose(page, grace.code(), "FK1234", "dose-form-again");
            page.waitForSelector("#outcome[data-outcome=already]");
            check(page, "dose-recorded-again");

            // The roster marks the dose once booking-api has read it back from the vaccinations topic.
            for (int i = 0; i < 60 && !"true".equals(rosterFlag(page, web, clinic, day, grace.code())); i++) {
                Api.sleep(1000);
            }
            assertThat(rosterFlag(page, web, clinic, day, grace.code())).as("attended on the roster").isEqualTo("true");
            check(page, "roster-dose-recorded");

            // The lot was mistyped: the nurse corrects the recorded dose from the roster, keyboard only.
            page.locator(".roster-line[data-code='" + grace.code() + "'] a.correct-dose").press("Enter");
            page.waitForSelector("#dose-form[action$='/dose/correct']");
            check(page, "dose-correction-form");
            page.fill("#lot", "FK1243");
            page.fill("#reason", "lot number mistyped");
            page.locator("#reason").press("Enter");
            page.waitForSelector("#outcome[data-outcome=corrected]");
            check(page, "dose-corrected");

            // The day's CSV (yesterday's doses): Grace's dose again (already reported) and a row with a product no verifier knows.
            Path csv = SHOTS.resolve("doses.csv");
            Files.writeString(csv, "person_id,appointment_id,administered_at,vaccine_type,product,manufacturer,lot,"
                    + "dose_number,series_doses,vaccinator\n"
                    + grace.personId() + "," + grace.appointmentId() + "," + LocalDate.now(ZONE).minusDays(1) + "T08:30,1119349007,"
                    + "EU/1/20/1528,ORG-100030215,FK1234,1,2,Nurse Joy\n"
                    + grace.personId() + ",," + LocalDate.now(ZONE).minusDays(1) + "T08:45,1119349007,NOT-A-PRODUCT,ORG-100030215,FK1234,2,2,"
                    + "Nurse Joy\n");
            page.click("nav.console-nav a[href^='/clinic/" + clinic + "/upload']");
            page.waitForSelector("#upload-form");
            check(page, "upload");
            page.setInputFiles("#file", csv);
            page.click("#upload-form button[type=submit]");
            page.waitForSelector("#upload-report");
            check(page, "upload-report");
            assertThat(page.textContent("#rows-read").strip()).isEqualTo("2");
            assertThat(page.textContent("#rows-already").strip()).isEqualTo("1");
            assertThat(page.textContent("#rows-rejected").strip()).isEqualTo("1");
            assertThat(page.textContent("#row-errors")).contains("3").contains("product").contains("NOT-A-PRODUCT");
            assertThat(page.locator("#recent-uploads tr[data-status=DONE]").count()).isGreaterThanOrEqualTo(1);

            // An administrator: a wrong key is refused plainly; the key and the clinic id sign in.
            page.click(".console-nav .logout button");
            page.waitForURL("**/clinic/login");
            page.fill("#apiKey", "wrong-key");
            page.fill("#clinicId", clinic);
            page.click("#admin-login button[type=submit]");
            page.waitForSelector("#admin-problem");
            assertThat(page.inputValue("#clinicId")).isEqualTo(clinic);
            check(page, "admin-login-refused");
            page.fill("#apiKey", stack.infrastructure().endpoints().secrets().adminApiKey());
            page.click("#admin-login button[type=submit]");
            page.waitForURL("**/clinic/" + clinic);

            // At the door of a clinic whose day is under way: check a person in; a no-show before the slot is refused.
            ZoneId noon = zoneWhereItIsNoon();
            String door = clinic + "-door";
            LocalDate today = LocalDate.now(noon);
            LocalTime start = LocalTime.now(noon).plusMinutes(20).truncatedTo(ChronoUnit.HOURS).plusHours(1);
            Api.require(api.post("/admin/clinics", Map.of("clinicId", door, "name", "Door Test Clinic",
                    "address", "Testgatan 3", "latitude", 59.33, "longitude", 18.06, "timeZone", noon.getId(),
                    "services", List.of("covid-19")), admin, Api.newAddress()), 201);
            Api.require(api.post("/admin/clinics/" + door + "/sessions", Map.of("sessionId", "afternoon", "service", "covid-19",
                    "date", today.toString(), "startTime", start.toString(), "endTime", start.plusMinutes(30).toString(),
                    "slotMinutes", 15, "seatsPerSlot", 2, "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
            Booked ada = book(api, door, today.atTime(start).atZone(noon).toInstant(), "Ada Lovelace", 1985);
            String line = ".roster-line[data-code='" + ada.code() + "']";
            page.navigate(web + "/clinic/" + door + "?date=" + today + "&lang=en");
            for (int i = 0; i < 60 && page.locator(line + " button.check-in").count() == 0; i++) {
                Api.sleep(500); // booking-api's roster has not read the booking yet (a busy machine: seconds)
                page.navigate(web + "/clinic/" + door + "?date=" + today + "&lang=en");
            }
            page.waitForSelector(line + " button.check-in");
            check(page, "roster-door");
            page.click(line + " button.check-in");
            page.waitForSelector("#door-sent");
            for (int i = 0; i < 60 && page.locator(line + " .checked-in-flag").count() == 0; i++) {
                Api.sleep(1000);
                page.navigate(web + "/clinic/" + door + "?date=" + today);
            }
            assertThat(page.locator(line + " .checked-in-flag").count()).as("checked in on the roster").isEqualTo(1);
            assertThat(page.locator(line + " button.check-in").count()).isZero();
            check(page, "roster-checked-in");
            page.click(line + " button.no-show");
            page.waitForSelector("#problem");
            assertThat(page.textContent("#problem")).contains("cannot be missed before its slot has started");
            check(page, "no-show-too-early");

            // Staff move one person to a later time of the day with a reason; the person is texted both.
            Booked barbara = book(api, door, today.atTime(start).atZone(noon).toInstant(), "Barbara Liskov", 1939);
            String later = today.atTime(start.plusMinutes(15)).atZone(noon).toInstant().toString();
            String barbaraLine = ".roster-line[data-code='" + barbara.code() + "']";
            for (int i = 0; i < 60 && page.locator(barbaraLine).count() == 0; i++) {
                Api.sleep(500);
                page.navigate(web + "/clinic/" + door + "?date=" + today + "&lang=en");
            }
            page.click(barbaraLine + " a.move-appointment");
            page.waitForSelector("#move-form");
            assertThat(page.locator(".person-card .name").innerText()).isEqualTo("Barbara Liskov");
            page.selectOption("#slot", later);
            page.fill("#reason", "the vaccinator starts later today");
            check(page, "move-form");
            page.click("#move-form button[type=submit]");
            page.waitForSelector("#outcome[data-outcome]");
            assertThat(page.getAttribute("#outcome", "data-outcome")).isEqualTo("moved");
            check(page, "moved-with-reason");
            assertThat(texted(api, barbara.phone(), "the vaccinator starts later today"))
                    .contains("has moved to").contains("The clinic says: the vaccinator starts later today.");

            // A walk-in at a clinic whose session is under way: registered at the door and seated, the dose recorded
            // from the roster like any other; once the session has no seat left, the next walk-in is refused, saying why.
            String walk = clinic + "-walk";
            Api.require(api.post("/admin/clinics", Map.of("clinicId", walk, "name", "Walk-in Test Clinic",
                    "address", "Testgatan 4", "latitude", 59.33, "longitude", 18.06, "timeZone", noon.getId(),
                    "services", List.of("covid-19")), admin, Api.newAddress()), 201);
            Api.require(api.post("/admin/clinics/" + walk + "/sessions", Map.of("sessionId", "drop-in", "service", "covid-19",
                    "date", today.toString(), "startTime", "11:00", "endTime", "14:00", "slotMinutes", 180, "seatsPerSlot", 1,
                    "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
            page.navigate(web + "/clinic/" + walk + "?date=" + today + "&lang=en");
            page.waitForSelector("#walk-in-form");
            check(page, "walk-in-form");
            walkIn(page, "Wanda Walk-In", "1960", Api.newPhone());
            for (int i = 0; i < 20 && page.locator("#walk-in-outcome").count() == 0
                    && page.locator("#walk-in-problem").innerText().contains("no covid-19 session running"); i++) {
                Api.sleep(500); // scheduler-stream has not read the new session yet
                walkIn(page, "Wanda Walk-In", "1960", Api.newPhone());
            }
            page.waitForSelector("#walk-in-outcome");
            assertThat(page.locator("#walk-in-outcome").innerText()).contains("Seated: Wanda Walk-In, 11:00, dose 1, checked in");
            check(page, "walk-in-seated");
            String doseLink = page.getAttribute("#walk-in-outcome a.record-dose", "href");
            page.navigate(web + doseLink);
            for (int i = 0; i < 40 && page.locator("#dose-form").count() == 0; i++) {
                Api.sleep(500); // booking-api's roster has not read the walk-in's appointment yet
                page.navigate(web + doseLink);
            }
            page.selectOption("#product", "EU/1/20/1528");
            page.fill("#lot", "FK1234");
            page.fill("#vaccinator", "Nurse Joy"); // an administrator's console has no staff name to fill it with
            page.click("#dose-form button[type=submit]");
            page.waitForSelector("#outcome[data-outcome]");
            assertThat(page.getAttribute("#outcome", "data-outcome")).as(page.locator("main, body").first().innerText())
                    .isEqualTo("published");
            check(page, "walk-in-dose-recorded");
            page.navigate(web + "/clinic/" + walk + "?date=" + today + "&lang=en");
            assertThat(page.locator(".roster-line .checked-in-flag").count()).as("the walk-in is checked in on the roster").isEqualTo(1);
            walkIn(page, "Will Too-Late", "1970", Api.newPhone());
            page.waitForSelector("#walk-in-problem");
            assertThat(page.locator("#walk-in-problem").innerText()).contains("No seat was taken")
                    .contains("session drop-in (11:00–14:00) is full");
            assertThat(page.inputValue("#walk-in-name")).as("what was typed is kept").isEqualTo("Will Too-Late");
            check(page, "walk-in-refused-full");

            page.navigate(web + "/clinic/" + clinic + "/sessions?date=" + day);
            page.waitForSelector("#slot-table");
            check(page, "sessions");

            // A session booking-api refuses comes back with its problem next to the field and everything typed kept.
            page.fill("#p-sessionId", "afternoon");
            page.fill("#p-date", day.toString());
            page.fill("#p-startTime", "13:00");
            page.fill("#p-endTime", "14:00");
            page.fill("#p-seatsPerSlot", "0");
            page.click("#publish-form button[type=submit]");
            page.waitForSelector("#consequence");
            check(page, "publish-preview");
            page.click("#confirm");
            page.waitForSelector("#p-seatsPerSlot-error");
            assertThat(page.inputValue("#p-sessionId")).isEqualTo("afternoon");
            assertThat(page.inputValue("#p-startTime")).isEqualTo("13:00");
            check(page, "publish-refused");
            page.fill("#p-seatsPerSlot", "3");
            page.click("#publish-form button[type=submit]");
            page.waitForSelector("#consequence");
            page.click("#confirm");
            page.waitForSelector("#done");
            check(page, "published");

            // The day's sessions are listed with their bookings (the afternoon shows once scheduler-stream has it).
            for (int i = 0; i < 30 && page.locator("#session-table tr[data-session=afternoon]").count() == 0; i++) {
                Api.sleep(1000);
                page.navigate(web + "/clinic/" + clinic + "/sessions?date=" + day);
            }
            assertThat(page.locator("#session-table tr[data-session=morning]").innerText()).contains("09:00–10:00", "15 min");
            assertThat(page.locator("#session-table tr[data-session=afternoon]").innerText()).contains("13:00–14:00");
            check(page, "sessions-listed");

            // Withdrawing the morning, from its line: the form is filled with the session; the preview says who
            // is booked and what happens to them; only confirm acts.
            page.click("#session-table tr[data-session=morning] a.withdraw-session");
            assertThat(page.inputValue("#w-sessionId")).isEqualTo("morning");
            assertThat(page.inputValue("#w-startTime")).isEqualTo("09:00");
            assertThat(page.inputValue("#w-endTime")).isEqualTo("10:00");
            page.fill("#w-reason", "the vaccinator is ill");
            page.click("#withdraw-form button[type=submit]");
            page.waitForSelector("#consequence");
            check(page, "withdraw-preview");
            assertThat(page.getAttribute("#consequence", "data-affected")).isEqualTo("1");
            assertThat(page.textContent("#affected")).contains("Grace Hopper");
            page.click("#confirm");
            page.waitForSelector("#done");
            check(page, "withdrawn");

            // The appointment is cancelled: the roster empties once booking-api has read the cancellation.
            for (int i = 0; i < 60 && rosterLines(page, web, clinic, day) > 0; i++) {
                Api.sleep(1000);
            }
            assertThat(rosterLines(page, web, clinic, day)).as("bookings left after the withdrawal").isZero();
            check(page, "roster-after-withdrawal");
            page.setViewportSize(390, 844);
            page.navigate(web + "/clinic/" + clinic + "/upload");
            check(page, "upload-on-a-phone");
            page.navigate(web + "/clinic/" + clinic + "?date=" + day + "&lang=sv");
            assertThat(page.locator("h1").innerText()).startsWith("Dagens lista");
            check(page, "roster-in-swedish");
        }
    }

    record Booked(String personId, String appointmentId, String code, String phone) {
    }

    /** The text that reached {@code phone} containing {@code words}, waiting up to 30 s for it. */
    private static String texted(Api api, String phone, String words) {
        for (int i = 0; i < 60; i++) {
            for (com.fasterxml.jackson.databind.JsonNode sms : api.inbox(phone)) {
                if (sms.path("text").asText().contains(words)) {
                    return sms.path("text").asText();
                }
            }
            Api.sleep(500);
        }
        throw new AssertionError("No text with '" + words + "' reached " + phone);
    }

    /** A person who logged in with a code, added themselves and booked the morning's 09:00 slot, all through the API. */
    private static Booked book(Api api, String clinic, LocalDate day, String name, int birthYear) {
        return book(api, clinic, day.atTime(9, 0).atZone(ZONE).toInstant(), name, birthYear);
    }

    private static Booked book(Api api, String clinic, Instant slotStart, String name, int birthYear) {
        String phone = Api.newPhone();
        String address = Api.newAddress();
        String token = api.login(phone, address);
        String personId = api.addPerson(token, name, birthYear);
        String withPerson = Api.require(api.call("POST", "/me/token", null, token, address, null), 200).text("token");
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("personId", personId);
        booking.put("clinicId", clinic);
        booking.put("service", "covid-19");
        booking.put("slotStart", slotStart.toString());
        String key = "console-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            Api.Reply reply = api.call("POST", "/appointments", booking, withPerson, address, key);
            if (reply.status() == 201 || reply.status() == 200) {
                return new Booked(personId, reply.text("appointmentId"), reply.text("confirmationCode"), phone);
            }
            assertThat(reply.status()).as("booking: " + reply.body()).isEqualTo(202);
            Api.sleep(500);
        }
        throw new AssertionError("The booking was not decided in time");
    }

    /** The roster of the day, searched with the search box (a GET form, as without JavaScript). */
    private static void findOnRoster(Page page, String clinic, LocalDate day, String search) {
        page.click("nav.console-nav a[href^='/clinic/" + clinic + "?']");
        page.waitForSelector("#roster-filter");
        page.fill("#date", day.toString());
        page.fill("#q", search);
        page.click("#roster-filter button[type=submit]");
        page.waitForURL("**q=" + search);
    }

    /** From the roster line with the confirmation code: the dose form, a lot number, record. */
    private void recordDose(Page page, String code, String lot, String step) {
        page.click(".roster-line[data-code='" + code + "'] a.record-dose");
        page.waitForSelector("#dose-form");
        check(page, step);
        assertThat(page.inputValue("#vaccinator")).isEqualTo("Nurse Joy");
        page.selectOption("#product", "EU/1/20/1528");
        page.fill("#lot", lot);
        page.click("#dose-form button[type=submit]");
    }

    private static void walkIn(Page page, String name, String birthYear, String phone) {
        page.fill("#walk-in-name", name);
        page.fill("#walk-in-birth-year", birthYear);
        page.fill("#walk-in-phone", phone);
        page.selectOption("#walk-in-language", "sv");
        page.click("#walk-in-submit");
        page.waitForSelector("#walk-in-outcome, #walk-in-problem");
    }

    private static String rosterFlag(Page page, String web, String clinic, LocalDate day, String code) {
        page.navigate(web + "/clinic/" + clinic + "?date=" + day + "&q=" + code);
        return page.locator(".roster-line[data-code='" + code + "']").getAttribute("data-attended");
    }

    private static int rosterLines(Page page, String web, String clinic, LocalDate day) {
        page.navigate(web + "/clinic/" + clinic + "?date=" + day);
        return page.locator(".roster-line").count();
    }

    /** A fixed-offset zone where it is now between 12:00 and 13:00, so a session later today fits in the day. */
    private static ZoneId zoneWhereItIsNoon() {
        int offset = 12 - Instant.now().atZone(ZoneOffset.UTC).getHour();
        if (offset > 14) {
            offset -= 24;
        } else if (offset < -12) {
            offset += 24;
        }
        return ZoneId.of(offset == 0 ? "Etc/UTC" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + -offset);
    }

    private void check(Page page, String step) {
        chromium.check(page, step);
    }
}
