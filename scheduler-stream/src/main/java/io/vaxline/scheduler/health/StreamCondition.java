package io.vaxline.scheduler.health;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.streams.KafkaStreams.State;

/**
 * The stream client's state, since when, and whether it has ever run: what readiness needs to tell
 * "decisions flow" from "started but still waiting for its partitions".
 */
record StreamCondition(State state, Instant since, boolean hasRun) {

    static StreamCondition created(Instant now) {
        return new StreamCondition(State.CREATED, now, false);
    }

    StreamCondition moveTo(State next, Instant now) {
        return new StreamCondition(next, now, hasRun || next == State.RUNNING);
    }

    /**
     * Only RUNNING decides. A rebalance of a stream that has run before is waited out for
     * {@code rebalanceGrace}, so that adding an instance does not take every instance out of service;
     * a first rebalance is not, since nothing has been decided yet.
     */
    boolean decides(Instant now, Duration rebalanceGrace) {
        return state == State.RUNNING
                || state == State.REBALANCING && hasRun && Duration.between(since, now).compareTo(rebalanceGrace) < 0;
    }
}
