package io.vaxline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.notifier.delivery.OutgoingMessage;
import io.vaxline.notifier.delivery.RateLimiter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import org.junit.jupiter.api.Test;

/**
 * Two notifier instances' limiters, each with its own connections to the notifier's database (migrated
 * by the application under test), used in turn as fast as they allow: together they stay within the
 * provider's limit. (Two limiters of their own, a token bucket each, granted 78 where 40 is the most.)
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class SharedRateLimitTest {

    private static final int PER_SECOND = 10;
    private static final Duration RUN = Duration.ofSeconds(3);

    @Inject
    Vertx vertx;

    @Test
    void twoLimitersSharingTheDatabaseTogetherStayWithinTheLimit() {
        RateLimiter.Limits limits = new RateLimiter.Limits(PER_SECOND, 0, PER_SECOND);
        // The e-mail budget: the application under test sends no e-mail meanwhile.
        OutgoingMessage mail = OutgoingMessage.email("e-1", "outreach-invitation", null, "a@example.org", "s", "t");
        Pool first = pool();
        Pool second = pool();
        try {
            RateLimiter[] limiters = { limiter(first, limits), limiter(second, limits) };
            int granted = 0;
            long end = System.nanoTime() + RUN.toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                limiters[i % 2].acquire(mail).await().atMost(Duration.ofSeconds(10));
                if (System.nanoTime() < end) {
                    granted++;
                }
            }
            // Three seconds of clock time touch at most four of the limit's seconds.
            assertThat(granted).isPositive().isLessThanOrEqualTo(PER_SECOND * (RUN.toSecondsPart() + 1));
        } finally {
            first.closeAndAwait();
            second.closeAndAwait();
        }
    }

    /**
     * The same, taking blocks: each write asks for seven messages and gets what the second has room
     * for. Together they still stay within the limit, and every block stays under its lane's ceiling.
     */
    @Test
    void twoLimitersTakingBlocksTogetherStayWithinTheLimit() {
        RateLimiter.Limits limits = new RateLimiter.Limits(PER_SECOND, 0, PER_SECOND);
        RateLimiter.Lane mail = new RateLimiter.Lane("email", PER_SECOND);
        Pool first = pool();
        Pool second = pool();
        try {
            RateLimiter[] limiters = { limiter(first, limits), limiter(second, limits) };
            int granted = 0;
            long end = System.nanoTime() + RUN.toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                int block = limiters[i % 2].acquire(mail, 7).await().atMost(Duration.ofSeconds(10));
                assertThat(block).isBetween(1, 7);
                if (System.nanoTime() < end) {
                    granted += block;
                }
            }
            assertThat(granted).isGreaterThan(PER_SECOND).isLessThanOrEqualTo(PER_SECOND * (RUN.toSecondsPart() + 1));
        } finally {
            first.closeAndAwait();
            second.closeAndAwait();
        }
    }

    /**
     * A block for other texts stops at the limit less the codes' share, however much it asks for,
     * and a code still finds room: with 10 a second and 3 kept, a block of 100 gets at most 7.
     */
    @Test
    void aBlockStopsAtItsLanesCeilingSoCodesKeepTheirShare() {
        RateLimiter.Limits limits = new RateLimiter.Limits(PER_SECOND, 3, PER_SECOND);
        Pool pool = pool();
        try {
            RateLimiter limiter = limiter(pool, limits);
            // The e-mail provider's budget under the SMS lanes' ceilings: nothing else uses it meanwhile.
            RateLimiter.Lane campaign = new RateLimiter.Lane("email", PER_SECOND - 3);
            RateLimiter.Lane codes = new RateLimiter.Lane("email", PER_SECOND);
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.acquire(campaign, 100).await().atMost(Duration.ofSeconds(10))).isBetween(1, PER_SECOND - 3);
                long start = System.nanoTime();
                assertThat(limiter.acquire(codes, 3).await().atMost(Duration.ofSeconds(10))).isEqualTo(3);
                // Room at once (or in the next second, where the clock just turned): never a wait for a full second.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            }
        } finally {
            pool.closeAndAwait();
        }
    }

    private static RateLimiter limiter(Pool pool, RateLimiter.Limits limits) {
        return RateLimiter.sharing(pool, limits, OutageWait.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private Pool pool() {
        Endpoints e = InfrastructureTestResource.endpoints();
        return PgPool.pool(vertx, new PgConnectOptions().setHost(e.dbHost()).setPort(e.dbPort()).setDatabase("notifier")
                .setUser(e.dbUser()).setPassword(e.dbPassword()), new PoolOptions().setMaxSize(2));
    }
}
