package io.vaxline.certificates;

import static io.restassured.RestAssured.given;
import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.correction;
import static io.vaxline.certificates.Fixtures.deadLetterReason;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static io.vaxline.certificates.Fixtures.report;
import static io.vaxline.certificates.Fixtures.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.certificates.signing.Hc1Codec;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A corrected dose gets a new certificate; the old one is revoked, listed, and fails verification. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class CorrectionTest {

    @Test
    void aCorrectionReissuesTheCertificateAndRevokesTheOldOne() {
        String personId = registeredPerson("Maja Berg");
        VaccinationAdministered original = report(dose(personId).setLot("LOT-WRONG").build());
        String oldId = certificateOf(original);
        String oldQr = awaitCertificate(oldId, personId).extract().path("qr");
        String oldUvci = awaitCertificate(oldId, personId).extract().path("uvci");
        DccInteroperabilityTest.verify(oldQr).body("valid", equalTo(true));

        VaccinationCorrected fix = correction(original, "LOT-RIGHT", "lot number mistyped");
        kafka.send(Topics.VACCINATIONS, personId, fix);
        String newId = CertificateLedger.certificateId(fix.getEventId());

        awaitCertificate(newId, personId).body("status", equalTo("VALID"))
                .body("replacesCertificateId", equalTo(oldId))
                .body("healthCertificate.v[0].ci", not(equalTo(oldUvci)));
        given().auth().oauth2(tokenFor(personId)).get("/certificates/" + oldId).then().statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("replacedByCertificateId", equalTo(newId))
                .body("revocationReason", equalTo("vaccination record corrected: lot number mistyped"));

        given().get("/revocations").then().statusCode(200).body("entries.uvciSha256", hasItem(Hc1Codec.uvciHash(oldUvci)));
        DccInteroperabilityTest.verify(oldQr).body("valid", equalTo(false)).body("reason", equalTo("REVOKED"));

        CertificateRevoked revoked = kafka.await(Topics.CERTIFICATES, CertificateRevoked.class,
                e -> e.getCertificateId().equals(oldId), Duration.ofSeconds(30));
        assertThat(revoked.getReplacedByCertificateId()).isEqualTo(newId);
        CertificateIssued reissued = kafka.await(Topics.CERTIFICATES, CertificateIssued.class,
                e -> e.getCertificateId().equals(newId), Duration.ofSeconds(30));
        assertThat(reissued.getReplacesCertificateId()).isEqualTo(oldId);
    }

    @Test
    void aCorrectionOfSomethingNeverReportedIsParkedWithTheReason() {
        String personId = registeredPerson("Noor Ali");
        VaccinationAdministered neverSent = dose(personId).build();
        kafka.send(Topics.VACCINATIONS, personId, correction(neverSent, "LOT-1", "typo"));
        assertThat(deadLetterReason(personId)).contains("correctsEventId " + neverSent.getEventId()
                + " is no vaccination recorded here");
    }

    @Test
    void correctingTheSameEventTwiceIsRefusedTheSecondTime() {
        String personId = registeredPerson("Ola Nordmann");
        VaccinationAdministered original = report(dose(personId).build());
        VaccinationCorrected first = correction(original, "LOT-2", "first fix");
        kafka.send(Topics.VACCINATIONS, personId, first);
        kafka.send(Topics.VACCINATIONS, personId, correction(original, "LOT-3", "second fix of the same event"));

        assertThat(deadLetterReason(personId)).contains("was already corrected");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(tokenFor(personId)).get("/certificates/" + CertificateLedger.certificateId(first.getEventId()))
                        .then().statusCode(200).body("status", equalTo("VALID")));
    }
}
