package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

/**
 * A patient books a doctor on the web pages (a video consultation), sees the room's link, and, once the
 * doctor has written a note with a diagnosis, reads it; the doctor, on the clinic console, sees the day, records a
 * note (a wrong ICD-10 code refused at the form), prescribes (refused until the patient chose a pharmacy) and
 * cancels. Each page is checked with axe-core (WCAG 2.1 AA);
 * screenshots under target/screenshots/care.
 */
class CarePagesIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "care");
    private static final ZoneId ZONE = CareClinic.ZONE;

    @Test
    void aPatientBooksAVideoConsultationSeesItsLinkAndLaterTheDoctorsNote() throws Exception {
        VaxlineStack stack = RunningStack.get();
        CareClinic clinic = CareClinic.create(stack, "carepage", "dr", "Family doctors", "Grace Doctor");
        Api api = clinic.api();
        Api care = clinic.care();
        String admin = clinic.admin();
        String suffix = clinic.suffix();
        String clinicId = clinic.clinicId();
        String service = clinic.service();
        String staff = clinic.staff();
        String doctorId = "grace-" + suffix;
        LocalDate day = LocalDate.now(ZONE).plusDays(2);
        Api.require(care.post("/clinics/" + clinicId + "/doctors", Map.of("doctorId", doctorId, "name", "Dr Grace Hopper",
                "service", service, "slotMinutes", 30), staff, Api.newAddress()), 201);
        Api.require(care.post("/doctors/" + doctorId + "/appointment-types", Map.of("typeId", doctorId + "-video",
                "name", "Video consultation", "mode", "VIDEO", "minutes", 30, "feeMinor", 0, "currency", "SEK"),
                staff, Api.newAddress()), 201);
        Api.require(care.call("PUT", "/doctors/" + doctorId + "/weekly-hours", Map.of("hours", List.of(Map.of(
                "weekday", day.getDayOfWeek().getValue(), "startTime", "14:00", "endTime", "15:00"))), staff, Api.newAddress(), null), 200);
        CareClinic.awaitFreeSlots(care, doctorId, day, 2);

        String web = stack.url(Service.WEB);
        try (Chromium chromium = Chromium.start(SHOTS)) {
            Browser browser = chromium.browser();
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
            String phone = Api.newPhone();
            Chromium.logIn(api, page, web, phone);
            page.click("details.add-person summary");
            page.fill("#name", "Patient Grace");
            page.fill("#birthYear", "1977");
            page.click("details.add-person button[type=submit]");
            page.waitForURL("**/me");

            page.navigate(web + "/care/doctors/" + doctorId + "?date=" + day + "&lang=en");
            assertThat(page.locator("h1").innerText()).isEqualTo("Dr Grace Hopper");
            assertThat(page.locator("input[name=slot]").count()).isEqualTo(2);
            assertThat(page.locator("form.care-book").innerText()).contains("Video consultation", "video", "free of charge", "2:00", "2:30");
            chromium.check(page, "doctor");

            page.locator("input[name=slot]").first().check();
            page.click("form.care-book button[type=submit]");
            page.waitForURL("**/care/appointments?booked=*");
            String link = page.locator(".video-link").getAttribute("href");
            assertThat(link).matches("https://meet\\.jit\\.si/[A-Za-z0-9_-]{22}");
            assertThat(page.locator("body").innerText()).contains("Booked.", "Dr Grace Hopper", "Join the video consultation");
            chromium.check(page, "booked-with-video-link");

            String appointmentId = page.locator("article.care-appointment").getAttribute("id").substring(2);
            Api.require(care.post("/care-appointments/" + appointmentId + "/notes", Map.of("text",
                    "Mild fever, rest for two days.", "icd10Code", "R50.9", "icd10Display", "Fever, unspecified"),
                    staff, Api.newAddress()), 201);
            page.navigate(web + "/care/appointments?lang=en");
            assertThat(page.locator(".note").innerText()).contains("Mild fever, rest for two days.");
            assertThat(page.locator(".diagnosis").innerText()).contains("R50.9", "Fever, unspecified");
            chromium.check(page, "note-and-diagnosis");

            // The doctor's day on the clinic console: the patient by name, the note, a second note with a diagnosis,
            // a prescription to the pharmacy the patient chose, and a cancellation that frees the time.
            Page console = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
            console.navigate(web + "/clinic/login?lang=en");
            console.fill("#token", staff);
            console.click("#staff-login button[type=submit]");
            console.waitForURL("**/clinic/" + clinicId);
            console.click("nav.console-nav a:has-text('Doctors')");
            console.navigate(web + "/clinic/" + clinicId + "/doctors?doctor=" + doctorId + "&date=" + day);
            String line = "#appointment-" + appointmentId;
            assertThat(console.locator("h2#day-heading").innerText()).isEqualTo("Dr Grace Hopper, appointments: 1");
            assertThat(console.locator(line + " h3").innerText()).contains("14:00", "Patient Grace", "Video consultation");
            assertThat(console.locator(line + " .notes").innerText()).contains("Mild fever", "R50.9");
            chromium.check(console, "doctors-day");

            // A code that is no ICD-10 code: care's refusal at the form, what was typed kept.
            console.click(line + " details.doctor-form:has(.note-form) summary");
            console.fill(line + " .note-form textarea[name=text]", "Fever gone; cough remains.");
            console.fill(line + " .note-form input[name=icd10Code]", "cough");
            console.fill(line + " .note-form input[name=icd10Display]", "Cough");
            console.click(line + " .note-form button[type=submit]");
            console.waitForSelector("#doctor-problem");
            assertThat(console.locator(line + " .note-form .field-error").innerText()).contains("ICD-10");
            assertThat(console.locator(line + " .note-form textarea[name=text]").inputValue()).isEqualTo("Fever gone; cough remains.");
            chromium.check(console, "note-refused");
            console.fill(line + " .note-form input[name=icd10Code]", "R05");
            console.click(line + " .note-form button[type=submit]");
            console.waitForSelector("#doctor-sent");
            assertThat(console.locator("#doctor-sent").innerText()).contains("The note is recorded");
            assertThat(console.locator(line + " .notes").innerText()).contains("Fever gone; cough remains.", "R05", "Cough");

            // A prescription before the patient chose a pharmacy: records says so; once chosen, it is signed and sent.
            String personId = Api.require(care.call("GET", "/care-appointments/" + appointmentId, null, staff,
                    Api.newAddress(), null), 200).text("personId");
            console.click(line + " details.doctor-form:has(.prescription-form) summary");
            console.fill(line + " .prescription-form input[name=medication]", "Dextromethorphan 15 mg");
            console.fill(line + " .prescription-form input[name=dosage]", "One tablet at night for five days");
            console.fill(line + " .prescription-form input[name=quantity]", "5");
            console.click(line + " .prescription-form button[type=submit]");
            console.waitForSelector("#doctor-problem");
            assertThat(console.locator("#doctor-problem").innerText()).contains("has not chosen a pharmacy");
            assertThat(console.locator(line + " .prescription-form input[name=dosage]").inputValue())
                    .isEqualTo("One tablet at night for five days");
            Api records = new Api(stack.url(Service.RECORDS), stack.url(Service.NOTIFIER),
                    stack.infrastructure().endpoints().secrets().adminApiKey(), ContractCheck.INSTANCE);
            String pharmacy = Api.require(records.post("/pharmacies", Map.of("name", "Apotek Grace " + suffix), admin,
                    Api.newAddress()), 201).text("pharmacyId");
            Api.require(records.call("PUT", "/people/" + personId + "/pharmacy", Map.of("pharmacyId", pharmacy),
                    api.login(phone, Api.newAddress()), Api.newAddress(), null), 204);
            console.click(line + " .prescription-form button[type=submit]");
            console.waitForSelector("#doctor-sent");
            assertThat(console.locator("#doctor-sent").innerText()).contains("signed and sent to the pharmacy");
            assertThat(Api.require(records.call("GET", "/patients/" + personId + "/prescriptions", null, staff,
                    Api.newAddress(), null), 200).body().findValuesAsText("medication")).containsExactly("Dextromethorphan 15 mg");

            console.click(line + " details.doctor-form:has(.doctor-cancel-form) summary");
            console.fill(line + " .doctor-cancel-form textarea[name=reason]", "The doctor is ill");
            console.click(line + " .doctor-cancel-form button[type=submit]");
            console.waitForSelector("#doctor-sent");
            assertThat(console.locator(line + " .status").innerText()).isEqualTo("Cancelled");
            assertThat(console.locator(line + " .doctor-cancel-form").count()).isZero();
            assertThat(console.locator(line + " .notes").innerText()).contains("Grace Doctor").doesNotContain("clinic:");
            chromium.check(console, "cancelled");
            CareClinic.awaitFreeSlots(care, doctorId, day, 2, Duration.ofSeconds(30));
        }
    }
}
