package io.vaxline.e2e;

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
import com.microsoft.playwright.Page;
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
    void twoPeopleRaceForTheLastTimeAndTheSlowerOneIsOfferedWhatIsLeft() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        String clinic = "web-" + System.nanoTime() % 100000;
        String admin = api.adminToken();
        LocalDate day = LocalDate.now().plusDays(2);
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinic, "name", "Web Test Clinic " + clinic,
                "address", "Testgatan 1", "latitude", 59.33, "longitude", 18.06, "timeZone", "Europe/Stockholm",
                "services", List.of("covid-19")), admin, Api.newAddress()), 201);
        Api.require(api.post("/admin/clinics/" + clinic + "/sessions", Map.of("sessionId", "one", "service", "covid-19",
                "date", day.toString(), "startTime", "10:00", "endTime", "10:30", "slotMinutes", 15, "seatsPerSlot", 1,
                "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
        Files.createDirectories(SHOTS);
        String web = stack.url(Service.WEB);
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(System.getProperty("vaxline.chromium", "/usr/bin/chromium")))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run")))) {
            Page ada = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
            Page bob = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
            logIn(api, ada, web, Api.newPhone());
            addPerson(ada, "Ada Lovelace", "1980");
            logIn(api, bob, web, Api.newPhone());
            addPerson(bob, "Bob Dylan", "1941");
            toSlots(ada, web, clinic, day);
            toSlots(bob, web, clinic, day);

            bob.locator("input[name=slot]").first().check();
            bob.locator("form[action='/book'] button[type=submit]").click();
            bob.waitForURL("**/me?booked=*");
            check(bob, "bob-booked");

            int seen = ada.locator("input[name=slot]").count();
            ada.locator("input[name=slot]").first().check();
            ada.locator("form[action='/book'] button[type=submit]").click();
            ada.waitForSelector("p.error[role=alert]");
            check(ada, "ada-told-the-time-was-taken");
            assertThat(ada.locator("input[name=slot]").count()).as("the free times offered in place").isEqualTo(seen - 1);

            ada.locator("input[name=slot]").first().check();
            ada.locator("form[action='/book'] button[type=submit]").click();
            ada.waitForURL("**/me?booked=*");
            check(ada, "ada-booked");
            assertThat(ada.locator("li.BOOKED").innerText()).contains("Confirmation code:");
            ada.locator("form.inline button").first().click();
            ada.waitForURL("**/me");
            check(ada, "ada-cancelled");
            ada.navigate(web + "/me?lang=sv");
            assertThat(ada.locator("h1").innerText()).isEqualTo("Ditt hushåll");
            check(ada, "ada-in-swedish");
        }
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
        assertThat(page.locator(".person").innerText()).contains(name);
        check(page, "household");
    }

    private void toSlots(Page page, String web, String clinic, LocalDate day) {
        String person = page.locator("a.button").first().getAttribute("href").replaceAll(".*person=", "");
        page.navigate(web + "/book/slots?person=" + person + "&clinic=" + clinic + "&date=" + day);
        check(page, "slots");
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
