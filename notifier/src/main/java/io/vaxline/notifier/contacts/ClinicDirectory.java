package io.vaxline.notifier.contacts;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.notifier.OutageWait;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Clinic names and addresses for the texts, read from the start of the compacted clinics topic. It
 * holds what the topic holds: a tombstone removes the clinic, so it is bounded by the clinics
 * registered. A registry outage while reading is waited out, never a dropped record.
 */
@ApplicationScoped
public class ClinicDirectory {

    /** How a text names a clinic. */
    public record ClinicName(String name, String address) {
    }

    private final Map<String, ClinicName> clinics = new ConcurrentHashMap<>();

    private static final String CHANNEL = "clinics";

    @Inject
    RecordDecoder decoder;

    @Inject
    TopicCatchUp catchUp;

    /** What this directory has applied, so a lookup waits for records fetched but not applied yet. */
    private final TopicCatchUp.Applied applied = new TopicCatchUp.Applied();

    @Inject
    OutageWait outages;

    @Incoming(CHANNEL)
    public Uni<Void> onClinic(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.CLINICS.name(), () -> Uni.createFrom().item(() -> {
            apply(record);
            applied.applied(record.partition(), record.offset());
            return null;
        })).replaceWithVoid();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                clinics.remove(record.key());
            }
            return;
        }
        switch (decoder.decode(Topics.CLINICS, record.headers(), record.value())) {
            case ClinicRegistered c -> clinics.put(c.getClinicId(), new ClinicName(c.getName(), c.getAddress()));
            case ClinicUpdated c -> clinics.put(c.getClinicId(), new ClinicName(c.getName(), c.getAddress()));
            default -> {
            }
        }
    }

    /**
     * The clinic's name and address; if the clinic is not known yet, after catching up with the
     * clinics topic (at most {@code patience}, else {@link TopicCatchUp.NotCaughtUp}); its id where
     * nobody registered it.
     */
    public Uni<String> describe(String clinicId, Duration patience) {
        if (clinics.containsKey(clinicId)) {
            return Uni.createFrom().item(name(clinicId));
        }
        return catchUp.awaitEnd(CHANNEL, Topics.CLINICS.name(), patience, applied).map(ignored -> name(clinicId));
    }

    private String name(String clinicId) {
        return Optional.ofNullable(clinics.get(clinicId))
                .map(c -> c.address() == null || c.address().isBlank() ? c.name() : c.name() + ", " + c.address())
                .orElse(clinicId);
    }
}
