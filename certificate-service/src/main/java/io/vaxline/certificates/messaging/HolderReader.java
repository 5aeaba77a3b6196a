package io.vaxline.certificates.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the holders' reader has applied everything on {@code people}: a dose whose holder is missing is parked only
 * then, as a person nobody registered. Before that the registration may be on the topic still unread (the reader is
 * behind after a start, a rebalance or a rush of registrations), and the dose waits, however long that takes.
 *
 * <p>The reader's consumer group commits an offset only once the records before it are applied (in PostgreSQL, which
 * every instance shares), so the group's committed offsets, not one instance's position, say what is applied. The
 * ends are taken when asked, after the dose was read: a registration made before the dose lies before them. The
 * people topic is written without transactions, so a caught-up group's committed offset equals the end.
 */
@ApplicationScoped
public class HolderReader {

    static final String CHANNEL = "people";
    private static final Duration POLL = Duration.ofMillis(200);

    @Inject
    KafkaClientService clients;

    /**
     * Completes once the group has committed every partition of people up to where it ended when called; fails with
     * {@link Behind} (an outage, waited out) when it has not after {@code patience}.
     */
    public Uni<Void> awaitCaughtUp(Duration patience) {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(CHANNEL);
        if (consumer == null) {
            return Uni.createFrom().voidItem(); // no holders' reader in this process (the replay): nothing to wait for
        }
        return consumer.runOnPollingThread((Function<Consumer<Object, Object>, Map<TopicPartition, Long>>) c ->
                        c.endOffsets(c.partitionsFor(Topics.PEOPLE.name()).stream()
                                .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toSet())))
                .chain(ends -> Uni.createFrom().deferred(() -> consumer.runOnPollingThread(
                                (Function<Consumer<Object, Object>, Boolean>) c -> applied(c.committed(ends.keySet()), ends)))
                        .invoke(done -> {
                            if (!done) {
                                throw new NotYet();
                            }
                        })
                        .onFailure(NotYet.class).retry().withBackOff(POLL, POLL)
                        .atMost(Math.max(1, patience.toMillis() / POLL.toMillis())))
                .onFailure(NotYet.class).transform(ignored -> new Behind(patience))
                .replaceWithVoid();
    }

    static boolean applied(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue()));
    }

    /**
     * The holders' reader has not applied all of people yet: a missing holder may still come. Its cause is a
     * {@link TimeoutException}, so {@link io.vaxline.schemas.Outages#isOutage} counts it as an outage: the doses
     * wait, and none is parked.
     */
    public static final class Behind extends RuntimeException {
        Behind(Duration patience) {
            super("the holders' reader has not applied everything on people within " + patience.toMillis()
                    + " ms; a missing holder may still come", new TimeoutException("catching up with people"));
        }
    }

    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }
}
