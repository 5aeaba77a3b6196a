package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

/**
 * An administrator watches the programme dashboard (headless Chromium, Debian's) while a person
 * books through the API and the clinic reports the dose on Kafka: the figures on the open page move
 * by themselves (server-sent events), without the page being loaded again. Without an
 * administrator's token the page and its stream are refused. Every view is checked with axe-core
 * for WCAG 2.1 AA, and a screenshot of each is written under target/screenshots/dashboard.
 */
class DashboardIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "dashboard");
    private static final double TIMEOUT_MS = 60_000;
    private Chromium chromium;

    @Test
    void theFiguresMoveOnTheOpenPageWhenSomeoneBooksAndIsVaccinated() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        String admin = api.adminToken();
        String web = stack.url(Service.WEB);
        LocalDate day = LocalDate.now(java.time.ZoneId.of(Clinics.ZONE)).plusDays(2);
        String clinic = Clinics.open(api, admin, day, 4, 2);
        Api.require(api.post("/admin/clinics/" + clinic + "/stock", Map.of("service", "covid-19", "delta", 10), admin,
                Api.newAddress()), 202);
        String token = api.login(Api.newPhone(), Api.newAddress());
        String personId = api.addPerson(token, "Dana Dashboard", 1980);

        assertThat(status(web + "/dashboard/events", null)).as("the stream without a token").isEqualTo(401);
        assertThat(status(web + "/dashboard/events", token)).as("the stream with a person's token").isEqualTo(403);

        try (Chromium started = Chromium.start(SHOTS)) {
            chromium = started;
            Browser browser = started.browser();
            Page stranger = browser.newContext().newPage();
            stranger.navigate(web + "/dashboard");
            assertThat(stranger.url()).as("no staff cookie").contains("/admin/login?next=/dashboard");
            BrowserContext person = browser.newContext();
            person.addCookies(List.of(new Cookie("vaxline_staff", token).setUrl(web)));
            Page notAdmin = person.newPage();
            notAdmin.navigate(web + "/dashboard");
            assertThat(notAdmin.url()).as("a person's token is not an administrator's").contains("/admin/login?next=/dashboard");

            BrowserContext administrator = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            administrator.addCookies(List.of(new Cookie("vaxline_staff", admin).setUrl(web)));
            Page page = administrator.newPage();
            page.navigate(web + "/dashboard?lang=en");
            assertThat(page.locator("h1").innerText()).isEqualTo("Programme dashboard");
            page.waitForSelector("#live:has-text('Live')");
            // The new clinic's seats and stock show once the feed has read them (the page swaps in the new layout itself).
            page.waitForSelector("[data-figure='stock-" + clinic + "-covid-19-on-hand'][data-value='10']",
                    new Page.WaitForSelectorOptions().setTimeout(TIMEOUT_MS));
            page.waitForSelector("[data-figure='free-seats-" + clinic + "-" + day + "'][data-value='8']",
                    new Page.WaitForSelectorOptions().setTimeout(TIMEOUT_MS));
            check(page, "before");
            page.evaluate("() => { window.__notReloaded = true; }");
            long bookings = figure(page, "bookings-today");
            long doses = figure(page, "doses-today");
            long vaccinated = figure(page, "people-vaccinated");
            long middleAged = figure(page, "coverage-age-40-59");

            Instant booked = Instant.now();
            Api.require(api.call("POST", "/appointments", Clinics.booking(personId, clinic, Clinics.at(day, 9, 15)), token,
                    Api.newAddress(), UUID.randomUUID().toString()), 201);
            await(page, "bookings-today", bookings + 1);
            await(page, "free-seats-" + clinic + "-" + day, 7);
            await(page, "stock-" + clinic + "-covid-19-committed", 1);
            await(page, "stock-" + clinic + "-covid-19-free", 9);
            long bookedToShown = Duration.between(booked, Instant.now()).toMillis();
            check(page, "booked");

            Instant given = Instant.now();
            try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
                kafka.send(Topics.VACCINATIONS, personId, VaccinationAdministered.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setPersonId(personId).setClinicId(clinic).setTargetDisease("840539006")
                        .setVaccineType("J07BX03").setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-DASH")
                        .setDoseNumber(1).setSeriesDoses(2).setAdministeredAt(Instant.now()).setCountry("SE")
                        .setVaccinator("vacc-1").build());
            }
            await(page, "doses-today", doses + 1);
            await(page, "people-vaccinated", vaccinated + 1);
            await(page, "coverage-age-40-59", middleAged + 1);
            long dosedToShown = Duration.between(given, Instant.now()).toMillis();
            check(page, "vaccinated");
            assertThat(page.evaluate("() => window.__notReloaded === true")).as("the page was not loaded again").isEqualTo(true);
            System.out.printf("[dashboard] booking shown after %d ms, dose shown after %d ms%n", bookedToShown, dosedToShown);

            page.setViewportSize(390, 844);
            check(page, "phone");
            fitsThePhone(page);
            page.navigate(web + "/dashboard?lang=sv");
            assertThat(page.locator("h1").innerText()).isEqualTo("Programmets översikt");
            check(page, "swedish");
            fitsThePhone(page);
            page.navigate(web + "/dashboard?lang=es");
            assertThat(page.locator("h1").innerText()).isEqualTo("Panel del programa");
            check(page, "spanish");
            fitsThePhone(page);
        }
    }

    private static void fitsThePhone(Page page) {
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than the phone's screen but the scrolling tables").isEqualTo(true);
    }

    private static long figure(Page page, String key) {
        return Long.parseLong(page.locator("[data-figure='" + key + "']").first().getAttribute("data-value"));
    }

    private static void await(Page page, String key, long value) {
        page.waitForSelector("[data-figure='" + key + "'][data-value='" + value + "']",
                new Page.WaitForSelectorOptions().setTimeout(TIMEOUT_MS));
    }

    private static int status(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Cookie", "vaxline_staff=" + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void check(Page page, String step) {
        chromium.check(page, step);
    }
}
