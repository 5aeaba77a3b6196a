package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.vaxline.devstack.client.Api;

/**
 * Debian's Chromium (or {@code -Dvaxline.chromium}), headless, driven by Playwright without its
 * browser download; and each step of a journey: a full-page screenshot under {@code target/screenshots}
 * and axe-core's WCAG 2.1 A/AA rules, of which no serious or critical one may be broken.
 */
final class Chromium implements AutoCloseable {

    private final Playwright playwright;
    private final Browser browser;
    private final Path shots;
    private int shot;

    private Chromium(Path shots) {
        this.shots = shots;
        this.playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("vaxline.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run")));
    }

    /** Starts the browser; the folder keeps only this run's screenshots, so a renamed step leaves no stale picture. */
    static Chromium start(Path shots) throws IOException {
        if (Files.isDirectory(shots)) {
            try (var old = Files.list(shots)) {
                for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                    Files.delete(png);
                }
            }
        }
        Files.createDirectories(shots);
        return new Chromium(shots);
    }

    Browser browser() {
        return browser;
    }

    void check(Page page, String step) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(shots.resolve(String.format("%02d-%s.png", ++shot, step))));
        // Legacy mode runs axe-core in the page itself. The default runs it per frame and then finishes in a
        // new blank page of the context, which took 2.8 s a check here against 0.8 s, for the same rules;
        // it is only needed for cross-origin frames, and no Vaxline page has a frame.
        List<Rule> serious = new AxeBuilder(page).setLegacyMode(true).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze()
                .getViolations().stream().filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(serious).as(step + ": " + serious.stream().map(v -> v.getId() + " " + v.getHelpUrl()).toList()).isEmpty();
    }

    /** Logs in on the web's start page as the person with {@code phone} would: the code is read from their texts. */
    static void logIn(Api api, Page page, String web, String phone) {
        page.navigate(web + "/?lang=en");
        Instant asked = Instant.now();
        page.fill("#phone", phone);
        page.click("button[type=submit]");
        page.waitForSelector("#code");
        page.fill("#code", api.awaitCode(phone, asked));
        page.click("button[type=submit]");
        page.waitForURL("**/me");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
