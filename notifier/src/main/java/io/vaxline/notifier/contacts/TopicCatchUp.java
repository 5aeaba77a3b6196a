package io.vaxline.notifier.contacts;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * For the directories that every instance reads from the start of a topic: an event on another topic
 * can overtake the record it refers to. Before concluding that a person or clinic does not exist, wait
 * until the directory's reader has read its topic up to where the topic ended a moment ago.
 */
@ApplicationScoped
public class TopicCatchUp {

    private static final Duration POLL = Duration.ofMillis(50);

    @Inject
    KafkaClientService clients;

    /**
     * Completes once the channel's consumer has read everything its topic held when called; fails with
     * {@link NotCaughtUp} after {@code patience}.
     */
    public Uni<Void> awaitEnd(String channel, String topic, Duration patience) {
        return readToEnd(channel, patience).invoke(done -> {
            if (!done) {
                throw new NotCaughtUp(topic, patience);
            }
        }).replaceWithVoid();
    }

    /** True once the channel's consumer has read everything its topic held when called; false after {@code patience}. */
    private Uni<Boolean> readToEnd(String channel, Duration patience) {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
        return consumer.runOnPollingThread((Function<Consumer<Object, Object>, Map<TopicPartition, Long>>)
                        c -> c.endOffsets(c.assignment()))
                .chain(ends -> Uni.createFrom().deferred(() -> readUpTo(consumer, ends))
                        .invoke(done -> {
                            if (!done) {
                                throw new NotReadYet();
                            }
                        })
                        .onFailure(NotReadYet.class).retry().withBackOff(POLL, POLL)
                        .atMost(Math.max(1, patience.toMillis() / POLL.toMillis())))
                .onFailure(NotReadYet.class).recoverWithItem(false);
    }

    private static Uni<Boolean> readUpTo(KafkaConsumer<Object, Object> consumer, Map<TopicPartition, Long> ends) {
        return consumer.runOnPollingThread((Function<Consumer<Object, Object>, Boolean>) c -> {
            Set<TopicPartition> assigned = c.assignment();
            return !ends.isEmpty() && ends.entrySet().stream()
                    .allMatch(end -> assigned.contains(end.getKey()) && c.position(end.getKey()) >= end.getValue());
        });
    }

    /**
     * A directory's reader did not reach its topic's end in time (an outage holds it up, or it is still
     * reading at start-up): what it lacks may be on the topic, so nothing can be concluded yet. Its
     * cause is a {@link TimeoutException}, so {@link io.vaxline.schemas.Outages#isOutage} counts it as an
     * outage, waited out rather than dead-lettered.
     */
    public static final class NotCaughtUp extends RuntimeException {
        NotCaughtUp(String topic, Duration patience) {
            super("the " + topic + " reader has not caught up with its topic in " + patience.toMillis() + " ms",
                    new TimeoutException("catching up with " + topic));
        }
    }

    private static final class NotReadYet extends RuntimeException {
        NotReadYet() {
            super(null, null, false, false);
        }
    }
}
