package io.vaxline.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NextPathTest {

    @Test
    void localPathsAreKept() {
        assertThat(NextPath.safe("/dashboard")).isEqualTo("/dashboard");
        assertThat(NextPath.safe("/clinic/sodermalm?date=2026-11-30")).isEqualTo("/clinic/sodermalm?date=2026-11-30");
        assertThat(NextPath.safe("/admin/outreach")).isEqualTo("/admin/outreach");
    }

    @Test
    void anythingElseGoesToTheAdministrationHome() {
        assertThat(NextPath.safe(null)).isEqualTo("/admin");
        assertThat(NextPath.safe("")).isEqualTo("/admin");
        assertThat(NextPath.safe("https://evil.example/")).isEqualTo("/admin");
        assertThat(NextPath.safe("//evil.example/")).isEqualTo("/admin");
        assertThat(NextPath.safe("/\\evil.example/")).isEqualTo("/admin");
        assertThat(NextPath.safe("/x\\y")).isEqualTo("/admin");
        assertThat(NextPath.safe("javascript:alert(1)")).isEqualTo("/admin");
        assertThat(NextPath.safe("dashboard")).isEqualTo("/admin");
        assertThat(NextPath.safe("/ok\r\nSet-Cookie: x=1")).isEqualTo("/admin");
        assertThat(NextPath.safe("/\tevil")).isEqualTo("/admin");
        assertThat(NextPath.safe("/" + "a".repeat(600))).isEqualTo("/admin");
    }
}
