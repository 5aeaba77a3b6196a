package io.vaxline.certificates.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.upokecenter.cbor.CBORObject;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.certificates.CertificateSettings;
import io.vaxline.certificates.dcc.HealthCertificate;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.certificates.model.Holder;
import io.vaxline.certificates.model.Vaccination;
import io.vaxline.certificates.signing.Hc1Codec;
import io.vaxline.certificates.signing.SigningKeys;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.DerivedIds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.avro.specific.SpecificRecord;

/**
 * Applies the event log to the database. Every value written derives from the events (ids from
 * event ids, times from event times, signatures deterministic) except a certificate's issue time,
 * which is when it is signed: the live consumer takes it from the clock (and judges a dose's dates
 * against it), and a replay passes in the time the live service issued each certificate at (from the
 * certificates topic), so the live consumer and a replay into an empty database write the same rows.
 *
 * <p>{@link #apply(List, boolean)} applies a run of events (one poll of the consumer) in order, in
 * one PostgreSQL transaction that also records each applied event as processed: an event seen
 * before (in the database or earlier in the same run) changes nothing and yields the same outcome.
 * What the run needs is read with one query per table, the run is decided in memory in the order of
 * the events (so a dose and its correction, or the same event twice, in one run behave as they do in
 * two), and what it wrote goes back with one multi-row statement per table. An event that can never
 * make a certificate is rejected on its own; the others beside it are applied.
 */
@ApplicationScoped
public class CertificateLedger {

    /** What one vaccinations event did: certificates issued and revoked, as stored. */
    public record Outcome(List<Certificate> issued, List<Certificate> revoked) {

        static final Outcome NONE = new Outcome(List.of(), List.of());
    }

    /** What became of one event of a run: its outcome, or the reason it can never make a certificate. */
    public record Result(Outcome outcome, RejectedEvent rejection) {

        public boolean rejected() {
            return rejection != null;
        }
    }

    private static final String CERTIFICATE_COLUMNS = "certificate_id, vaccination_event_id, person_id, dose_number, "
            + "series_doses, issued_at, status, expires_at, uvci, key_id, qr, payload_json, replaces_certificate_id, "
            + "replaced_by_certificate_id, revoked_at, revocation_reason, holder_event_id";

    private static final String HOLDER_COLUMNS = "person_id, name, birth_date, birth_year, registered_at, corrected_by_event_id";

    @Inject
    Hc1Codec codec;

    @Inject
    SigningKeys keys;

    @Inject
    CertificateSettings settings;

    @Inject
    Pool db;

    /** Where issue times come from (and "now" for a dose's dates), unless the caller gives one. */
    Clock clock = Clock.systemUTC();

    /** Derived from the vaccination event, never random: replaying the log reproduces it. */
    public static String certificateId(String vaccinationEventId) {
        return DerivedIds.of("certificate", vaccinationEventId);
    }

    /** The certificate re-issued for a dose because its holder's details were corrected by {@code personCorrectedEventId}. */
    public static String reissuedCertificateId(String vaccinationEventId, String personCorrectedEventId) {
        return DerivedIds.of("certificate", vaccinationEventId, personCorrectedEventId);
    }

    /** Keeps the holder's name and date of birth as registered; a person is registered once (PersonCorrected changes them). */
    public Uni<Void> register(PersonRegistered person) {
        return Holder.<Holder>findById(person.getPersonId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Holder holder = new Holder();
            holder.personId = person.getPersonId();
            holder.name = person.getName();
            holder.birthDate = person.getBirthDate();
            holder.birthYear = person.getBirthYear();
            holder.registeredAt = person.getOccurredAt();
            return holder.persist().replaceWithVoid();
        });
    }

    /**
     * Applies {@code events} of the vaccinations topic in order, in one transaction of its own, and
     * answers one result per event in the same order. A dose whose holder is not registered fails the
     * whole run with {@link UnknownHolder} (nothing written, so the caller can wait and try again)
     * unless {@code holdersFinal}, when it is that dose's rejection. Any other failure (the database,
     * a bug) fails the whole run and writes nothing.
     */
    public Uni<List<Result>> apply(List<SpecificRecord> events, boolean holdersFinal) {
        return apply(events, holdersFinal, null);
    }

    /**
     * {@link #apply(List, boolean)} at a given time: the events' certificates are issued at {@code at}
     * and their dates judged against it, or, when it is null, against the clock as the run is decided.
     * Issue times are whole seconds, as the signed payload carries them.
     */
    public Uni<List<Result>> apply(List<SpecificRecord> events, boolean holdersFinal, Instant at) {
        return db.withTransaction(connection -> load(connection, events)
                // Signing is the CPU-heavy part: off the event loop, which also serves HTTP.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(run -> run.decide(events, holdersFinal, (at == null ? clock.instant() : at).truncatedTo(ChronoUnit.SECONDS)))
                .call(run -> run.write(connection))
                .map(run -> run.results));
    }

    /**
     * Applies a correction of a holder's name or birth details, in one transaction of its own: the
     * holder takes the corrected details, and every valid certificate of theirs whose content changes
     * is re-issued (id derived from the dose and the correction, signed at the time {@code issueTimes}
     * gives for its id, or at the clock's time when that is null) and the old one revoked at the
     * correction's time. A correction seen
     * before changes nothing and answers what it did, as stored; one that changes nothing on a
     * certificate re-issues nothing. A correction of a person never registered is rejected.
     */
    public Uni<Outcome> correctHolder(PersonCorrected correction, Function<String, Instant> issueTimes) {
        String personId = correction.getPersonId();
        return db.withTransaction(connection -> connection.preparedQuery("SELECT " + HOLDER_COLUMNS
                + " FROM holder WHERE person_id = $1 FOR UPDATE").execute(Tuple.of(personId))
                .chain(holders -> connection.preparedQuery("SELECT 1 FROM processed_event WHERE event_id = $1")
                        .execute(Tuple.of(correction.getEventId())).chain(processed -> {
                            if (!holders.iterator().hasNext()) {
                                throw new RejectedEvent("person " + personId + " is not registered; a correction follows the "
                                        + "PersonRegistered it corrects, under the same key");
                            }
                            if (processed.iterator().hasNext()) {
                                return storedCorrection(connection, correction);
                            }
                            Holder holder = holder(holders.iterator().next());
                            Instant now = clock.instant();
                            return correctHolder(connection, holder, correction, id -> (issueTimes == null ? now
                                    : issueTimes.apply(id)).truncatedTo(ChronoUnit.SECONDS));
                        })));
    }

    private Uni<Outcome> correctHolder(SqlConnection connection, Holder holder, PersonCorrected correction,
            Function<String, Instant> issueTimes) {
        boolean changed = !holder.name.equals(correction.getName().trim()) || holder.birthYear != correction.getBirthYear()
                || !Objects.equals(holder.birthDate, correction.getBirthDate());
        Uni<Void> processed = connection.preparedQuery("INSERT INTO processed_event (event_id, processed_at) VALUES ($1, $2)")
                .execute(Tuple.of(correction.getEventId(), offset(Instant.now()))).replaceWithVoid();
        if (!changed) {
            return processed.replaceWith(Outcome.NONE);
        }
        holder.name = correction.getName().trim();
        holder.birthYear = correction.getBirthYear();
        holder.birthDate = correction.getBirthDate();
        holder.correctedByEventId = correction.getEventId();
        Uni<Void> update = connection.preparedQuery("UPDATE holder SET name = $2, birth_date = $3, birth_year = $4, "
                + "corrected_by_event_id = $5 WHERE person_id = $1").execute(Tuple.of(holder.personId, holder.name,
                        holder.birthDate, holder.birthYear, holder.correctedByEventId)).replaceWithVoid();
        return connection.preparedQuery("SELECT " + CERTIFICATE_COLUMNS + " FROM certificate WHERE person_id = $1 "
                + "AND status = 'VALID' ORDER BY vaccination_event_id").execute(Tuple.of(holder.personId))
                .chain(rows -> {
                    List<Certificate> valid = new ArrayList<>();
                    rows.forEach(row -> valid.add(certificate(row)));
                    Set<String> doseIds = new LinkedHashSet<>();
                    valid.forEach(c -> doseIds.add(c.vaccinationEventId));
                    return query(connection, "SELECT * FROM vaccination WHERE event_id = ANY ($1)", doseIds)
                            // Signing is the CPU-heavy part: off the event loop, as for a run of doses.
                            .emitOn(Infrastructure.getDefaultWorkerPool()).map(doses -> {
                        Map<String, Vaccination> byId = new HashMap<>();
                        doses.forEach(row -> byId.put(row.getString("event_id"), vaccination(row)));
                        Run run = new Run();
                        List<Certificate> issued = new ArrayList<>();
                        List<Certificate> revoked = new ArrayList<>();
                        for (Certificate old : valid) {
                            String id = reissuedCertificateId(old.vaccinationEventId, correction.getEventId());
                            run.now = issueTimes.apply(id);
                            Certificate fresh = run.sign(holder, byId.get(old.vaccinationEventId), id, old.certificateId);
                            if (samePayload(old, fresh)) {
                                continue;
                            }
                            old.status = Certificate.Status.REVOKED;
                            // The correction's own time, unless the certificate was signed later (the dose arrived after it).
                            old.revokedAt = correction.getOccurredAt().isAfter(old.issuedAt) ? correction.getOccurredAt() : old.issuedAt;
                            old.revocationReason = "holder's name or date of birth corrected"
                                    + (correction.getReason() == null || correction.getReason().isBlank() ? "" : ": " + correction.getReason());
                            old.replacedByCertificateId = fresh.certificateId;
                            run.newCertificates.put(fresh.certificateId, fresh);
                            run.revokedStored.put(old.certificateId, old);
                            issued.add(fresh);
                            revoked.add(old);
                        }
                        return new Reissue(run, new Outcome(issued, revoked));
                    });
                })
                .call(reissue -> update.chain(() -> processed).chain(() -> reissue.run().write(connection)))
                .map(Reissue::outcome);
    }

    private record Reissue(Run run, Outcome outcome) {
    }

    /** What a correction applied before did, as it is stored now. */
    private Uni<Outcome> storedCorrection(SqlConnection connection, PersonCorrected correction) {
        return connection.preparedQuery("SELECT " + CERTIFICATE_COLUMNS + " FROM certificate WHERE certificate_id IN ("
                + "SELECT certificate_id FROM certificate WHERE person_id = $1 AND holder_event_id = $2 AND replaces_certificate_id IS NOT NULL "
                + "UNION SELECT replaces_certificate_id FROM certificate WHERE person_id = $1 AND holder_event_id = $2)")
                .execute(Tuple.of(correction.getPersonId(), correction.getEventId())).map(rows -> {
                    List<Certificate> issued = new ArrayList<>();
                    List<Certificate> revoked = new ArrayList<>();
                    rows.forEach(row -> {
                        Certificate c = certificate(row);
                        (correction.getEventId().equals(c.holderEventId) ? issued : revoked).add(c);
                    });
                    return new Outcome(issued, revoked);
                });
    }

    /** The signed content (holder and dose) is the same: re-issuing would only change the certificate's id. */
    private static boolean samePayload(Certificate old, Certificate fresh) {
        String oldPayload = old.payloadJson.replace(old.uvci, "");
        String freshPayload = fresh.payloadJson.replace(fresh.uvci, "");
        return oldPayload.equals(freshPayload);
    }

    private Uni<Run> load(SqlConnection connection, List<SpecificRecord> events) {
        Set<String> eventIds = new LinkedHashSet<>();
        Set<String> personIds = new LinkedHashSet<>();
        Set<String> corrected = new LinkedHashSet<>();
        for (SpecificRecord event : events) {
            if (event instanceof VaccinationAdministered administered) {
                eventIds.add(administered.getEventId());
                personIds.add(administered.getPersonId());
            } else if (event instanceof VaccinationCorrected correction) {
                eventIds.add(correction.getEventId());
                personIds.add(correction.getPersonId());
                corrected.add(correction.getCorrectsEventId());
            }
        }
        Run run = new Run();
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(run);
        }
        Set<String> certificateIds = new LinkedHashSet<>();
        eventIds.stream().filter(id -> id != null).map(CertificateLedger::certificateId).forEach(certificateIds::add);
        corrected.stream().filter(id -> id != null).map(CertificateLedger::certificateId).forEach(certificateIds::add);
        Uni<Void> processed = query(connection, "SELECT event_id FROM processed_event WHERE event_id = ANY ($1)", eventIds)
                .invoke(rows -> rows.forEach(row -> run.processed.add(row.getString(0)))).replaceWithVoid();
        // FOR SHARE: a correction of the holder (which locks the row FOR UPDATE) waits until this run's
        // certificates are committed and then re-issues them, or this run waits and signs the corrected details.
        Uni<Void> holders = query(connection, "SELECT " + HOLDER_COLUMNS + " FROM holder WHERE person_id = ANY ($1) FOR SHARE",
                personIds).invoke(rows -> rows.forEach(row -> {
                    Holder holder = holder(row);
                    run.holders.put(holder.personId, holder);
                })).replaceWithVoid();
        Uni<Void> originals = corrected.isEmpty() ? Uni.createFrom().voidItem()
                : query(connection, "SELECT event_id, person_id FROM vaccination WHERE event_id = ANY ($1)", corrected)
                        .invoke(rows -> rows.forEach(row -> run.dosePerson.put(row.getString(0), row.getString(1))))
                        .replaceWithVoid();
        // Besides the certificates named by the events' ids: the current one of each dose corrected (a
        // re-issue after a holder's correction has an id of its own) and what each stored one replaced.
        Uni<Void> certificates = connection.preparedQuery("SELECT " + CERTIFICATE_COLUMNS + " FROM certificate "
                + "WHERE certificate_id = ANY ($1) OR (vaccination_event_id = ANY ($2) AND replaced_by_certificate_id IS NULL) "
                + "OR certificate_id IN (SELECT replaces_certificate_id FROM certificate WHERE certificate_id = ANY ($1))")
                .execute(Tuple.of(certificateIds.toArray(String[]::new), corrected.toArray(String[]::new)))
                .invoke(rows -> rows.forEach(row -> {
                    Certificate certificate = certificate(row);
                    run.certificates.put(certificate.certificateId, certificate);
                    if (certificate.replacedByCertificateId == null) {
                        run.currentByDose.put(certificate.vaccinationEventId, certificate);
                    }
                })).replaceWithVoid();
        // Issued together: the connection pipelines them, so the reads cost about one round trip.
        return Uni.join().all(processed, holders, originals, certificates).andFailFast().replaceWith(run);
    }

    private static Uni<RowSet<Row>> query(SqlConnection connection, String sql, Set<String> ids) {
        return connection.preparedQuery(sql).execute(Tuple.of(ids.toArray(String[]::new)));
    }

    /** One run's view of the database (as read, then as changed by the run's events in order) and what it will write. */
    private final class Run {

        final Set<String> processed = new HashSet<>();
        final Map<String, Holder> holders = new HashMap<>();
        /** Doses recorded (read, or written by this run), by event id: their person. */
        final Map<String, String> dosePerson = new HashMap<>();
        final Map<String, Certificate> certificates = new HashMap<>();
        /** The certificate of a dose that nothing replaced yet, by the dose's event id. */
        final Map<String, Certificate> currentByDose = new HashMap<>();

        final List<Vaccination> newDoses = new ArrayList<>();
        final Map<String, Certificate> newCertificates = new LinkedHashMap<>();
        final Map<String, Certificate> revokedStored = new LinkedHashMap<>();
        final List<String> newlyProcessed = new ArrayList<>();
        final List<Result> results = new ArrayList<>();
        boolean holdersFinal;
        /** When the run's certificates are issued, and what their doses' dates are judged against. */
        Instant now;

        Run decide(List<SpecificRecord> events, boolean holdersFinal, Instant now) {
            this.holdersFinal = holdersFinal;
            this.now = now;
            for (SpecificRecord event : events) {
                try {
                    results.add(new Result(decide(event), null));
                } catch (RejectedEvent rejected) {
                    results.add(new Result(null, rejected));
                }
            }
            return this;
        }

        private Outcome decide(SpecificRecord event) {
            if (event instanceof VaccinationAdministered administered) {
                Dose dose = Dose.of(administered);
                if (processed.contains(dose.eventId())) {
                    return stored(dose.eventId(), null);
                }
                Certificate issued = issue(dose, null);
                applied(dose.eventId());
                return new Outcome(List.of(issued), List.of());
            }
            if (event instanceof VaccinationCorrected corrected) {
                Dose dose = Dose.of(corrected);
                if (processed.contains(dose.eventId())) {
                    Certificate issued = certificates.get(certificateId(dose.eventId()));
                    return stored(dose.eventId(), issued != null && issued.replacesCertificateId != null
                            ? issued.replacesCertificateId : certificateId(corrected.getCorrectsEventId()));
                }
                Outcome outcome = correct(dose);
                applied(dose.eventId());
                return outcome;
            }
            return Outcome.NONE;
        }

        private void applied(String eventId) {
            processed.add(eventId);
            newlyProcessed.add(eventId);
        }

        /** The outcome of an event applied before, read back as it is stored now. */
        private Outcome stored(String eventId, String revokedId) {
            Certificate issued = certificates.get(certificateId(eventId));
            Certificate revoked = revokedId == null ? null : certificates.get(revokedId);
            return new Outcome(issued == null ? List.of() : List.of(issued), revoked == null ? List.of() : List.of(revoked));
        }

        private Outcome correct(Dose dose) {
            String person = dosePerson.get(dose.correctsEventId());
            if (person == null) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " is no vaccination recorded here; "
                        + "a correction follows the event it corrects, under the same person's key");
            }
            if (!person.equals(dose.personId())) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " is a dose of another person");
            }
            Certificate first = certificates.get(certificateId(dose.correctsEventId()));
            Certificate old = currentByDose.getOrDefault(dose.correctsEventId(), first);
            if (old == null) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " has no certificate here");
            }
            if (old.status == Certificate.Status.REVOKED) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " was already corrected (certificate "
                        + old.certificateId + " replaced by " + old.replacedByCertificateId + "); correct the latest event");
            }
            Certificate issued = issue(dose, old.certificateId);
            old.status = Certificate.Status.REVOKED;
            old.revokedAt = dose.occurredAt();
            old.revocationReason = "vaccination record corrected: " + dose.correctionReason();
            old.replacedByCertificateId = issued.certificateId;
            currentByDose.remove(dose.correctsEventId());
            if (!newCertificates.containsKey(old.certificateId)) {
                revokedStored.put(old.certificateId, old);
            }
            return new Outcome(List.of(issued), List.of(old));
        }

        private Certificate issue(Dose dose, String replaces) {
            List<String> problems = dose.problems(now, settings.maxClockSkew(), settings.programmeStart());
            if (!problems.isEmpty()) {
                throw new RejectedEvent(String.join("; ", problems));
            }
            Holder holder = holders.get(dose.personId());
            if (holder == null) {
                // Not final: the caller waits for the people reader and runs everything again.
                throw holdersFinal ? new UnknownHolder(dose.personId()) : new WaitForHolder(dose.personId());
            }
            Vaccination vaccination = dose.toEntity();
            Certificate certificate = sign(holder, vaccination, certificateId(dose.eventId()), replaces);
            newDoses.add(vaccination);
            dosePerson.put(vaccination.eventId, vaccination.personId);
            newCertificates.put(certificate.certificateId, certificate);
            certificates.put(certificate.certificateId, certificate);
            currentByDose.put(vaccination.eventId, certificate);
            return certificate;
        }

        /** A certificate of {@code vaccination} for {@code holder} as they are now, signed at the run's time. */
        Certificate sign(Holder holder, Vaccination vaccination, String certificateId, String replaces) {
            Certificate certificate = new Certificate();
            certificate.certificateId = certificateId;
            certificate.vaccinationEventId = vaccination.eventId;
            certificate.personId = vaccination.personId;
            certificate.doseNumber = vaccination.doseNumber;
            certificate.seriesDoses = vaccination.seriesDoses;
            // When it is signed, never a time the event claims: the signed payload's issued-at (iat) says it too.
            certificate.issuedAt = now;
            certificate.expiresAt = vaccination.administeredAt.plus(settings.validity());
            certificate.uvci = HealthCertificate.uvci(settings.issuerCountry(), certificate.certificateId);
            certificate.keyId = Base64.getEncoder().encodeToString(keys.kid());
            CBORObject hcert = HealthCertificate.of(holder, vaccination, certificate.uvci, settings.issuerName());
            certificate.payloadJson = hcert.ToJSONString();
            certificate.qr = codec.sign(hcert, certificate.issuedAt, certificate.expiresAt);
            certificate.status = Certificate.Status.VALID;
            certificate.replacesCertificateId = replaces;
            certificate.holderEventId = holder.correctedByEventId;
            return certificate;
        }

        /** One statement per table, in the order the foreign keys need (checked at the end of each statement). */
        Uni<Void> write(SqlConnection connection) {
            Uni<Void> done = Uni.createFrom().voidItem();
            if (!newDoses.isEmpty()) {
                done = done.call(() -> insertDoses(connection));
            }
            if (!newCertificates.isEmpty()) {
                done = done.call(() -> insertCertificates(connection));
            }
            if (!revokedStored.isEmpty()) {
                List<Tuple> updates = revokedStored.values().stream().map(c -> Tuple.of(c.certificateId, c.status.name(),
                        offset(c.revokedAt), c.revocationReason, c.replacedByCertificateId)).toList();
                done = done.call(() -> connection.preparedQuery("UPDATE certificate SET status = $2, revoked_at = $3, "
                        + "revocation_reason = $4, replaced_by_certificate_id = $5 WHERE certificate_id = $1").executeBatch(updates));
            }
            if (!newlyProcessed.isEmpty()) {
                OffsetDateTime now = offset(Instant.now());
                done = done.call(() -> connection.preparedQuery("INSERT INTO processed_event (event_id, processed_at) "
                        + "SELECT event_id, $2::timestamptz FROM unnest($1::varchar[]) AS e (event_id)")
                        .execute(Tuple.of(newlyProcessed.toArray(String[]::new), now)));
            }
            return done;
        }

        private Uni<RowSet<Row>> insertDoses(SqlConnection connection) {
            List<Vaccination> v = newDoses;
            return connection.preparedQuery("INSERT INTO vaccination (event_id, person_id, clinic_id, appointment_id, "
                    + "target_disease, vaccine_type, product, manufacturer, lot, dose_number, series_doses, administered_at, "
                    + "country, vaccinator, recorded_at, corrects_event_id, correction_reason) SELECT * FROM unnest("
                    + "$1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], "
                    + "$8::varchar[], $9::varchar[], $10::int[], $11::int[], $12::timestamptz[], $13::varchar[], $14::varchar[], "
                    + "$15::timestamptz[], $16::varchar[], $17::varchar[])")
                    .execute(Tuple.from(Arrays.asList(new Object[] {
                            strings(v, d -> d.eventId), strings(v, d -> d.personId), strings(v, d -> d.clinicId),
                            strings(v, d -> d.appointmentId), strings(v, d -> d.targetDisease), strings(v, d -> d.vaccineType),
                            strings(v, d -> d.product), strings(v, d -> d.manufacturer), strings(v, d -> d.lot),
                            v.stream().map(d -> d.doseNumber).toArray(Integer[]::new),
                            v.stream().map(d -> d.seriesDoses).toArray(Integer[]::new),
                            v.stream().map(d -> offset(d.administeredAt)).toArray(OffsetDateTime[]::new),
                            strings(v, d -> d.country), strings(v, d -> d.vaccinator),
                            v.stream().map(d -> offset(d.recordedAt)).toArray(OffsetDateTime[]::new),
                            strings(v, d -> d.correctsEventId), strings(v, d -> d.correctionReason) })));
        }

        private Uni<RowSet<Row>> insertCertificates(SqlConnection connection) {
            List<Certificate> c = List.copyOf(newCertificates.values());
            return connection.preparedQuery("INSERT INTO certificate (" + CERTIFICATE_COLUMNS + ") SELECT * FROM unnest("
                    + "$1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::timestamptz[], $7::varchar[], "
                    + "$8::timestamptz[], $9::varchar[], $10::varchar[], $11::text[], $12::text[], $13::varchar[], "
                    + "$14::varchar[], $15::timestamptz[], $16::varchar[], $17::varchar[])")
                    .execute(Tuple.from(Arrays.asList(new Object[] {
                            strings(c, x -> x.certificateId), strings(c, x -> x.vaccinationEventId), strings(c, x -> x.personId),
                            c.stream().map(x -> x.doseNumber).toArray(Integer[]::new),
                            c.stream().map(x -> x.seriesDoses).toArray(Integer[]::new),
                            c.stream().map(x -> offset(x.issuedAt)).toArray(OffsetDateTime[]::new),
                            strings(c, x -> x.status.name()),
                            c.stream().map(x -> offset(x.expiresAt)).toArray(OffsetDateTime[]::new),
                            strings(c, x -> x.uvci), strings(c, x -> x.keyId), strings(c, x -> x.qr), strings(c, x -> x.payloadJson),
                            strings(c, x -> x.replacesCertificateId), strings(c, x -> x.replacedByCertificateId),
                            c.stream().map(x -> offset(x.revokedAt)).toArray(OffsetDateTime[]::new),
                            strings(c, x -> x.revocationReason), strings(c, x -> x.holderEventId) })));
        }
    }

    /** A dose's holder is not registered yet: the run is given up and tried again after a wait. */
    public static final class WaitForHolder extends RuntimeException {

        public WaitForHolder(String personId) {
            super("person " + personId + " is not registered yet", null, false, false);
        }
    }

    private static <T> String[] strings(List<T> items, Function<T, String> field) {
        return items.stream().map(field).toArray(String[]::new);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Holder holder(Row row) {
        Holder holder = new Holder();
        holder.personId = row.getString("person_id");
        holder.name = row.getString("name");
        holder.birthDate = row.getLocalDate("birth_date");
        holder.birthYear = row.getInteger("birth_year");
        holder.registeredAt = instant(row.getOffsetDateTime("registered_at"));
        holder.correctedByEventId = row.getString("corrected_by_event_id");
        return holder;
    }

    private static Vaccination vaccination(Row row) {
        Vaccination v = new Vaccination();
        v.eventId = row.getString("event_id");
        v.personId = row.getString("person_id");
        v.clinicId = row.getString("clinic_id");
        v.appointmentId = row.getString("appointment_id");
        v.targetDisease = row.getString("target_disease");
        v.vaccineType = row.getString("vaccine_type");
        v.product = row.getString("product");
        v.manufacturer = row.getString("manufacturer");
        v.lot = row.getString("lot");
        v.doseNumber = row.getInteger("dose_number");
        v.seriesDoses = row.getInteger("series_doses");
        v.administeredAt = instant(row.getOffsetDateTime("administered_at"));
        v.country = row.getString("country");
        v.vaccinator = row.getString("vaccinator");
        v.recordedAt = instant(row.getOffsetDateTime("recorded_at"));
        v.correctsEventId = row.getString("corrects_event_id");
        v.correctionReason = row.getString("correction_reason");
        return v;
    }

    private static Certificate certificate(Row row) {
        Certificate c = new Certificate();
        c.certificateId = row.getString("certificate_id");
        c.vaccinationEventId = row.getString("vaccination_event_id");
        c.personId = row.getString("person_id");
        c.doseNumber = row.getInteger("dose_number");
        c.seriesDoses = row.getInteger("series_doses");
        c.issuedAt = instant(row.getOffsetDateTime("issued_at"));
        c.status = Certificate.Status.valueOf(row.getString("status"));
        c.expiresAt = instant(row.getOffsetDateTime("expires_at"));
        c.uvci = row.getString("uvci");
        c.keyId = row.getString("key_id");
        c.qr = row.getString("qr");
        c.payloadJson = row.getString("payload_json");
        c.replacesCertificateId = row.getString("replaces_certificate_id");
        c.replacedByCertificateId = row.getString("replaced_by_certificate_id");
        c.revokedAt = instant(row.getOffsetDateTime("revoked_at"));
        c.revocationReason = row.getString("revocation_reason");
        c.holderEventId = row.getString("holder_event_id");
        return c;
    }
}
