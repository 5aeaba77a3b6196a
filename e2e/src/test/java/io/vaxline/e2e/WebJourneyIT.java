package io.vaxline.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SelectOption;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

import org.junit.jupiter.api.Test;

/**
 * Two people on their phones (headless Chromium, Debian's) book on the web pages of the running
 * stack: both see the same free time, one takes it first, the other is told and offered the times
 * still free, in place, and books one; then cancels. Every page is checked with axe-core for WCAG
 * 2.1 AA, and a screenshot of each step is written under target/screenshots.
 */
class WebJourneyIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "web-journey");
    private Chromium chromium;

    @Test
    void aPersonBooksLosesARaceMovesTheTimeCancelsAndGetsTheCertificateOfTheDoseTheClinicRecords() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        String clinic = "web-" + System.nanoTime() % 100000;
        String admin = api.adminToken();
        LocalDate day = LocalDate.now().plusDays(2);
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinic, "name", "Web Test Clinic " + clinic,
                "address", "Testgatan 1, Webby", "latitude", 59.33, "longitude", 18.06, "timeZone", "Europe/Stockholm",
                "services", List.of("covid-19")), admin, Api.newAddress()), 201);
        Api.require(api.post("/admin/clinics/" + clinic + "/sessions", Map.of("sessionId", "one", "service", "covid-19",
                "date", day.toString(), "startTime", "10:00", "endTime", "11:00", "slotMinutes", 15, "seatsPerSlot", 1,
                "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
        // covid-19 as two doses, 21 days apart at least and 28 recommended, while this journey runs: the other
        // journeys book it as one dose, so it is one dose again at the end.
        Api.require(api.call("PUT", "/services/covid-19", Map.of("doses", 2, "minIntervalDays", 21,
                "recommendedIntervalDays", 28), admin, Api.newAddress(), null), 200);
        Api.require(api.post("/admin/clinics/" + clinic + "/sessions", Map.of("sessionId", "dose-two", "service", "covid-19",
                "date", day.plusDays(28).toString(), "startTime", "10:00", "endTime", "11:00", "slotMinutes", 15,
                "seatsPerSlot", 1, "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
        String web = stack.url(Service.WEB);
        try {
            journey(api, stack, clinic, admin, day, web);
        } finally {
            Api.require(api.call("PUT", "/services/covid-19", Map.of("doses", 1), admin, Api.newAddress(), null), 200);
        }
    }

    private void journey(Api api, VaxlineStack stack, String clinic, String admin, LocalDate day, String web) throws Exception {
        try (Chromium started = Chromium.start(SHOTS)) {
            chromium = started;
            Browser browser = started.browser();
            // The programme team watches the dashboard from the start; its figures move by themselves.
            BrowserContext programme = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            programme.addCookies(List.of(new Cookie("vaxline_staff", admin).setUrl(web)));
            Page dashboard = programme.newPage();
            dashboard.navigate(web + "/dashboard?lang=en");
            long bookingsBefore = figure(dashboard, "bookings-today");
            long dosesBefore = figure(dashboard, "doses-today");
            check(dashboard, "dashboard-before");

            Page ada = phone(browser);
            // Bob lets the page use his phone's location; Ada picks her town from the list.
            Page bob = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setGeolocation(59.3301, 18.0601).setPermissions(List.of("geolocation"))).newPage();
            String adasPhone = Api.newPhone();
            logIn(api, ada, web, adasPhone);
            addPerson(ada, "Ada Lovelace", "1980");
            addPerson(ada, "Byron Junior", String.valueOf(LocalDate.now().getYear() - 3));
            assertThat(ada.locator(".eligibility").innerText()).as("why the child cannot book yet")
                    .contains("Byron Junior can book from").contains("when they turn");
            String bobsPhone = Api.newPhone();
            logIn(api, bob, web, bobsPhone);
            addPerson(bob, "Bob Dylan", "1941");

            // Both find the clinic by its town and see the same first free time.
            toSlots(ada, clinic, day);
            bob.locator(".person a.button").first().click();
            bob.waitForURL("**/book?*");
            bob.fill("#date", day.toString());
            bob.click("#locate");
            bob.waitForURL(url -> url.contains("near=59.3301%2C18.0601") || url.contains("near=59.3301,18.0601"));
            assertThat(bob.locator("a[href*='clinic=" + clinic + "']").innerText()).contains("Web Test Clinic");
            check(bob, "clinics-near-bob");
            bob.locator("a[href*='clinic=" + clinic + "']").click();
            bob.waitForURL("**/book/slots?*");
            bob.locator("input[name=slot]").first().check();
            bob.locator("form[action='/book'] button[type=submit]").click();
            bob.waitForURL("**/me?booked=*");
            // Dose 1 booked alone: the page offers dose 2 on the recommended day, four weeks on.
            assertThat(bob.locator(".next-dose").innerText()).contains("dose 2");
            assertThat(bob.locator(".next-dose a.button").getAttribute("href")).contains("date=" + day.plusDays(28));
            check(bob, "bob-booked");

            int seen = ada.locator("input[name=slot]").count();
            ada.locator("input[name=slot]").first().check();
            ada.locator("form[action='/book'] button[type=submit]").click();
            ada.waitForSelector("p.error[role=alert]");
            assertThat(ada.locator("p.error[role=alert]").innerText()).contains("just taken");
            check(ada, "ada-told-the-time-was-taken");
            assertThat(ada.locator("input[name=slot]").count()).as("the free times offered in place").isEqualTo(seen - 1);

            ada.locator("input[name=slot]").first().check();
            ada.locator("form[action='/book'] button[type=submit]").click();
            ada.waitForURL("**/me?booked=*");
            check(ada, "ada-booked");
            atLeast(dashboard, "bookings-today", bookingsBefore + 2);
            check(dashboard, "dashboard-after-two-bookings");
            Locator booked = ada.locator("li.appointment.BOOKED");
            assertThat(booked.innerText()).contains("Confirmation code:").contains("10:15").contains("Web Test Clinic");
            String firstCode = booked.locator(".code").innerText();

            // A calendar file of the appointment.
            Download ics = ada.waitForDownload(() -> booked.locator("a[href$='.ics']").click());
            String calendar = Files.readString(ics.path());
            assertThat(calendar).contains("BEGIN:VEVENT", "DTSTART:", "Web Test Clinic", firstCode);

            // Moving it to another time keeps one appointment, with a new code.
            booked.locator("a.reschedule").click();
            ada.waitForURL("**/book?*reschedule=*");
            chooseClinic(ada, clinic, day);
            check(ada, "ada-choosing-a-new-time");
            ada.locator("input[name=slot]").last().check();
            ada.locator("form[action='/book'] button[type=submit]").click();
            ada.waitForURL("**/me?moved=*");
            check(ada, "ada-moved");
            assertThat(ada.locator("li.appointment.BOOKED")).hasCount(1);
            assertThat(ada.locator("li.appointment.BOOKED").innerText()).contains("10:45");

            // Bob cancels his.
            bob.locator("li.appointment.BOOKED button.cancel").click();
            bob.waitForURL("**/me?cancelled=*");
            assertThat(bob.locator("li.appointment.BOOKED")).hasCount(0);
            check(bob, "bob-cancelled");

            // The move's text carries a link that moves the appointment again, without logging in: opened in
            // another browser, it shows the appointment and the day's free times; Ada picks the last one.
            String moveLink = textedLink(api, adasPhone, "has moved to", "Move");
            assertThat(moveLink).matches("http://\\S+/a/[A-Za-z0-9_-]{44}");
            Page linked = phone(browser);
            linked.navigate(moveLink);
            linked.waitForSelector("form[action$='/move']");
            assertThat(linked.locator("section.appointment").innerText()).contains("10:45").contains("Web Test Clinic");
            check(linked, "move-link");
            linked.locator("input[name=slot]").last().check();
            linked.locator("form[action$='/move'] button[type=submit]").click();
            linked.waitForSelector("p.ok[role=status]");
            assertThat(linked.locator("section.appointment").innerText()).contains("10:30");
            check(linked, "moved-by-link");
            // Bob's confirmation carried a cancellation link; he cancelled already, and the link says so.
            String bobsCancel = textedLink(api, bobsPhone, "is booked for", "Cancel");
            linked.navigate(bobsCancel);
            linked.waitForSelector("section.appointment.CANCELLED");
            assertThat(linked.locator("form[action^='/a/']")).hasCount(0);
            check(linked, "cancel-link-already-cancelled");
            // A changed link is refused plainly.
            linked.navigate(bobsCancel.substring(0, bobsCancel.length() - 2) + (bobsCancel.endsWith("AA") ? "BB" : "AA"));
            assertThat(linked.locator("p.error[role=alert]").innerText()).contains("does not work");
            check(linked, "changed-link");

            // Bob books both doses at once: a time today and one on the day offered for dose 2.
            String bobsId = bob.locator(".person").first().getAttribute("data-person");
            bob.navigate(web + "/book/slots?person=" + bobsId + "&clinic=" + clinic + "&date=" + day);
            assertThat(bob.locator("fieldset.follow-up legend").innerText()).contains("Dose 2");
            bob.locator("input[name=slot]").first().check();
            bob.locator("fieldset.follow-up input[name=followUp]").nth(1).check();
            check(bob, "bob-choosing-both-doses");
            bob.locator("form[action='/book'] button[type=submit]").click();
            bob.waitForURL("**/me?booked=*");
            assertThat(bob.locator("li.appointment.BOOKED")).hasCount(2);
            assertThat(bob.locator(".next-dose")).hasCount(0);
            check(bob, "bob-booked-both-doses");

            ada.navigate(web + "/me?lang=sv");
            assertThat(ada.locator("h1").innerText()).isEqualTo("Ditt hushåll");
            check(ada, "ada-in-swedish");
            ada.navigate(web + "/me?lang=en");
            String adasCode = ada.locator("li.appointment.BOOKED .code").innerText();

            // At the clinic: the nurse finds Ada on the day's roster and records the dose.
            String staffToken = Api.require(api.post("/admin/clinics/" + clinic + "/staff-tokens",
                    Map.of("staffName", "Nurse Joy"), admin, Api.newAddress()), 200).text("token");
            Page desk = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
            desk.navigate(web + "/clinic/login?lang=en");
            desk.fill("#token", staffToken);
            desk.click("#staff-login button[type=submit]");
            desk.waitForURL("**/clinic/" + clinic);
            desk.fill("#date", day.toString());
            desk.fill("#q", "Lovelace");
            desk.click("#roster-filter button[type=submit]");
            desk.waitForURL("**q=Lovelace");
            assertThat(desk.locator(".roster-line")).hasCount(1);
            assertThat(desk.locator(".roster-line").getAttribute("data-code")).isEqualTo(adasCode);
            check(desk, "clinic-finds-ada");
            desk.click(".roster-line[data-code='" + adasCode + "'] a.record-dose");
            desk.waitForSelector("#dose-form");
            desk.selectOption("#product", "EU/1/20/1528");
            desk.fill("#lot", "FK1234");
            desk.click("#dose-form button[type=submit]");
            desk.waitForSelector("#outcome[data-outcome=published]");
            check(desk, "clinic-recorded-the-dose");

            atLeast(dashboard, "doses-today", dosesBefore + 1);
            check(dashboard, "dashboard-after-the-dose");

            // Ada sees the certificate on her phone: the QR on screen, and the PDF.
            Locator certificateLink = ada.locator(".certificate-link a");
            for (int i = 0; i < 60 && certificateLink.count() == 0; i++) {
                Api.sleep(1000);
                ada.reload();
            }
            assertThat(certificateLink).hasCount(1);
            check(ada, "ada-has-a-certificate");
            certificateLink.click();
            ada.waitForURL("**/certificates/*");
            assertThat(ada.locator("svg.qr")).isVisible();
            assertThat(ada.locator(".facts").innerText()).contains("Ada", "Lovelace", "URN:UVCI:");
            check(ada, "ada-certificate");
            Download pdf = ada.waitForDownload(() -> ada.locator("a[href$='.pdf']").click());
            assertThat(Files.readAllBytes(pdf.path())).startsWith("%PDF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            // The link texted to Ada's phone, opened in a browser that is not logged in: code, then the certificate.
            String texted = textedCertificateLink(api, adasPhone);
            Page elsewhere = phone(browser);
            elsewhere.navigate(texted);
            elsewhere.waitForSelector("#phone");
            int codesBefore = codes(api, adasPhone).size();
            elsewhere.fill("#phone", adasPhone);
            elsewhere.click("button[type=submit]");
            elsewhere.waitForSelector("#code");
            elsewhere.fill("#code", newCode(api, adasPhone, codesBefore));
            elsewhere.click("button[type=submit]");
            elsewhere.waitForURL("**/certificates/*");
            assertThat(elsewhere.locator("svg.qr")).isVisible();
            check(elsewhere, "texted-link-after-login");

            // Ada corrects her name and birth date from the household page, with the keyboard: a bad year is
            // named, then the correction re-issues her certificate and revokes the old one.
            ada.navigate(web + "/me?lang=en");
            String oldCertificate = ada.locator(".certificate-link a").getAttribute("href");
            Locator adasCard = ada.locator("li.person").filter(new Locator.FilterOptions().setHasText("Ada Lovelace"));
            adasCard.locator("details.correct summary").press("Enter");
            adasCard.locator("input[name=birthYear]").fill("1800");
            adasCard.locator("input[name=birthYear]").press("Enter");
            ada.waitForSelector("p.error[role=alert]");
            assertThat(ada.locator("p.error[role=alert]").innerText()).contains("birthYear");
            adasCard = ada.locator("li.person").filter(new Locator.FilterOptions().setHasText("Ada Lovelace"));
            assertThat(adasCard.locator("details.correct")).hasAttribute("open", "");
            check(ada, "ada-correction-refused");
            adasCard.locator("input[name=name]").fill("Ada King-Lovelace");
            adasCard.locator("input[name=birthDate]").fill("1980-12-10");
            adasCard.locator("input[name=reason]").fill("my married name");
            adasCard.locator("input[name=reason]").press("Enter");
            ada.waitForURL("**/me?corrected=*");
            assertThat(ada.locator("#corrected")).isVisible();
            check(ada, "ada-corrected");
            Locator reissued = ada.locator(".certificate-link a");
            for (int i = 0; i < 60 && oldCertificate.equals(reissued.getAttribute("href")); i++) {
                Api.sleep(1000);
                ada.reload();
            }
            assertThat(reissued).hasCount(1);
            reissued.click();
            ada.waitForURL("**/certificates/*");
            assertThat(ada.locator(".facts").innerText()).contains("Ada", "King-Lovelace", "VALID");
            check(ada, "ada-reissued-certificate");
            ada.navigate(web + oldCertificate);
            assertThat(ada.locator(".facts").innerText()).contains("Lovelace", "REVOKED").doesNotContain("King");
        }
    }

    private static long figure(Page page, String key) {
        return Long.parseLong(page.locator("[data-figure='" + key + "']").first().getAttribute("data-value"));
    }

    /** Waits, without reloading the page, until the dashboard's figure reaches at least {@code value}. */
    private static void atLeast(Page page, String key, long value) {
        page.waitForFunction("([key, value]) => Number(document.querySelector(`[data-figure='${key}']`)?.dataset.value) >= value",
                List.of(key, (double) value), new Page.WaitForFunctionOptions().setTimeout(60_000));
    }

    private static String textedCertificateLink(Api api, String phone) {
        Pattern link = Pattern.compile("(http://\\S+/certificates/\\S+)");
        for (int i = 0; i < 60; i++) {
            for (JsonNode sms : api.inbox(phone)) {
                Matcher m = link.matcher(sms.path("text").asText());
                if (m.find()) {
                    return m.group(1);
                }
            }
            Api.sleep(500);
        }
        throw new AssertionError("No certificate link reached " + phone);
    }

    /** The link after {@code label} ("Move" or "Cancel") in the text to {@code phone} that contains {@code words}. */
    private static String textedLink(Api api, String phone, String words, String label) {
        Pattern link = Pattern.compile(label + ": (http://\\S+/a/[A-Za-z0-9_-]+)");
        for (int i = 0; i < 60; i++) {
            for (JsonNode sms : api.inbox(phone)) {
                String text = sms.path("text").asText();
                Matcher m = link.matcher(text);
                if (text.contains(words) && m.find()) {
                    return m.group(1);
                }
            }
            Api.sleep(500);
        }
        throw new AssertionError("No text with '" + words + "' and a " + label + " link reached " + phone);
    }

    private static List<String> codes(Api api, String phone) {
        Pattern code = Pattern.compile("code is (\\d{6})");
        List<String> found = new java.util.ArrayList<>();
        for (JsonNode sms : api.inbox(phone)) {
            Matcher m = code.matcher(sms.path("text").asText());
            if (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    private static String newCode(Api api, String phone, int before) {
        for (int i = 0; i < 120; i++) {
            List<String> codes = codes(api, phone);
            if (codes.size() > before) {
                return codes.get(codes.size() - 1);
            }
            Api.sleep(500);
        }
        throw new AssertionError("No new code reached " + phone);
    }

    private static Page phone(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setAcceptDownloads(true)).newPage();
    }

    private void logIn(Api api, Page page, String web, String phone) {
        page.navigate(web + "/?lang=en");
        check(page, "login");
        page.fill("#phone", phone);
        page.click("button[type=submit]");
        page.waitForSelector("#code");
        check(page, "code");
        page.fill("#code", code(api, phone));
        page.click("button[type=submit]");
        page.waitForURL("**/me");
    }

    private void addPerson(Page page, String name, String year) {
        page.click("details.add-person summary");
        page.fill("#name", name);
        page.fill("#birthYear", year);
        page.click("details.add-person button[type=submit]");
        page.waitForURL("**/me");
        assertThat(page.locator(".person").allInnerTexts()).anySatisfy(text -> assertThat(text).contains(name));
        check(page, "household");
    }

    /** From the household page: Book for the first person, pick the day and the clinic's town, then the clinic. */
    private void toSlots(Page page, String clinic, LocalDate day) {
        page.locator(".person a.button").first().click();
        page.waitForURL("**/book?*");
        chooseClinic(page, clinic, day);
        check(page, "slots");
    }

    private void chooseClinic(Page page, String clinic, LocalDate day) {
        page.fill("#date", day.toString());
        page.locator("form.search button[type=submit]").click();
        page.waitForURL(url -> url.contains("date=" + day));
        page.selectOption("#near", new SelectOption().setLabel("Webby"));
        page.locator("form.search button[type=submit]").click();
        page.waitForURL(url -> url.contains("near=59"));
        check(page, "clinics");
        page.locator("a[href*='clinic=" + clinic + "']").click();
        page.waitForURL("**/book/slots?*");
    }

    private static String code(Api api, String phone) {
        return newCode(api, phone, 0);
    }

    private void check(Page page, String step) {
        chromium.check(page, step);
    }
}
