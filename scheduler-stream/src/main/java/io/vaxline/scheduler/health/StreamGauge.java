package io.vaxline.scheduler.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import org.apache.kafka.streams.KafkaStreams.State;

/**
 * {@code vaxline_stream_running}: 1 while the stream client is RUNNING, 0 otherwise (starting,
 * rebalancing, restoring, failed). An operator's alert fires when it stays 0; what state it is in is
 * on the readiness check.
 */
@ApplicationScoped
class StreamGauge {

    void register(@Observes StartupEvent started, MeterRegistry meters, StreamStates states) {
        Gauge.builder("vaxline.stream.running", states, s -> s.current().state() == State.RUNNING ? 1 : 0)
                .description("1 while the Kafka Streams client is RUNNING").register(meters);
    }
}
