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

    private static RateLimiter limiter(Pool pool, RateLimiter.Limits limits) {
        return RateLimiter.sharing(pool, limits, OutageWait.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private Pool pool() {
        Endpoints e = InfrastructureTestResource.endpoints();
        return PgPool.pool(vertx, new PgConnectOptions().setHost(e.dbHost()).setPort(e.dbPort()).setDatabase("notifier")
                .setUser(e.dbUser()).setPassword(e.dbPassword()), new PoolOptions().setMaxSize(2));
    }
}
