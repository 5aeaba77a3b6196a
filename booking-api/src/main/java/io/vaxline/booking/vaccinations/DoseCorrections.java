package io.vaxline.booking.vaccinations;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.StateConflict;
import io.vaxline.schemas.DerivedIds;
import io.vaxline.schemas.VaccineCodes.ValueSet;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Staff correct a dose their clinic reported through Vaxline (a CSV row, or the console's dose
 * form): {@code VaccinationCorrected} with the full corrected dose and the reason, correcting the
 * latest event of the dose (the reported one, or the last correction of it), and certificate-service
 * re-issues the certificate. The same correction sent twice publishes once. Doses clinic systems
 * reported to Kafka themselves are theirs to correct, the same way.
 */
@ApplicationScoped
public class DoseCorrections {

    /** The dose as it should have been recorded; {@code correctsDoseNumber} names the dose recorded. */
    public record Correction(String personId, int correctsDoseNumber, String targetDisease, String vaccineType, String product,
            String manufacturer, String lot, int doseNumber, int seriesDoses, Instant administeredAt, String country,
            String vaccinator, String reason) {
    }

    /** What became of a correction: published now, or found published before. */
    public record Outcome(String eventId, String correctsEventId, String status) {
    }

    /** Another correction of the same dose was stored at the same moment. */
    public static class CorrectedMeanwhile extends StateConflict {
        CorrectedMeanwhile(String eventId) {
            super("corrected-meanwhile", "The dose was corrected meanwhile",
                    "Someone corrected dose event " + eventId + " at the same moment; read the dose again and send your correction once more");
        }
    }

    private static final Map<String, ValueSet> CODES = Map.of("targetDisease", ValueSet.TARGET_DISEASE,
            "vaccineType", ValueSet.VACCINE_TYPE, "product", ValueSet.PRODUCT, "manufacturer", ValueSet.MANUFACTURER);

    @Inject
    Pool db;

    @Inject
    EventPublisher publisher;

    public Uni<Outcome> correct(String clinicId, Correction c) {
        Map.of("targetDisease", c.targetDisease(), "vaccineType", c.vaccineType(), "product", c.product(),
                "manufacturer", c.manufacturer()).forEach((field, code) -> {
                    String reason = CODES.get(field).reason(code);
                    if (reason != null) {
                        throw new InvalidInput(field, reason);
                    }
                });
        if (c.administeredAt().isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
            throw new InvalidInput("administeredAt", c.administeredAt() + " is in the future");
        }
        String reported = VaccinationReports.doseEventId(clinicId, c.personId(), c.targetDisease(), c.correctsDoseNumber());
        String content = DerivedIds.of("dose-content", c.personId(), c.targetDisease(), c.vaccineType(), c.product(),
                c.manufacturer(), c.lot(), c.doseNumber(), c.seriesDoses(), c.administeredAt().toEpochMilli(), c.country(),
                c.vaccinator(), c.reason());
        return db.withTransaction(connection -> connection.preparedQuery(
                        // The reported dose's row is locked: corrections of one dose are stored one after another.
                        "SELECT event_id FROM reported_dose WHERE event_id = $1 AND clinic_id = $2 AND person_id = $3 FOR UPDATE")
                .execute(Tuple.of(reported, clinicId, c.personId()))
                .chain(found -> {
                    if (!found.iterator().hasNext()) {
                        throw new NotFoundException("This clinic reported no dose " + c.correctsDoseNumber() + " of person "
                                + c.personId() + " through Vaxline");
                    }
                    return connection.preparedQuery("WITH RECURSIVE chain (event_id, content_hash, depth) AS ("
                            + "SELECT event_id, content_hash, 0 FROM reported_dose WHERE event_id = $1 UNION ALL "
                            + "SELECT r.event_id, r.content_hash, chain.depth + 1 FROM reported_dose r "
                            + "JOIN chain ON r.corrects_event_id = chain.event_id) "
                            + "SELECT event_id, content_hash FROM chain ORDER BY depth DESC LIMIT 1").execute(Tuple.of(reported));
                })
                .chain(latestRows -> {
                    Row latest = latestRows.iterator().next();
                    String latestId = latest.getString("event_id");
                    if (content.equals(latest.getString("content_hash"))) {
                        return connection.preparedQuery("SELECT corrects_event_id FROM reported_dose WHERE event_id = $1")
                                .execute(Tuple.of(latestId)).map(rows -> new Outcome(latestId,
                                        rows.iterator().next().getString("corrects_event_id"), "already"));
                    }
                    String eventId = DerivedIds.of("vaccination-correction", latestId, content);
                    VaccinationCorrected event = VaccinationCorrected.newBuilder().setEventId(eventId).setOccurredAt(Instant.now())
                            .setCorrectsEventId(latestId).setPersonId(c.personId()).setClinicId(clinicId)
                            .setTargetDisease(c.targetDisease()).setVaccineType(c.vaccineType()).setProduct(c.product())
                            .setManufacturer(c.manufacturer()).setLot(c.lot()).setDoseNumber(c.doseNumber())
                            .setSeriesDoses(c.seriesDoses()).setAdministeredAt(c.administeredAt()).setCountry(c.country())
                            .setVaccinator(c.vaccinator()).setReason(c.reason()).build();
                    return connection.preparedQuery("INSERT INTO reported_dose (event_id, upload_id, clinic_id, person_id, "
                            + "appointment_id, reported_at, corrects_event_id, content_hash) VALUES ($1, 'correction', $2, $3, NULL, "
                            + "now(), $4, $5) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(eventId, clinicId, c.personId(), latestId, content))
                            .chain(inserted -> {
                                if (inserted.rowCount() == 0) {
                                    throw new CorrectedMeanwhile(latestId);
                                }
                                // Published before the commit: if it fails nothing is stored and the staff send it again.
                                return publisher.vaccination(c.personId(), event);
                            })
                            .replaceWith(new Outcome(eventId, latestId, "published"));
                }));
    }
}
