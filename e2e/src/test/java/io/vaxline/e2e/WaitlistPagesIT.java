package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

import org.junit.jupiter.api.Test;

/**
 * The waitlist on the web pages of the running stack (headless Chromium, Debian's): a day whose only time is
 * taken offers "Wait for a seat"; the person joins and is told their place, leaves the line, and joins again;
 * when the time frees, the notifier texts them a link to the offer, and the offer page books the held time.
 * Every page is checked with axe-core for WCAG 2.1 AA, and a screenshot of each step is written under
 * target/screenshots/waitlist.
 */
class WaitlistPagesIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "waitlist");
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private Chromium chromium;

    @Test
    void aFullDayOffersTheLineAndAFreedTimeIsOfferedByTextAndBookedFromItsLink() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        String clinic = "wait-" + System.nanoTime() % 100000;
        String admin = api.adminToken();
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinic, "name", "Waitlist Test Clinic",
                "address", "Kögatan 1", "latitude", 59.33, "longitude", 18.06, "timeZone", ZONE.getId(),
                "services", List.of("covid-19")), admin, Api.newAddress()), 201);
        // One time, one seat: the day is full as soon as someone books it.
        Api.require(api.post("/admin/clinics/" + clinic + "/sessions", Map.of("sessionId", "only", "service", "covid-19",
                "date", day.toString(), "startTime", "10:00", "endTime", "10:15", "slotMinutes", 15, "seatsPerSlot", 1,
                "reservedSeatsPerSlot", 0), admin, Api.newAddress()), 201);
        String firstAddress = Api.newAddress();
        String first = api.login(Api.newPhone(), firstAddress);
        String firstPerson = api.addPerson(first, "Early Bird", 1970);
        String firstToken = Api.require(api.call("POST", "/me/token", null, first, firstAddress, null), 200).text("token");
        String taken = book(api, firstToken, firstAddress, firstPerson, clinic, day.atTime(10, 0).atZone(ZONE).toInstant().toString());

        String web = stack.url(Service.WEB);
        try (Chromium started = Chromium.start(SHOTS)) {
            chromium = started;
            Browser browser = started.browser();
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
            String phone = Api.newPhone();
            Chromium.logIn(api, page, web, phone);
            page.click("details.add-person summary");
            page.fill("#name", "Patient Waiter");
            page.fill("#birthYear", "1965");
            page.click("details.add-person button[type=submit]");
            page.waitForURL("**/me");
            String personId = param(page.locator(".person a.button").first().getAttribute("href"), "person");
            String slots = web + "/book/slots?person=" + personId + "&clinic=" + clinic + "&date=" + day + "&lang=en";

            // The day is full (the board may take a moment to show the seat taken): the page offers the line.
            for (int i = 0; i < 40 && page.locator("form[action='/book/waitlist'] button").count() == 0; i++) {
                Api.sleep(250);
                page.navigate(slots);
            }
            assertThat(page.locator("input[name=slot]").count()).as("no free time").isZero();
            assertThat(page.locator("form[action='/book/waitlist'] button").innerText()).isEqualTo("Wait for a seat");
            check(page, "full-day-offers-the-line");

            page.click("form[action='/book/waitlist'] button");
            page.waitForSelector("p.waiting");
            assertThat(page.locator("p.waiting").innerText()).contains("You are number 1 in line");
            check(page, "in-line");

            page.click("form.leave-waitlist button");
            page.waitForSelector("p.left-waitlist");
            assertThat(page.locator("p.left-waitlist").innerText()).contains("You have left the line");
            assertThat(page.locator("form[action='/book/waitlist'] button").count()).as("may join again").isEqualTo(1);
            check(page, "left-the-line");

            page.click("form[action='/book/waitlist'] button");
            page.waitForSelector("p.waiting");
            assertThat(page.locator("p.waiting").innerText()).contains("You are number 1 in line");

            // The time frees: it is held for the first in line, who is texted a link to the offer.
            Api.Reply cancelled = api.call("DELETE", "/appointments/" + taken, null, firstToken, firstAddress,
                    "wait-cancel-" + UUID.randomUUID());
            assertThat(cancelled.status()).as("cancelled: " + cancelled.body()).isIn(200, 202);
            String link = textedOfferLink(api, phone);
            assertThat(link).contains("/offers/").contains("person=" + personId);
            page.navigate(web + link.substring(link.indexOf("/offers/")) + "&lang=en");
            page.waitForSelector("form[action^='/offers/'] button");
            check(page, "offer");
            page.click("form[action^='/offers/'] button");
            page.waitForURL("**/me?booked=*");
            assertThat(page.locator("body").innerText()).contains("Waitlist Test Clinic");
            check(page, "offer-booked");
        }
        // The seat is the waiting person's now: the first booker's is gone, and the slot is full again.
        JsonNode day0 = Api.require(api.call("GET", "/clinics/" + clinic + "/slots?date=" + day, null, null, Api.newAddress(), null),
                200).body();
        assertThat(day0.path("slots").size()).as("no free time: the offer was taken").isZero();
    }

    private static String book(Api api, String token, String address, String personId, String clinic, String slotStart) {
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("personId", personId);
        booking.put("clinicId", clinic);
        booking.put("service", "covid-19");
        booking.put("slotStart", slotStart);
        String key = "wait-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            Api.Reply reply = api.call("POST", "/appointments", booking, token, address, key);
            if (reply.status() == 201 || reply.status() == 200) {
                return reply.text("appointmentId");
            }
            assertThat(reply.status()).as("booking: " + reply.body()).isEqualTo(202);
            Api.sleep(500);
        }
        throw new AssertionError("The booking was not decided in time");
    }

    /** The offer link texted to {@code phone}, waiting up to 30 s for it. */
    private static String textedOfferLink(Api api, String phone) {
        Pattern link = Pattern.compile("(http://\\S+/offers/\\S+)");
        for (int i = 0; i < 60; i++) {
            for (JsonNode sms : api.inbox(phone)) {
                Matcher m = link.matcher(sms.path("text").asText());
                if (m.find()) {
                    return m.group(1);
                }
            }
            Api.sleep(500);
        }
        throw new AssertionError("No offer link reached " + phone);
    }

    private static String param(String href, String name) {
        Matcher m = Pattern.compile("[?&]" + name + "=([^&]+)").matcher(href);
        assertThat(m.find()).as(name + " in " + href).isTrue();
        return m.group(1);
    }

    private void check(Page page, String step) {
        chromium.check(page, step);
    }
}
