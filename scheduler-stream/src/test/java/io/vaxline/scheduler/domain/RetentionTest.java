package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final Retention RETENTION = new Retention(Duration.ofDays(7), Duration.ofDays(14), Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2030-03-20T12:00:00Z");

    @Test
    void aRequestIsRememberedForItsRetentionAndForgottenAfter() {
        assertThat(RETENTION.requestExpired(NOW.minus(Duration.ofDays(7)), NOW)).isFalse();
        assertThat(RETENTION.requestExpired(NOW.minus(Duration.ofDays(7)).minusMillis(1), NOW)).isTrue();
    }

    @Test
    void aDaysLedgerIsKeptUntilItsRetentionAfterTheDay() {
        assertThat(RETENTION.oldestLedgerDay(NOW)).isEqualTo(LocalDate.of(2030, 3, 6));
    }

    @Test
    void aPurgeIntervalOfZeroIsRefused() {
        assertThatThrownBy(() -> new Retention(Duration.ofDays(7), Duration.ofDays(14), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
