package io.vaxline.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.apache.kafka.streams.KafkaStreams.State;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class DecisionsFlowTest {

    private final MovableClock clock = new MovableClock();
    private final StreamStates states = new StreamStates(clock);
    private final DecisionsFlow readiness = new DecisionsFlow(states, Duration.ofSeconds(10), clock);

    @Test
    void isDownWhileTheStartedStreamWaitsForItsPartitions() {
        assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);

        states.onChange(State.REBALANCING, State.CREATED);
        clock.pass(Duration.ofSeconds(40));

        assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);
        assertThat(readiness.call().getData().orElseThrow()).containsEntry("state", "REBALANCING");
    }

    @Test
    void isUpOnceTheTopologyRuns() {
        states.onChange(State.REBALANCING, State.CREATED);
        states.onChange(State.RUNNING, State.REBALANCING);

        assertThat(readiness.call().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void staysUpThroughAShortRebalanceButNotALongOne() {
        states.onChange(State.REBALANCING, State.CREATED);
        states.onChange(State.RUNNING, State.REBALANCING);
        states.onChange(State.REBALANCING, State.RUNNING);
        clock.pass(Duration.ofSeconds(9));
        assertThat(readiness.call().getStatus()).isEqualTo(Status.UP);

        clock.pass(Duration.ofSeconds(2));
        assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);

        states.onChange(State.RUNNING, State.REBALANCING);
        assertThat(readiness.call().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void isDownWhenTheStreamFailsOrStops() {
        states.onChange(State.REBALANCING, State.CREATED);
        states.onChange(State.RUNNING, State.REBALANCING);

        states.onChange(State.PENDING_ERROR, State.RUNNING);
        assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);
        states.onChange(State.ERROR, State.PENDING_ERROR);
        assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-11-29T08:00:00Z");

        void pass(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
