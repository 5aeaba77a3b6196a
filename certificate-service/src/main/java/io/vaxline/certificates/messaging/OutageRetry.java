package io.vaxline.certificates.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vaxline.schemas.Outages;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Waits an outage out for a Kafka consumer: while the registry or the database cannot be reached
 * ({@link Outages#isOutage}), the record in hand is tried again with back-off until they are back,
 * so the consumer stays where it was and no record is parked or skipped because of the
 * infrastructure. Any other failure is the record's own and goes on to the channel's failure
 * strategy (its dead-letter topic, with the reason). An outage is logged once when a channel
 * meets it and once when the channel gets through again.
 */
@ApplicationScoped
public class OutageRetry {

    private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();
    private final Duration firstDelay;
    private final Duration maxDelay;

    public OutageRetry(@ConfigProperty(name = "vaxline.outage.first-delay", defaultValue = "PT0.5S") Duration firstDelay,
            @ConfigProperty(name = "vaxline.outage.max-delay", defaultValue = "PT10S") Duration maxDelay) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * Runs {@code work} for one record of {@code channel}, again after each outage failure. Every
     * attempt runs on the Vert.x context of the first (Hibernate Reactive sessions are bound to it).
     */
    public <T> Uni<T> untilAvailable(String channel, Supplier<Uni<? extends T>> work) {
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        // A retry resubscribes on the back-off's timer thread: each attempt goes back to the context first.
        Uni<T> attempt = Uni.createFrom().<T>deferred(work).runSubscriptionOn(onContext);
        return attempt
                .onFailure(Outages::isOutage).invoke(failure -> began(channel, failure))
                .onFailure(Outages::isOutage).retry().withBackOff(firstDelay, maxDelay).indefinitely()
                .onItem().invoke(() -> ended(channel));
    }

    private void began(String channel, Throwable failure) {
        if (waitingSince.putIfAbsent(channel, Instant.now()) == null) {
            Log.warnf("%s: infrastructure unavailable (%s); records wait and are retried until it is back", channel,
                    failure.getMessage());
        }
    }

    private void ended(String channel) {
        Instant since = waitingSince.remove(channel);
        if (since != null) {
            Log.infof("%s: infrastructure available again after %d s; consuming where it stopped", channel,
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }
}
