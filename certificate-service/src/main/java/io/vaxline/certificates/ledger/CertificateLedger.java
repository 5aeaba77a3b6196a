package io.vaxline.certificates.ledger;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.upokecenter.cbor.CBORObject;

import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.CertificateSettings;
import io.vaxline.certificates.dcc.HealthCertificate;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.certificates.model.Holder;
import io.vaxline.certificates.model.ProcessedEvent;
import io.vaxline.certificates.model.Vaccination;
import io.vaxline.certificates.signing.Hc1Codec;
import io.vaxline.certificates.signing.SigningKeys;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;

/**
 * Applies the event log to the database. Every value written derives from the events (ids from
 * event ids, times from event times, signatures deterministic), so the live consumer and a replay
 * into an empty database write the same rows. Callers run each call in one transaction, which also
 * records the event as processed: applying it again changes nothing and returns the same outcome.
 */
@ApplicationScoped
public class CertificateLedger {

    /** What one vaccinations event did: certificates issued and revoked, as stored. */
    public record Outcome(List<Certificate> issued, List<Certificate> revoked) {

        static final Outcome NONE = new Outcome(List.of(), List.of());
    }

    @Inject
    Hc1Codec codec;

    @Inject
    SigningKeys keys;

    @Inject
    CertificateSettings settings;

    /** Derived from the vaccination event, never random: replaying the log reproduces it. */
    public static String certificateId(String vaccinationEventId) {
        return DerivedIds.of("certificate", vaccinationEventId);
    }

    /** Keeps the holder's name and date of birth; a person is registered once and their name never changes. */
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

    /** Applies one event of the vaccinations topic; call within a transaction. */
    public Uni<Outcome> apply(SpecificRecord event) {
        if (event instanceof VaccinationAdministered administered) {
            Dose dose = Dose.of(administered);
            return once(dose.eventId(), List.of(), () -> issue(dose, null).map(issued -> new Outcome(List.of(issued), List.of())));
        }
        if (event instanceof VaccinationCorrected corrected) {
            Dose dose = Dose.of(corrected);
            return once(dose.eventId(), List.of(certificateId(corrected.getCorrectsEventId())), () -> correct(dose));
        }
        return Uni.createFrom().item(Outcome.NONE);
    }

    /** Applies the effect unless the event was applied before; then the outcome is read back as stored. */
    private Uni<Outcome> once(String eventId, List<String> revokedIds, java.util.function.Supplier<Uni<Outcome>> effect) {
        return ProcessedEvent.<ProcessedEvent>findById(eventId).chain(seen -> seen == null
                ? effect.get().call(() -> ProcessedEvent.of(eventId, Instant.now()).persist())
                : Certificate.<Certificate>findById(certificateId(eventId)).chain(issued -> revokedIds.isEmpty()
                        ? Uni.createFrom().item(new Outcome(issued == null ? List.of() : List.of(issued), List.of()))
                        : Certificate.<Certificate>findById(revokedIds.get(0)).map(revoked -> new Outcome(
                                issued == null ? List.of() : List.of(issued), revoked == null ? List.of() : List.of(revoked)))));
    }

    private Uni<Outcome> correct(Dose dose) {
        return Vaccination.<Vaccination>findById(dose.correctsEventId()).chain(original -> {
            if (original == null) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " is no vaccination recorded here; "
                        + "a correction follows the event it corrects, under the same person's key");
            }
            if (!original.personId.equals(dose.personId())) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " is a dose of another person");
            }
            return Certificate.<Certificate>findById(certificateId(original.eventId));
        }).chain(old -> {
            if (old.status == Certificate.Status.REVOKED) {
                throw new RejectedEvent("correctsEventId " + dose.correctsEventId() + " was already corrected (certificate "
                        + old.certificateId + " replaced by " + old.replacedByCertificateId + "); correct the latest event");
            }
            return issue(dose, old.certificateId).map(issued -> {
                old.status = Certificate.Status.REVOKED;
                old.revokedAt = dose.occurredAt();
                old.revocationReason = "vaccination record corrected: " + dose.correctionReason();
                old.replacedByCertificateId = issued.certificateId;
                return new Outcome(List.of(issued), List.of(old));
            });
        });
    }

    private Uni<Certificate> issue(Dose dose, String replaces) {
        List<String> problems = dose.problems();
        if (!problems.isEmpty()) {
            throw new RejectedEvent(String.join("; ", problems));
        }
        return Holder.<Holder>findById(dose.personId()).chain(holder -> {
            if (holder == null) {
                throw new UnknownHolder(dose.personId());
            }
            Vaccination vaccination = dose.toEntity();
            Certificate certificate = new Certificate();
            certificate.certificateId = certificateId(dose.eventId());
            certificate.vaccinationEventId = dose.eventId();
            certificate.personId = dose.personId();
            certificate.doseNumber = dose.doseNumber();
            certificate.seriesDoses = dose.seriesDoses();
            certificate.issuedAt = dose.occurredAt();
            certificate.expiresAt = dose.administeredAt().plus(settings.validity());
            certificate.uvci = HealthCertificate.uvci(settings.issuerCountry(), certificate.certificateId);
            certificate.keyId = java.util.Base64.getEncoder().encodeToString(keys.kid());
            CBORObject hcert = HealthCertificate.of(holder, vaccination, certificate.uvci, settings.issuerName());
            certificate.payloadJson = hcert.ToJSONString();
            certificate.qr = codec.sign(hcert, certificate.issuedAt, certificate.expiresAt);
            certificate.status = Certificate.Status.VALID;
            certificate.replacesCertificateId = replaces;
            return vaccination.persist().chain(() -> certificate.persist()).replaceWith(certificate);
        });
    }
}
