package io.vaxline.scheduler.health;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means booking commands are decided: the topology is RUNNING. Quarkus' own readiness check
 * only says the input topics exist, which was UP while a restarted stream waited tens of seconds for
 * its partitions and every booking meanwhile got 202 (issue 15). Its liveness check (RUNNING or
 * REBALANCING) stays as it is: a long rebalance is no reason to restart the process.
 */
@Readiness
@ApplicationScoped
public class DecisionsFlow implements HealthCheck {

    static final String NAME = "Booking decisions flow";

    private final StreamStates states;
    private final Duration rebalanceGrace;
    private final Clock clock;

    @Inject
    DecisionsFlow(StreamStates states,
            @ConfigProperty(name = "vaxline.readiness.rebalance-grace", defaultValue = "PT10S") Duration rebalanceGrace) {
        this(states, rebalanceGrace, Clock.systemUTC());
    }

    DecisionsFlow(StreamStates states, Duration rebalanceGrace, Clock clock) {
        this.states = states;
        this.rebalanceGrace = rebalanceGrace;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        StreamCondition condition = states.current();
        return HealthCheckResponse.named(NAME)
                .status(condition.decides(clock.instant(), rebalanceGrace))
                .withData("state", condition.state().name())
                .withData("since", condition.since().toString())
                .build();
    }
}
