package io.vaxline.booking.vaccinations;

import java.time.ZoneOffset;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records every dose given (who got which lot, for a recall: {@link LotRecall}) and marks appointments attended
 * when their dose is reported, whether by a clinic system on Kafka or
 * by a CSV upload: both arrive on the vaccinations topic. Marking twice changes nothing.
 */
@ApplicationScoped
public class Attendance {

    @Inject
    RecordDecoder decoder;

    @Inject
    Pool db;

    @Inject
    OutageRetry outages;

    @Incoming("attendance")
    public Uni<Void> onVaccination(ConsumerRecord<String, byte[]> record) {
        return outages.untilAvailable("attendance", () -> mark(record));
    }

    private Uni<Void> mark(ConsumerRecord<String, byte[]> record) {
        SpecificRecord event = decoder.decode(Topics.VACCINATIONS, record.headers(), record.value());
        if (!(event instanceof VaccinationAdministered dose)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> recorded = db.preparedQuery("INSERT INTO dose_given (event_id, clinic_id, person_id, appointment_id, lot, "
                        + "dose_number, administered_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.from(Arrays.asList(dose.getEventId(), dose.getClinicId(), dose.getPersonId(),
                        dose.getAppointmentId(), dose.getLot(), dose.getDoseNumber(),
                        dose.getAdministeredAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
        if (dose.getAppointmentId() == null) {
            return recorded;
        }
        return recorded.chain(() -> db.preparedQuery("UPDATE appointment SET attended_at = $2 WHERE appointment_id = $1 AND person_id = $3 "
                        + "AND attended_at IS NULL")
                .execute(Tuple.of(dose.getAppointmentId(), dose.getAdministeredAt().atOffset(ZoneOffset.UTC), dose.getPersonId()))
                .replaceWithVoid());
    }
}
