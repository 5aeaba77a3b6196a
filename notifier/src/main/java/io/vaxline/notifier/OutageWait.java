package io.vaxline.notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.schemas.Outages;

import org.jboss.logging.Logger;

/**
 * Waits an outage out. Work that fails because PostgreSQL, the schema registry or the broker cannot
 * be reached ({@link Outages#isOutage}) is tried again with back-off for as long as it takes, so the
 * record in hand is kept and its consumer goes on from where it was; it never reaches the dead-letter
 * topic. Any other failure passes through at once. Each outage is logged when it starts and when it is
 * over, once for everything waiting on the same thing.
 */
@ApplicationScoped
public class OutageWait {

    private static final Logger LOG = Logger.getLogger(OutageWait.class);

    private final Map<String, Instant> down = new ConcurrentHashMap<>();

    private Duration backoff;
    private Duration backoffMax;

    @Inject
    void configure(NotifierSettings settings) {
        backoff = settings.outageBackoff();
        backoffMax = settings.outageBackoffMax();
    }

    /** Outside CDI, e.g. for a test. */
    public static OutageWait withBackoff(Duration backoff, Duration backoffMax) {
        OutageWait wait = new OutageWait();
        wait.backoff = backoff;
        wait.backoffMax = backoffMax;
        return wait;
    }

    /**
     * {@code work}, subscribed again with back-off while it fails with an outage.
     *
     * @param what what is being waited for, as the log names it (one outage per name)
     */
    public <T> Uni<T> retry(String what, Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(Outages::isOutage).invoke(failure -> started(what, failure))
                .onFailure(Outages::isOutage).retry().withBackOff(backoff, backoffMax).indefinitely()
                .onItemOrFailure().invoke((item, failure) -> over(what));
    }

    private void started(String what, Throwable failure) {
        if (down.putIfAbsent(what, Instant.now()) == null) {
            LOG.warnf("%s: unavailable (%s); waiting with back-off up to %s, the records in hand are kept", what,
                    failure.getMessage(), backoffMax);
        }
    }

    private void over(String what) {
        Instant since = down.remove(what);
        if (since != null) {
            LOG.infof("%s: available again after %d s; carrying on where it was", what,
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }
}
