package io.vaxline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.booking.platform.Housekeeping;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

/**
 * A month of login traffic leaves a day's worth of codes and rate-limit windows, not a month's: the
 * rows each simulated day leaves are what /otp/request writes (a challenge per phone, a window per
 * phone and per address), dated on a clock of the test's own, far from the other tests' rows.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class HousekeepingTest {

    private static final int PHONES_PER_DAY = 300;
    private static final Instant FIRST_DAY = Instant.parse("2001-02-01T08:00:00Z");

    @Inject
    Housekeeping housekeeping;

    @Test
    void aMonthOfLoginsLevelsOff() throws Exception {
        List<long[]> sizes = new ArrayList<>();
        for (int day = 0; day < 30; day++) {
            Instant now = FIRST_DAY.plus(Duration.ofDays(day));
            Db.update(dayOfLogins(day, now));
            housekeeping.sweep(now.plus(Duration.ofHours(12))).await().atMost(Duration.ofSeconds(30));
            sizes.add(new long[] {count("otp_challenge", "household_id"), count("rate_limit", "bucket")});
        }
        // Codes are kept a day after they expire, windows until the longest window is over: a day's worth at most.
        assertThat(sizes.get(29)[0]).isEqualTo(sizes.get(5)[0]).isLessThanOrEqualTo(2L * PHONES_PER_DAY);
        assertThat(sizes.get(29)[1]).isEqualTo(sizes.get(5)[1]).isLessThanOrEqualTo(2L * 2 * PHONES_PER_DAY);
        assertThat(sizes.get(0)[0]).isPositive();
    }

    @Test
    void aCodeThatHasNotExpiredIsKept() throws Exception {
        Instant now = Instant.parse("2001-06-01T08:00:00Z");
        Db.update("INSERT INTO otp_challenge (household_id, code_hash, expires_at, attempts, created_at) VALUES "
                + "('month-keep', 'x', '" + now.plus(Duration.ofMinutes(5)) + "', 0, '" + now + "')");
        housekeeping.sweep(now.plus(Duration.ofMinutes(1))).await().atMost(Duration.ofSeconds(30));
        assertThat(count("otp_challenge", "household_id")).isEqualTo(1);
        housekeeping.sweep(now.plus(Duration.ofDays(2))).await().atMost(Duration.ofSeconds(30));
        assertThat(Db.rows("SELECT 1 FROM otp_challenge WHERE household_id = 'month-keep'")).isEmpty();
    }

    private static String dayOfLogins(int day, Instant now) {
        StringBuilder sql = new StringBuilder();
        sql.append("INSERT INTO otp_challenge (household_id, code_hash, expires_at, attempts, created_at) "
                + "SELECT 'month-' || ").append(day).append(" || '-' || i, 'hash', TIMESTAMPTZ '").append(now.plus(Duration.ofMinutes(5)))
                .append("', 0, TIMESTAMPTZ '").append(now).append("' FROM generate_series(1, ").append(PHONES_PER_DAY).append(") i;");
        sql.append("INSERT INTO rate_limit (bucket, window_start, hits) SELECT 'month-' || kind || ':").append(day)
                .append("-' || i, TIMESTAMPTZ '").append(now).append("', 1 FROM generate_series(1, ").append(PHONES_PER_DAY)
                .append(") i, (VALUES ('otp-phone'), ('otp-ip')) k(kind);");
        return sql.toString();
    }

    private static long count(String table, String column) throws Exception {
        return Long.parseLong(Db.rows("SELECT count(*) FROM " + table + " WHERE " + column + " LIKE 'month-%'").get(0).get(0));
    }
}
