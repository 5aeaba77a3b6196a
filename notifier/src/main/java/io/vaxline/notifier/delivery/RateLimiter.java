package io.vaxline.notifier.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.bucket4j.Bucket;
import io.smallrye.mutiny.Uni;
import io.vaxline.notifier.NotifierSettings;

/**
 * Messages per second to the provider (SNS accounts start at 20 SMS per second), as a token bucket.
 * A message waits for its token without holding a thread.
 */
@ApplicationScoped
public class RateLimiter {

    @Inject
    NotifierSettings settings;

    private int perSecond;

    private Bucket bucket;
    private ScheduledExecutorService timer;

    /** A limiter outside CDI, e.g. for a test. */
    public static RateLimiter perSecond(int perSecond) {
        RateLimiter limiter = new RateLimiter();
        limiter.perSecond = perSecond;
        limiter.start();
        return limiter;
    }

    @PostConstruct
    void init() {
        perSecond = settings.messagesPerSecond();
        start();
    }

    private void start() {
        if (perSecond < 1) {
            throw new IllegalArgumentException("vaxline.notifier.messages-per-second must be at least 1, not " + perSecond);
        }
        bucket = Bucket.builder().addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("notifier-rate-limit").factory());
    }

    @PreDestroy
    public void stop() {
        timer.shutdownNow();
    }

    /** Completes when the next message may go. */
    public Uni<Void> acquire() {
        if (bucket.tryConsume(1)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> bucket.asScheduler().consume(1, timer));
    }
}
