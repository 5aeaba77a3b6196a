package io.vaxline.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PagesTest {

    @Test
    void aLoginLeadsOnlyToAPathOfThisSite() {
        assertThat(Pages.local("/certificates/1f1ce435-aa")).contains("/certificates/1f1ce435-aa");
        assertThat(Pages.local("/me?booked=1")).contains("/me?booked=1");
        assertThat(Pages.local("//evil.example/x")).isEmpty();
        assertThat(Pages.local("https://evil.example/")).isEmpty();
        assertThat(Pages.local("/\\evil.example")).isEmpty();
        assertThat(Pages.local("/me\r\nSet-Cookie: x=1")).isEmpty();
        assertThat(Pages.local(null)).isEmpty();
    }

    @Test
    void theQrCodeIsAnSvgOfDarkModulesWithItsLabel() {
        String svg = Qr.svg("HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE", "QR \"code\"");
        assertThat(svg).startsWith("<svg").contains("aria-label=\"QR &quot;code&quot;\"", "<path fill=\"#000\" d=\"M");
    }
}
