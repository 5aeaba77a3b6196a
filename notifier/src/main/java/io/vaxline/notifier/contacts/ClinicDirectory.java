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
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Clinic names and addresses for the texts, read from the start of the compacted clinics topic. */
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

    @Incoming(CHANNEL)
    public void onClinic(ConsumerRecord<String, byte[]> record) {
        switch (decoder.decode(Topics.CLINICS, record.headers(), record.value())) {
            case ClinicRegistered c -> clinics.put(c.getClinicId(), new ClinicName(c.getName(), c.getAddress()));
            case ClinicUpdated c -> clinics.put(c.getClinicId(), new ClinicName(c.getName(), c.getAddress()));
            default -> {
            }
        }
    }

    /**
     * The clinic's name and address; if the clinic is not known yet, after catching up with the
     * clinics topic (at most {@code patience}); its id where nobody registered it.
     */
    public Uni<String> describe(String clinicId, Duration patience) {
        if (clinics.containsKey(clinicId)) {
            return Uni.createFrom().item(name(clinicId));
        }
        return catchUp.readToEnd(CHANNEL, patience).map(ignored -> name(clinicId));
    }

    private String name(String clinicId) {
        return Optional.ofNullable(clinics.get(clinicId))
                .map(c -> c.address() == null || c.address().isBlank() ? c.name() : c.name() + ", " + c.address())
                .orElse(clinicId);
    }
}
