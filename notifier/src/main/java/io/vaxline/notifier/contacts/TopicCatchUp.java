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
     * What a directory has applied, partition by partition. The consumer's position only says what was
     * fetched; fetched records wait in the connector's queue before the directory applies them (under
     * load, for seconds), so a lookup after "the position reached the end" could miss a record that is
     * on the topic. A directory counts as caught up when it has applied the records up to the end it
     * was asked for, or, where the end lies past its last record (transaction markers, records removed
     * by retention), when its consumer has fetched up to the end and nothing more was applied for a while.
     */
    public static final class Applied {
        private static final long QUIET_NANOS = Duration.ofMillis(500).toNanos();
        private final Map<Integer, Long> next = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile long lastApplied = System.nanoTime();

        /** Called once a record is applied (or skipped for good). */
        public void applied(int partition, long offset) {
            next.merge(partition, offset + 1, Math::max);
            lastApplied = System.nanoTime();
        }

        boolean reached(TopicPartition partition, long end) {
            return end == 0 || next.getOrDefault(partition.partition(), 0L) >= end;
        }

        boolean quiet() {
            return System.nanoTime() - lastApplied > QUIET_NANOS;
        }
    }

    /**
     * Completes once the channel's consumer has read everything its topic held when called and the
     * directory has applied all of it; fails with {@link NotCaughtUp} after {@code patience}.
     */
    public Uni<Void> awaitEnd(String channel, String topic, Duration patience, Applied applied) {
        return readToEnd(channel, patience, applied).invoke(done -> {
            if (!done) {
                throw new NotCaughtUp(topic, patience);
            }
        }).replaceWithVoid();
    }

    /** True once the channel's consumer has read everything its topic held when called; false after {@code patience}. */
    private Uni<Boolean> readToEnd(String channel, Duration patience, Applied applied) {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
        return consumer.runOnPollingThread((Function<Consumer<Object, Object>, Map<TopicPartition, Long>>)
                        c -> c.endOffsets(c.assignment()))
                .chain(ends -> Uni.createFrom().deferred(() -> readUpTo(consumer, ends).map(read -> read
                                && (ends.entrySet().stream().allMatch(e -> applied.reached(e.getKey(), e.getValue()))
                                        || applied.quiet())))
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
