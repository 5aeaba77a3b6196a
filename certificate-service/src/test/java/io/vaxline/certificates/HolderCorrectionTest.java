package io.vaxline.certificates;

import static io.restassured.RestAssured.given;
import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.correction;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static io.vaxline.certificates.Fixtures.report;
import static io.vaxline.certificates.Fixtures.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

/** A holder's corrected name or birth date re-issues their certificates and revokes the old ones, from the people topic alone. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class HolderCorrectionTest {

    @Test
    void aCorrectedNameAndBirthDateReissueTheCertificateAndRevokeTheOldOne() {
        String personId = registeredPerson("Maja Berh");
        VaccinationAdministered dose = report(dose(personId).build());
        String oldId = certificateOf(dose);
        String oldQr = awaitCertificate(oldId, personId).body("healthCertificate.nam.fn", equalTo("Berh"))
                .extract().path("qr");

        PersonCorrected fix = corrected(personId, "Maja Berg", LocalDate.of(1964, 8, 21), "surname and birth day mistyped");
        kafka.send(Topics.PEOPLE, personId, fix);
        String newId = CertificateLedger.reissuedCertificateId(dose.getEventId(), fix.getEventId());

        awaitCertificate(newId, personId).body("status", equalTo("VALID"))
                .body("replacesCertificateId", equalTo(oldId))
                .body("healthCertificate.nam.fn", equalTo("Berg"))
                .body("healthCertificate.nam.fnt", equalTo("BERG"))
                .body("healthCertificate.dob", equalTo("1964-08-21"));
        given().auth().oauth2(tokenFor(personId)).get("/certificates/" + oldId).then().statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("replacedByCertificateId", equalTo(newId))
                .body("revocationReason", equalTo("holder's name or date of birth corrected: surname and birth day mistyped"));
        DccInteroperabilityTest.verify(oldQr).body("valid", equalTo(false)).body("reason", equalTo("REVOKED"));
        given().auth().oauth2(tokenFor(personId)).get("/people/" + personId + "/certificates").then().statusCode(200)
                .body("findAll { it.status == 'VALID' }", hasSize(1));

        CertificateRevoked revoked = kafka.await(Topics.CERTIFICATES, CertificateRevoked.class,
                e -> e.getCertificateId().equals(oldId), Duration.ofSeconds(30));
        assertThat(revoked.getReplacedByCertificateId()).isEqualTo(newId);
        CertificateIssued reissued = kafka.await(Topics.CERTIFICATES, CertificateIssued.class,
                e -> e.getCertificateId().equals(newId), Duration.ofSeconds(30));
        assertThat(reissued.getReplacesCertificateId()).isEqualTo(oldId);
        assertThat(reissued.getVaccinationEventId()).isEqualTo(dose.getEventId());

        // A dose corrected afterwards replaces the re-issued certificate, and keeps the corrected name.
        VaccinationCorrected lot = correction(dose, "LOT-RIGHT", "lot number mistyped");
        kafka.send(Topics.VACCINATIONS, personId, lot);
        String afterLot = CertificateLedger.certificateId(lot.getEventId());
        awaitCertificate(afterLot, personId).body("status", equalTo("VALID"))
                .body("replacesCertificateId", equalTo(newId))
                .body("healthCertificate.nam.fn", equalTo("Berg"));
        given().auth().oauth2(tokenFor(personId)).get("/certificates/" + newId).then().statusCode(200)
                .body("status", equalTo("REVOKED")).body("replacedByCertificateId", equalTo(afterLot));
    }

    @Test
    void aLaterDoseCarriesTheCorrectedNameAndACorrectionThatChangesNothingReissuesNothing() {
        String personId = registeredPerson("Ola Nordman");
        VaccinationAdministered first = report(dose(personId).build());
        awaitCertificate(certificateOf(first), personId);
        PersonCorrected fix = corrected(personId, "Ola Nordmann", LocalDate.of(1964, 8, 12), null);
        kafka.send(Topics.PEOPLE, personId, fix);
        awaitCertificate(CertificateLedger.reissuedCertificateId(first.getEventId(), fix.getEventId()), personId)
                .body("healthCertificate.nam.fn", equalTo("Nordmann"))
                .body("healthCertificate.dob", equalTo("1964-08-12"));

        VaccinationAdministered second = report(dose(personId).setDoseNumber(2).build());
        awaitCertificate(certificateOf(second), personId).body("healthCertificate.nam.fn", equalTo("Nordmann"))
                .body("replacesCertificateId", equalTo(null));

        PersonCorrected same = corrected(personId, "Ola Nordmann", LocalDate.of(1964, 8, 12), "nothing new");
        PersonCorrected then = corrected(personId, "Ola Nordmann-Berg", LocalDate.of(1964, 8, 12), null);
        kafka.send(Topics.PEOPLE, personId, same);
        kafka.send(Topics.PEOPLE, personId, then);
        awaitCertificate(CertificateLedger.reissuedCertificateId(second.getEventId(), then.getEventId()), personId)
                .body("healthCertificate.nam.fn", equalTo("Nordmann-Berg"));
        given().auth().oauth2(tokenFor(personId))
                .get("/certificates/" + CertificateLedger.reissuedCertificateId(second.getEventId(), same.getEventId()))
                .then().statusCode(404);
    }

    private static PersonCorrected corrected(String personId, String name, LocalDate birthDate, String reason) {
        return PersonCorrected.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setName(name).setBirthDate(birthDate).setBirthYear(birthDate.getYear())
                .setReason(reason).build();
    }
}
