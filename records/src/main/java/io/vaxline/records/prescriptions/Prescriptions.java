package io.vaxline.records.prescriptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.events.PrescriptionDispensed;
import io.vaxline.events.PrescriptionIssued;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.ProblemException;
import io.vaxline.problems.StateConflict;
import io.vaxline.records.fhir.Fhir;
import io.vaxline.records.pharmacies.Pharmacies;
import io.vaxline.records.security.Caller;
import io.vaxline.records.signing.PrescriptionSigner;

/**
 * Issuing and dispensing prescriptions. Each change and its event are one step: the row is written in a
 * transaction that commits only once the broker has the event, so a prescription the pharmacy was not told of
 * is never left behind (the request fails with 503 and nothing was written). The pharmacy can therefore read the
 * event before the row is committed; the issuing transaction holds an advisory lock on the prescription's id, and a
 * reader that finds no row waits for that lock (for as long as the issue may take) and looks again, so the id an
 * event names is never answered 404 (see {@link #lookUp}). Dispensing is a conditional update
 * ({@code status = 'issued'}): of concurrent dispensings, PostgreSQL's row lock lets exactly one through, and the
 * others find the row dispensed (409).
 */
@ApplicationScoped
public class Prescriptions {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A prescription as its household and doctors see it (not FHIR); the dosage is the signed MedicationRequest's. */
    public record View(String prescriptionId, String personId, String clinicId, String doctorId, String pharmacyId,
            String medication, String dosage, String status, Instant issuedAt, Instant dispensedAt) {
    }

    /** A signed prescription: the MedicationRequest's canonical JSON and the detached JWS over it. */
    public record Signed(String prescriptionId, String pharmacyId, String resource, String signature) {
    }

    @Inject
    DataSource db;

    @Inject
    PrescriptionSigner signer;

    @Inject
    Pharmacies pharmacies;

    @Inject
    @Channel("prescriptions")
    MutinyEmitter<SpecificRecord> events;

    public Signed issue(Caller.Doctor doctor, String personId, String medication, String atcCode, String dosage, Integer quantity) {
        String pharmacyId = pharmacies.chosenBy(personId).orElseThrow(() -> new InvalidInput("personId",
                "The patient " + personId + " has not chosen a pharmacy yet (PUT /people/{personId}/pharmacy)."));
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String resource = Fhir.canonical(Fhir.medicationRequest(new Fhir.Order(id, personId, doctor.clinicId(),
                doctor.doctorId(), pharmacyId, medication, atcCode, dosage, quantity, now)));
        String signature = signer.sign(resource);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement issuing = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO prescription (prescription_id, person_id, clinic_id, "
                    + "doctor_id, pharmacy_id, medication, resource, signature, issued_at, status) VALUES (?,?,?,?,?,?,?,?,?,'issued')")) {
                issuing.setString(1, id);
                issuing.execute();
                insert.setString(1, id);
                insert.setString(2, personId);
                insert.setString(3, doctor.clinicId());
                insert.setString(4, doctor.doctorId());
                insert.setString(5, pharmacyId);
                insert.setString(6, medication);
                insert.setString(7, resource);
                insert.setString(8, signature);
                insert.setTimestamp(9, Timestamp.from(now));
                insert.executeUpdate();
                send(id, PrescriptionIssued.newBuilder().setEventId(id + ":issued").setOccurredAt(now).setPrescriptionId(id)
                        .setPharmacyId(pharmacyId).setPersonId(personId).setClinicId(doctor.clinicId())
                        .setDoctorId(doctor.doctorId()).setSignature(signature).build());
                c.commit();
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Signed(id, pharmacyId, resource, signature);
    }

    /** The prescription as signed, for the pharmacy it was sent to; any other pharmacy learns nothing of it. */
    public Signed forPharmacy(String prescriptionId, String pharmacyId) {
        return lookUp(prescriptionId, "SELECT resource, signature FROM prescription WHERE prescription_id = ? AND pharmacy_id = ?",
                pharmacyId, rs -> new Signed(prescriptionId, pharmacyId, rs.getString(1), rs.getString(2)), signed -> true);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The row {@code query} finds for this prescription and pharmacy, else 404. A prescription still being issued or
     * dispensed (its event may already be read), found missing or not {@code done}, is waited for: its transaction
     * holds the id's advisory lock until it commits.
     */
    private <T> T lookUp(String prescriptionId, String query, String pharmacyId, Row<T> row, Predicate<T> done) {
        try (Connection c = db.getConnection()) {
            Optional<T> found = find(c, query, prescriptionId, pharmacyId, row);
            if (found.isEmpty() || !done.test(found.get())) {
                c.setAutoCommit(false);
                try (PreparedStatement timeout = c.prepareStatement("SET LOCAL lock_timeout = '" + SEND_TIMEOUT.plusSeconds(5).toMillis() + "ms'");
                        PreparedStatement wait = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))")) {
                    timeout.execute();
                    wait.setString(1, prescriptionId);
                    wait.execute();
                    found = find(c, query, prescriptionId, pharmacyId, row);
                } finally {
                    c.rollback();
                }
            }
            return found.orElseThrow(() -> new NotFoundException("No prescription " + prescriptionId + " for this pharmacy"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Optional<T> find(Connection c, String query, String prescriptionId, String pharmacyId, Row<T> row)
            throws SQLException {
        try (PreparedStatement find = c.prepareStatement(query)) {
            find.setString(1, prescriptionId);
            find.setString(2, pharmacyId);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        }
    }

    /** The pharmacy's prescriptions, newest first; {@code onlyOpen}: those not dispensed yet. */
    public List<String> resourcesOfPharmacy(String pharmacyId, boolean onlyOpen) {
        List<String> found = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement list = c.prepareStatement("SELECT resource FROM prescription WHERE pharmacy_id = ?"
                        + (onlyOpen ? " AND status = 'issued'" : "") + " ORDER BY issued_at DESC LIMIT 500")) {
            list.setString(1, pharmacyId);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** Records the dispensing once and returns the MedicationDispense; a second dispensing is a 409. */
    public String dispense(String prescriptionId, String pharmacyId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                String personId;
                try (PreparedStatement dispensing = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    dispensing.setString(1, prescriptionId);
                    dispensing.execute(); // waits for the prescription's issue to commit, and holds its readers till this one does
                }
                try (PreparedStatement find = c.prepareStatement(
                        "SELECT person_id FROM prescription WHERE prescription_id = ? AND pharmacy_id = ?")) {
                    find.setString(1, prescriptionId);
                    find.setString(2, pharmacyId);
                    try (ResultSet rs = find.executeQuery()) {
                        if (!rs.next()) {
                            throw new NotFoundException("No prescription " + prescriptionId + " for this pharmacy");
                        }
                        personId = rs.getString(1);
                    }
                }
                String resource = Fhir.canonical(Fhir.dispense(prescriptionId, personId, pharmacyId, now));
                try (PreparedStatement update = c.prepareStatement("UPDATE prescription SET status = 'dispensed', dispensed_at = ?, "
                        + "dispense = ? WHERE prescription_id = ? AND pharmacy_id = ? AND status = 'issued'")) {
                    update.setTimestamp(1, Timestamp.from(now));
                    update.setString(2, resource);
                    update.setString(3, prescriptionId);
                    update.setString(4, pharmacyId);
                    if (update.executeUpdate() == 0) {
                        throw new StateConflict("already-dispensed", "Already dispensed",
                                "Prescription " + prescriptionId + " has already been dispensed; a prescription is dispensed once.");
                    }
                }
                send(prescriptionId, PrescriptionDispensed.newBuilder().setEventId(prescriptionId + ":dispensed")
                        .setOccurredAt(now).setPrescriptionId(prescriptionId).setPharmacyId(pharmacyId)
                        .setPersonId(personId).build());
                c.commit();
                return resource;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> dispenseOf(String prescriptionId, String pharmacyId) {
        return lookUp(prescriptionId, "SELECT dispense FROM prescription WHERE prescription_id = ? AND pharmacy_id = ?",
                pharmacyId, rs -> Optional.ofNullable(rs.getString(1)), Optional::isPresent);
    }

    public List<View> ofPerson(String personId) {
        return views("person_id = ?", personId);
    }

    /** What the doctor prescribed for this patient. */
    public List<View> byDoctorFor(Caller.Doctor doctor, String personId) {
        return views("clinic_id = ? AND doctor_id = ? AND person_id = ?", doctor.clinicId(), doctor.doctorId(), personId);
    }

    private List<View> views(String where, String... values) {
        List<View> found = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement list = c.prepareStatement("SELECT prescription_id, person_id, clinic_id, doctor_id, pharmacy_id, "
                        + "medication, status, issued_at, dispensed_at, resource FROM prescription WHERE " + where
                        + " ORDER BY issued_at DESC, prescription_id")) {
            for (int i = 0; i < values.length; i++) {
                list.setString(i + 1, values[i]);
            }
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    Timestamp dispensed = rs.getTimestamp(9);
                    found.add(new View(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), dosage(rs.getString(10)), rs.getString(7), rs.getTimestamp(8).toInstant(),
                            dispensed == null ? null : dispensed.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** The dosage as written in the signed MedicationRequest (the row keeps no copy of it). */
    private static String dosage(String resource) {
        try {
            JsonNode text = JSON.readTree(resource).path("dosageInstruction").path(0).path("text");
            return text.isTextual() ? text.asText() : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored MedicationRequest is not JSON", e);
        }
    }

    private void send(String key, SpecificRecord event) {
        try {
            events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                    .await().atMost(SEND_TIMEOUT);
        } catch (RuntimeException e) {
            throw new ProblemException(503, "unavailable", "Try again shortly",
                    "The prescription could not be sent to the pharmacy just now, so nothing was recorded; try again.");
        }
    }
}
