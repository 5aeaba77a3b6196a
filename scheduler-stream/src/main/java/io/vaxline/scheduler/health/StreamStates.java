package io.vaxline.scheduler.health;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Follows the stream client's state. Quarkus sets the one {@link KafkaStreams.StateListener} bean on
 * the KafkaStreams it builds, before it starts, so no transition is missed.
 */
@Singleton
public class StreamStates implements KafkaStreams.StateListener {

    private final Clock clock;
    private final AtomicReference<StreamCondition> current;

    StreamStates() {
        this(Clock.systemUTC());
    }

    StreamStates(Clock clock) {
        this.clock = clock;
        this.current = new AtomicReference<>(StreamCondition.created(clock.instant()));
    }

    @Override
    public void onChange(State newState, State oldState) {
        current.updateAndGet(c -> c.moveTo(newState, clock.instant()));
    }

    StreamCondition current() {
        return current.get();
    }
}
