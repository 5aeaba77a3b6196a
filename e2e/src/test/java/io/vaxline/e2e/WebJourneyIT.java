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

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import com.microsoft.playwright.Playwright;

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
    private int shot;

    @Test
    void aPersonBooksLosesARaceMovesTheTimeAndCancelsOnTheirPhone() throws Exception {
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
        Files.createDirectories(SHOTS);
        String web = stack.url(Service.WEB);
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(System.getProperty("vaxline.chromium", "/usr/bin/chromium")))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run")))) {
            Page ada = phone(browser);
            Page bob = phone(browser);
            logIn(api, ada, web, Api.newPhone());
            addPerson(ada, "Ada Lovelace", "1980");
            addPerson(ada, "Byron Junior", String.valueOf(LocalDate.now().getYear() - 3));
            assertThat(ada.locator(".eligibility").innerText()).as("why the child cannot book yet")
                    .contains("Byron Junior can book from").contains("when they turn");
            logIn(api, bob, web, Api.newPhone());
            addPerson(bob, "Bob Dylan", "1941");

            // Both find the clinic by its town and see the same first free time.
            toSlots(ada, clinic, day);
            toSlots(bob, clinic, day);
            bob.locator("input[name=slot]").first().check();
            bob.locator("form[action='/book'] button[type=submit]").click();
            bob.waitForURL("**/me?booked=*");
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

            ada.navigate(web + "/me?lang=sv");
            assertThat(ada.locator("h1").innerText()).isEqualTo("Ditt hushåll");
            check(ada, "ada-in-swedish");
            ada.navigate(web + "/me?lang=en");
        }
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
        page.click("summary");
        page.fill("#name", name);
        page.fill("#birthYear", year);
        page.click("details button[type=submit]");
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
        Pattern code = Pattern.compile("code is (\\d{6})");
        for (int i = 0; i < 120; i++) {
            String last = null;
            for (JsonNode sms : api.inbox(phone)) {
                Matcher m = code.matcher(sms.path("text").asText());
                if (m.find()) {
                    last = m.group(1);
                }
            }
            if (last != null) {
                return last;
            }
            Api.sleep(500);
        }
        throw new AssertionError("No code reached " + phone);
    }

    private void check(Page page, String step) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(SHOTS.resolve(String.format("%02d-%s.png", ++shot, step))));
        List<Rule> serious = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze()
                .getViolations().stream().filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(serious).as(step + ": " + serious.stream().map(v -> v.getId() + " " + v.getHelpUrl()).toList()).isEmpty();
    }
}
