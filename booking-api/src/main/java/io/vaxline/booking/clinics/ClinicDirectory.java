package io.vaxline.booking.clinics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every clinic, read from the compacted clinics topic by each instance, for search and validation. */
@ApplicationScoped
public class ClinicDirectory {

    public record Clinic(String clinicId, String name, String address, String postcode, double latitude,
            double longitude, String timeZone, List<String> services, boolean active) {
    }

    private final Map<String, Clinic> clinics = new ConcurrentHashMap<>();

    /** Where each clinic wants its next-day roster, apart from the public details: staff only. */
    private final Map<String, String> contactEmails = new ConcurrentHashMap<>();

    @Inject
    RecordDecoder decoder;

    @Inject
    OutageRetry outages;

    @Incoming("clinic-directory")
    public Uni<Void> onClinic(ConsumerRecord<String, byte[]> record) {
        return outages.runUntilAvailable("clinic-directory", () -> keep(record));
    }

    private void keep(ConsumerRecord<String, byte[]> record) {
        switch (decoder.decode(Topics.CLINICS, record.headers(), record.value())) {
            case ClinicRegistered c -> {
                clinics.put(c.getClinicId(), new Clinic(c.getClinicId(), c.getName(), c.getAddress(), c.getPostcode(),
                        c.getLatitude(), c.getLongitude(), c.getTimeZone(), List.copyOf(c.getServices()), true));
                contact(c.getClinicId(), c.getContactEmail());
            }
            case ClinicUpdated c -> {
                clinics.put(c.getClinicId(), new Clinic(c.getClinicId(), c.getName(), c.getAddress(), c.getPostcode(),
                        c.getLatitude(), c.getLongitude(), c.getTimeZone(), List.copyOf(c.getServices()), c.getActive()));
                contact(c.getClinicId(), c.getContactEmail());
            }
            default -> {
            }
        }
    }

    public Optional<Clinic> find(String clinicId) {
        return Optional.ofNullable(clinics.get(clinicId));
    }

    public Collection<Clinic> all() {
        return clinics.values();
    }

    /** The clinic's contact e-mail address for its roster, if it gave one. */
    public Optional<String> contactEmail(String clinicId) {
        return Optional.ofNullable(contactEmails.get(clinicId));
    }

    private void contact(String clinicId, String email) {
        if (email == null) {
            contactEmails.remove(clinicId);
        } else {
            contactEmails.put(clinicId, email);
        }
    }
}
