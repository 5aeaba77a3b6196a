package io.vaxline.notifier.contacts;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
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

    /** True once the channel's consumer has read everything its topic held when called; false after {@code patience}. */
    public Uni<Boolean> readToEnd(String channel, Duration patience) {
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

    private static final class NotReadYet extends RuntimeException {
        NotReadYet() {
            super(null, null, false, false);
        }
    }
}
