package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;

import com.microsoft.playwright.Page;

import org.junit.jupiter.api.Test;

/** The accessibility check every journey step runs ({@link Chromium#check}) refuses a page that breaks a serious rule. */
class AccessibilityCheckTest {

    private static final String PAGE = """
            <!doctype html><html lang="en"><head><title>Check</title></head>
            <body><main><h1>Check</h1>%s</main></body></html>""";

    @Test
    void aSeriousViolationFailsTheStepAndACleanPagePasses() throws Exception {
        try (Chromium chromium = Chromium.start(Path.of("target", "screenshots", "accessibility-check"));
                var context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.setContent(PAGE.formatted("<p>Nothing wrong here.</p>"));
            assertThatCode(() -> chromium.check(page, "clean")).doesNotThrowAnyException();

            page.setContent(PAGE.formatted("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><button></button>"));
            assertThatThrownBy(() -> chromium.check(page, "broken"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("image-alt")
                    .hasMessageContaining("button-name");
        }
    }
}
