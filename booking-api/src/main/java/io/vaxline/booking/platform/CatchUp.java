package io.vaxline.booking.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the in-memory read models (clinics, services, availability) have read their topics up to where
 * they ended when the instance started: before that, searches would miss clinics and seats.
 */
@Readiness
@ApplicationScoped
public class CatchUp implements AsyncHealthCheck {

    static final Set<String> CHANNELS = Set.of("clinic-directory", "availability-board", "service-catalogue");
    /** A consumer that does not answer within this is not caught up (yet). */
    private static final Duration ASK_AT_MOST = Duration.ofSeconds(5);

    private final Map<String, Boolean> caughtUp = new ConcurrentHashMap<>();

    @Inject
    KafkaClientService clients;

    @Override
    public Uni<HealthCheckResponse> call() {
        CHANNELS.forEach(channel -> caughtUp.computeIfAbsent(channel, c -> false));
        return Multi.createFrom().iterable(CHANNELS).filter(channel -> !caughtUp.get(channel))
                .onItem().transformToUniAndMerge(channel -> lagIsZero(channel).ifNoItem().after(ASK_AT_MOST)
                        .recoverWithItem(false).invoke(done -> caughtUp.put(channel, done)))
                .onItem().ignoreAsUni()
                .map(checked -> HealthCheckResponse.named("read-models").status(caughtUp.values().stream().allMatch(b -> b))
                        .withData("caught-up", caughtUp.toString()).build());
    }

    private Uni<Boolean> lagIsZero(String channel) {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
        if (consumer == null) {
            return Uni.createFrom().item(false);
        }
        return consumer.runOnPollingThread(c -> {
            Set<TopicPartition> assigned = c.assignment();
            if (assigned.isEmpty()) {
                return false;
            }
            Map<TopicPartition, Long> ends = c.endOffsets(assigned);
            return assigned.stream().allMatch(tp -> c.position(tp) >= ends.get(tp));
        });
    }
}
