package io.vaxline.certificates.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.certificates.model.ProcessedEvent;
import io.vaxline.certificates.model.Vaccination;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds certificates from the vaccinations topic. Each event is applied in one database
 * transaction together with the record that it was applied, so re-reading the topic after a crash
 * changes nothing, and the certificate's id derives from the event's id, so a replay into an empty
 * database gives the same certificates.
 */
@ApplicationScoped
public class VaccinationConsumer {

    @Inject
    RecordDecoder decoder;

    @Incoming("vaccinations")
    public Uni<Void> onVaccination(ConsumerRecord<String, byte[]> record) {
        SpecificRecord event = decoder.decode(Topics.VACCINATIONS, record.headers(), record.value());
        if (!(event instanceof VaccinationAdministered administered)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> ProcessedEvent.<ProcessedEvent>findById(administered.getEventId())
                .chain(seen -> seen != null ? Uni.createFrom().voidItem() : apply(administered)));
    }

    private Uni<Void> apply(VaccinationAdministered event) {
        Vaccination vaccination = new Vaccination();
        vaccination.eventId = event.getEventId();
        vaccination.personId = event.getPersonId();
        vaccination.clinicId = event.getClinicId();
        vaccination.appointmentId = event.getAppointmentId();
        vaccination.targetDisease = event.getTargetDisease();
        vaccination.vaccineType = event.getVaccineType();
        vaccination.product = event.getProduct();
        vaccination.manufacturer = event.getManufacturer();
        vaccination.lot = event.getLot();
        vaccination.doseNumber = event.getDoseNumber();
        vaccination.seriesDoses = event.getSeriesDoses();
        vaccination.administeredAt = event.getAdministeredAt();
        vaccination.country = event.getCountry();
        vaccination.vaccinator = event.getVaccinator();
        vaccination.recordedAt = event.getOccurredAt();

        Certificate certificate = new Certificate();
        certificate.certificateId = certificateId(event.getEventId());
        certificate.vaccinationEventId = event.getEventId();
        certificate.personId = event.getPersonId();
        certificate.doseNumber = event.getDoseNumber();
        certificate.seriesDoses = event.getSeriesDoses();
        certificate.issuedAt = event.getOccurredAt();
        certificate.status = Certificate.Status.VALID;

        return vaccination.persist()
                .chain(() -> certificate.persist())
                .chain(() -> ProcessedEvent.of(event.getEventId(), Instant.now()).persist())
                .replaceWithVoid();
    }

    /** Derived from the vaccination event, never random: replaying the log reproduces it. */
    public static String certificateId(String vaccinationEventId) {
        return UUID.nameUUIDFromBytes(("certificate:" + vaccinationEventId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
