package io.vaxline.certificates;

import static io.restassured.RestAssured.given;
import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.deadLetterReason;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static io.vaxline.certificates.Fixtures.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

/**
 * Whoever can write to the vaccinations topic must not get a genuine certificate for a dose that
 * cannot have been given: one dated in the future (beyond a few minutes of clock skew) or before the
 * programme began is parked on vaccinations-dlq with the reason, and the valid dose sent right beside
 * it, in the same poll, is still certified. A certificate's issue time is when it was signed, never a
 * time the event claims.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DoseDatesTest {

    @Test
    void aForgedDoseDatedInTheFutureIsParkedWithTheReasonAndTheValidDoseBesideItIsCertified() throws Exception {
        String personId = registeredPerson("Future Forger");
        Instant future = Instant.parse("2031-01-01T09:00:00Z");
        // Forged consistently: "recorded" in 2031 as well, so only the clock can tell.
        VaccinationAdministered forged = dose(personId).setOccurredAt(future).setAdministeredAt(future).build();
        VaccinationAdministered valid = dose(personId).setDoseNumber(2).build();
        reportTogether(personId, forged, valid);

        assertThat(deadLetterReason(personId))
                .contains("administered in the future: administeredAt 2031-01-01T09:00:00Z is after now (")
                .contains("plus 5 minutes of clock skew")
                .contains("recorded in the future: occurredAt 2031-01-01T09:00:00Z");
        awaitCertificate(certificateOf(valid), personId);
        assertNoCertificate(forged);
        assertThat(CertificateFromVaccinationTest.certificatesOf(personId)).isEqualTo(1);
    }

    @Test
    void aDoseAnHourAheadIsParkedWhileOneWithinTheClockSkewIsCertified() throws Exception {
        String personId = registeredPerson("Clock Ahead");
        // Recorded now, so the check against the event's own recording time (a day's leeway) lets both through.
        VaccinationAdministered hourAhead = dose(personId)
                .setAdministeredAt(Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS)).build();
        VaccinationAdministered minuteAhead = dose(personId).setDoseNumber(2)
                .setAdministeredAt(Instant.now().plus(Duration.ofMinutes(1))).build();
        reportTogether(personId, hourAhead, minuteAhead);

        assertThat(deadLetterReason(personId)).startsWith("administered in the future: administeredAt "
                + hourAhead.getAdministeredAt() + " is after now (").contains("plus 5 minutes of clock skew");
        awaitCertificate(certificateOf(minuteAhead), personId);
        assertNoCertificate(hourAhead);
        assertThat(CertificateFromVaccinationTest.certificatesOf(personId)).isEqualTo(1);
    }

    @Test
    void aDoseFromBeforeTheProgrammeStartedIsParkedWithTheReasonAndTheValidDoseBesideItIsCertified() throws Exception {
        String personId = registeredPerson("Early Bird");
        VaccinationAdministered early = dose(personId).setAdministeredAt(Instant.parse("2020-11-29T09:00:00Z")).build();
        VaccinationAdministered valid = dose(personId).setDoseNumber(2).build();
        reportTogether(personId, early, valid);

        assertThat(deadLetterReason(personId)).isEqualTo("administered before the programme started: administeredAt "
                + "2020-11-29T09:00:00Z is before its first day, 2020-12-01");
        awaitCertificate(certificateOf(valid), personId);
        assertNoCertificate(early);
        assertThat(CertificateFromVaccinationTest.certificatesOf(personId)).isEqualTo(1);
    }

    @Test
    void aCertificateIsIssuedWhenItIsSignedNotWhenTheDoseWasGivenOrRecorded() {
        String personId = registeredPerson("Late Report");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Given three days ago, recorded two days ago, sent only now.
        VaccinationAdministered dose = dose(personId).setAdministeredAt(Instant.now().minus(Duration.ofDays(3)))
                .setOccurredAt(Instant.now().minus(Duration.ofDays(2))).build();
        kafka.send(Topics.VACCINATIONS, personId, dose);

        String certificateId = certificateOf(dose);
        Instant stored = Instant.parse(awaitCertificate(certificateId, personId).extract().path("issuedAt"));
        Instant after = Instant.now();
        assertThat(stored).isBetween(before, after);
        String qr = given().auth().oauth2(tokenFor(personId)).get("/certificates/" + certificateId).then().extract().path("qr");
        Instant iat = Instant.parse(DccInteroperabilityTest.verify(qr).extract().path("issuedAt"));
        assertThat(iat).as("the signed payload's issued-at (iat)").isEqualTo(stored);
        CertificateIssued announced = kafka.await(Topics.CERTIFICATES, CertificateIssued.class,
                e -> e.getCertificateId().equals(certificateId), Duration.ofSeconds(30));
        assertThat(announced.getOccurredAt()).isEqualTo(stored);
    }

    /** Sends the doses one after the other under one key, so that they come in one poll. */
    private static void reportTogether(String personId, VaccinationAdministered... doses) {
        for (VaccinationAdministered dose : List.of(doses)) {
            kafka.sendAsync(Topics.VACCINATIONS, personId, dose);
        }
        kafka.flush();
    }

    private static void assertNoCertificate(VaccinationAdministered dose) {
        given().auth().oauth2(tokenFor(dose.getPersonId())).get("/certificates/" + certificateOf(dose)).then().statusCode(404);
    }
}
