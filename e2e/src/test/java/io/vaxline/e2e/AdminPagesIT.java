package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

import org.junit.jupiter.api.Test;

/**
 * An administrator at a desk (headless Chromium, Debian's) runs the drive from the web pages of the
 * running stack, over booking-api's API only: logs in with the API key (a wrong key first, told
 * plainly), registers a clinic (a wrong latitude first: the API's answer beside the field, what was
 * typed kept), issues a staff token, changes the clinic, marks a priority occupation, uploads a small
 * patient list with one bad row and follows it to booking-api's counts, previews the cohort and its
 * cost, creates and launches a campaign, sees the funnel fill, makes a report and sends a follow-up
 * wave; the overview in Swedish and a page on a phone too. Every page is checked with axe-core for
 * WCAG 2.1 AA, and a screenshot of each step is written under target/screenshots/admin.
 */
class AdminPagesIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "admin");
    private Chromium chromium;
    /** An invited patient's phone, whose invitation link the test follows. */
    private final String adasPhone = Api.newPhone();

    @Test
    void anAdministratorRegistersAClinicIssuesATokenAndLaunchesAnOutreachCampaign() throws Exception {
        VaxlineStack stack = RunningStack.get();
        String apiKey = stack.infrastructure().endpoints().secrets().adminApiKey();
        String web = stack.url(Service.WEB);
        long n = System.nanoTime() % 100000;
        String clinic = "admin-" + n;
        String postcode = "ADM" + n;
        Path list = Files.createTempFile("patients-", ".csv");
        Files.writeString(list, "patient_ref,given_name,family_name,birth_date,phone,email,postcode,conditions,language\n"
                + "adm-" + n + "-1,Ada,Lovelace,1950-04-30," + adasPhone + ",," + postcode + ",diabetes,en\n"
                + "adm-" + n + "-2,Grace,Hopper,1946-12-09," + Api.newPhone() + ",," + postcode + ",asthma,sv\n"
                + "adm-" + n + "-3,Alan,Turing,1952-06-23,,alan" + n + "@example.org," + postcode + ",,en\n"
                + "adm-" + n + "-4,Bad,Date,1950-02-30," + Api.newPhone() + ",," + postcode + ",,en\n");
        try (Chromium started = Chromium.start(SHOTS)) {
            chromium = started;
            Browser browser = started.browser();
            Page admin = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
            try {
                runTheDrive(admin, browser, web, apiKey, n, clinic, postcode, list);
            } catch (RuntimeException | AssertionError e) {
                admin.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SHOTS.resolve("failed.png")));
                Files.writeString(SHOTS.resolve("failed.html"), admin.url() + "\n" + admin.content());
                throw e;
            }
        } finally {
            Files.deleteIfExists(list);
        }
    }

    private void runTheDrive(Page admin, Browser browser, String web, String apiKey, long n, String clinic, String postcode,
            Path list) {
        // A page of the administration sends to the login, which comes back to it.
        admin.navigate(web + "/admin/clinics");
        admin.waitForURL("**/admin/login?next=*");
        check(admin, "login");
        admin.fill("#apiKey", "not-the-key");
        admin.click("form.admin-form button[type=submit]");
        admin.waitForSelector(".problem[role=alert]");
        assertThat(admin.locator(".problem").innerText()).contains("not right");
        check(admin, "login-wrong-key");
        admin.fill("#apiKey", apiKey);
        admin.click("form.admin-form button[type=submit]");
        admin.waitForURL("**/admin/clinics");
        check(admin, "clinics");

        // Register a clinic: booking-api refuses a latitude of 100, said beside the field, nothing typed lost.
        admin.fill("#clinicId", clinic);
        admin.fill("#name", "Admin Test Clinic " + n);
        admin.fill("#address", "Testgatan 2, Stockholm");
        admin.fill("#latitude", "100");
        admin.fill("#longitude", "18.07");
        admin.click("#register-form button[type=submit]");
        admin.waitForSelector("#latitude-error");
        assertThat(admin.inputValue("#name")).isEqualTo("Admin Test Clinic " + n);
        assertThat(admin.locator("#latitude").getAttribute("aria-invalid")).isEqualTo("true");
        check(admin, "clinic-refused");
        admin.fill("#latitude", "59.31");
        admin.click("#register-form button[type=submit]");
        admin.waitForURL("**/admin/clinics/" + clinic + "?registered=1");
        check(admin, "clinic-registered");

        // A staff token, shown once with its expiry.
        admin.fill("#staffName", "Vera Vaccinator");
        admin.click("form[action$='/staff-tokens'] button[type=submit]");
        admin.waitForSelector("#token");
        assertThat(admin.inputValue("#token")).matches("[A-Za-z0-9._-]{40,}");
        assertThat(admin.locator("#token-expiry").innerText()).contains("UTC");
        check(admin, "staff-token");

        // Change the clinic: every field is sent again (PUT).
        admin.navigate(web + "/admin/clinics/" + clinic);
        admin.fill("#name", "Admin Test Clinic " + n + " (renamed)");
        admin.fill("#address", "Testgatan 3, Stockholm");
        admin.fill("#latitude", "59.32");
        admin.fill("#longitude", "18.08");
        admin.click("form[action='/admin/clinics/" + clinic + "'] button[type=submit]");
        admin.waitForURL("**/admin/clinics/" + clinic + "?updated=1");
        check(admin, "clinic-changed");

        // A priority occupation.
        admin.navigate(web + "/admin/priority-occupations");
        admin.fill("#code", "occ-" + n);
        admin.fill("#description", "Care home staff " + n);
        admin.click("form[action='/admin/priority-occupations'] button[type=submit]");
        admin.waitForURL("**/admin/priority-occupations?done=added");
        assertThat(admin.locator(".admin-list").innerText()).contains("occ-" + n);
        check(admin, "occupations");

        // A service's dose series: a bad interval is named beside its field, then the series is defined and listed.
        admin.navigate(web + "/admin/services");
        admin.fill("#service", "measles-" + n);
        admin.fill("#doses", "2");
        admin.fill("#minIntervalDays", "28");
        admin.fill("#recommendedIntervalDays", "7");
        admin.click("#service-form button[type=submit]");
        admin.waitForSelector(".problem, .field-error");
        assertThat(admin.inputValue("#doses")).as("what was typed is kept").isEqualTo("2");
        assertThat(admin.locator("#recommendedIntervalDays-error").innerText()).as("named next to its field")
                .contains("recommendedIntervalDays must not be shorter than minIntervalDays");
        assertThat(admin.getAttribute("#recommendedIntervalDays", "aria-invalid")).isEqualTo("true");
        check(admin, "service-refused");
        admin.fill("#recommendedIntervalDays", "35");
        admin.click("#service-form button[type=submit]");
        admin.waitForURL("**/admin/services?done=defined");
        for (int i = 0; i < 20 && admin.locator("li[data-service='measles-" + n + "']").count() == 0; i++) {
            io.vaxline.devstack.client.Api.sleep(250);
            admin.reload();
        }
        assertThat(admin.locator("li[data-service='measles-" + n + "']").innerText()).contains("2 doses").contains("28 days");
        check(admin, "services");

        // A patient list: sent, passed on, and booking-api's counts with the rejected row.
        admin.navigate(web + "/admin/outreach/patient-lists");
        check(admin, "upload-form");
        admin.fill("#name", "admin-test-" + n);
        admin.setInputFiles("#file", list);
        admin.click("#upload-form button[type=submit]");
        admin.waitForURL("**/admin/outreach/uploads/*");
        admin.waitForSelector(".answer", new Page.WaitForSelectorOptions().setTimeout(60_000));
        String counts = admin.locator(".answer").innerText();
        assertThat(counts).contains("DONE");
        assertThat(admin.locator("table").innerText()).contains("birth_date");
        check(admin, "upload-done");

        // The cohort and its cost, then the campaign.
        admin.navigate(web + "/admin/outreach");
        admin.fill("#postcodePrefixes", postcode);
        admin.click("button[formaction='/admin/outreach/cohort-preview']");
        admin.waitForSelector(".answer");
        assertThat(admin.locator(".answer dd").first().innerText()).isEqualTo("3");
        assertThat(admin.inputValue("#postcodePrefixes")).isEqualTo(postcode);
        check(admin, "cohort-preview");
        admin.fill("#name", "Autumn boosters " + n);
        admin.fill("#message", "Time for your booster: book at your nearest clinic.");
        admin.fill("#questions", "allergy | Any allergies? | YES_NO | | required");
        admin.click("form[action='/admin/outreach/campaigns'] > fieldset:nth-of-type(2) button[type=submit]");
        admin.waitForURL("**/admin/outreach/campaigns/*?answered=created-201");
        check(admin, "campaign-created");
        admin.click("form[action$='/launch'] button");
        admin.waitForURL("**?answered=launch-202");
        check(admin, "campaign-launched");
        for (int i = 0; i < 60 && !admin.locator("ol.funnel li").first().innerText().endsWith("3"); i++) {
            Api.sleep(1000);
            admin.reload();
        }
        assertThat(admin.locator("ol.funnel li").first().innerText()).endsWith("3");
        check(admin, "funnel");

        // The invited person's link opens the invitation page, whose "Book" leads to the booking pages.
        Page invited = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
        invited.navigate(invitationLink(new Api(RunningStack.get()), adasPhone));
        invited.click("a.book");
        invited.waitForURL(web + "/");
        assertThat(invited.locator("#phone").isVisible()).as("the booking pages' login").isTrue();
        check(invited, "invitation-book-leads-to-booking");
        admin.click("form[action$='/reports'] button");
        admin.waitForURL("**?answered=reports-201");
        assertThat(admin.locator("a[href$='.csv']").first().getAttribute("href")).contains("/reports/");
        check(admin, "report");
        admin.click("form[action$='/follow-up'] button");
        admin.waitForSelector("p.ok[role=status], .problem[role=alert]");
        check(admin, "follow-up");
        assertThat(admin.url()).contains("answered=follow-up-202");

        admin.navigate(web + "/admin?lang=sv");
        assertThat(admin.locator("h1").innerText()).isEqualTo("Administration");
        check(admin, "home-in-swedish");
        admin.navigate(web + "/admin?lang=en");

        Page phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
        phone.navigate(web + "/admin/login?next=/admin/outreach");
        phone.fill("#apiKey", apiKey);
        phone.click("form.admin-form button[type=submit]");
        phone.waitForURL("**/admin/outreach");
        check(phone, "outreach-on-a-phone");
    }

    private static String invitationLink(Api api, String phone) {
        java.util.regex.Pattern link = java.util.regex.Pattern.compile("(http://\\S+/o/\\S+)");
        for (int i = 0; i < 60; i++) {
            for (com.fasterxml.jackson.databind.JsonNode sms : api.inbox(phone)) {
                java.util.regex.Matcher m = link.matcher(sms.path("text").asText());
                if (m.find()) {
                    return m.group(1);
                }
            }
            Api.sleep(500);
        }
        throw new AssertionError("No invitation reached " + phone);
    }

    private void check(Page page, String step) {
        chromium.check(page, step);
    }
}
