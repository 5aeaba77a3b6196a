package io.vaxline.certificates;

import static io.restassured.RestAssured.given;
import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.deadLetterReason;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static io.vaxline.certificates.Fixtures.report;
import static io.vaxline.certificates.Fixtures.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class CertificateFromVaccinationTest {

    @Test
    void aReportedDoseBecomesASignedCertificateWithAnIdDerivedFromTheEventAndIsAnnounced() {
        String personId = registeredPerson("Åsa Maria Öberg");
        VaccinationAdministered dose = report(dose(personId).build());
        String certificateId = certificateOf(dose);

        awaitCertificate(certificateId, personId)
                .body("personId", equalTo(personId))
                .body("vaccinationEventId", equalTo(dose.getEventId()))
                .body("doseNumber", equalTo(1))
                .body("status", equalTo("VALID"))
                .body("qr", startsWith("HC1:"))
                .body("uvci", equalTo("URN:UVCI:01:SE:VAXLINE/" + certificateId.replace("-", "").toUpperCase()))
                .body("healthCertificate.nam.fn", equalTo("Öberg"))
                .body("healthCertificate.nam.fnt", equalTo("OEBERG"))
                .body("healthCertificate.nam.gnt", equalTo("AASA<MARIA"))
                .body("healthCertificate.dob", equalTo("1964-08-12"))
                .body("healthCertificate.v[0].mp", equalTo("EU/1/20/1528"));

        CertificateIssued issued = kafka.await(Topics.CERTIFICATES, CertificateIssued.class,
                e -> e.getCertificateId().equals(certificateId), Duration.ofSeconds(30));
        assertThat(issued.getPersonId()).isEqualTo(personId);
        assertThat(issued.getVaccinationEventId()).isEqualTo(dose.getEventId());
    }

    @Test
    void onlyTheHolderSeesTheCertificate() {
        String personId = registeredPerson("Ana García");
        VaccinationAdministered dose = report(dose(personId).build());
        String certificateId = certificateOf(dose);
        awaitCertificate(certificateId, personId);

        given().get("/certificates/" + certificateId).then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/certificates/" + certificateId + ".pdf").then().statusCode(401);
        String stranger = tokenFor("person-" + UUID.randomUUID());
        given().auth().oauth2(stranger).get("/certificates/" + certificateId).then().statusCode(404);
        given().auth().oauth2(stranger).get("/certificates/" + certificateId + ".pdf").then().statusCode(404);
        given().auth().oauth2(stranger).get("/people/" + personId + "/certificates").then().statusCode(403);
        given().auth().oauth2("not-a-token").get("/certificates/" + certificateId).then().statusCode(401);
        // A household token covers each of its people.
        given().auth().oauth2(tokenFor("someone-else", personId)).get("/people/" + personId + "/certificates")
                .then().statusCode(200).body("[0].certificateId", equalTo(certificateId));
    }

    @Test
    void thePdfShowsTheQrCodeAndTheFieldsToItsHolder() throws Exception {
        String personId = registeredPerson("Łukasz Żółć");
        VaccinationAdministered dose = report(dose(personId).build());
        String certificateId = certificateOf(dose);
        String uvci = awaitCertificate(certificateId, personId).extract().path("uvci");

        byte[] pdf = given().auth().oauth2(tokenFor(personId)).get("/certificates/" + certificateId + ".pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(uvci, "Comirnaty (EU/1/20/1528)", "1 of 2", "1964-08-12", "Lukasz Zólc");
        }
        assertThat(new ByteArrayInputStream(pdf).readNBytes(5)).isEqualTo("%PDF-".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theSameEventTwiceMakesOneCertificate() throws Exception {
        String personId = registeredPerson("Sam Lee");
        VaccinationAdministered dose = report(dose(personId).build());
        report(dose);
        VaccinationAdministered later = report(dose(personId).setDoseNumber(2).build());

        awaitCertificate(certificateOf(later), personId);
        assertThat(certificatesOf(personId)).isEqualTo(2);
    }

    @Test
    void anUnreadableRecordIsParkedAndTheNextIsStillApplied() {
        String key = "poison-" + UUID.randomUUID();
        kafka.sendRaw(Topics.VACCINATIONS.name(), key, "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8));
        String personId = registeredPerson("Kim Park");
        VaccinationAdministered dose = report(dose(personId).build());

        assertThat(deadLetterReason(key)).isNotBlank();
        awaitCertificate(certificateOf(dose), personId);
    }

    @Test
    void aDoseWithCodesNoVerifierKnowsIsParkedWithTheFieldNamed() throws Exception {
        String personId = registeredPerson("Lee Chan");
        VaccinationAdministered bad = report(dose(personId).setProduct("MadeUpVax").setCountry("Sweden").build());
        VaccinationAdministered good = report(dose(personId).setDoseNumber(2).build());

        String reason = deadLetterReason(personId);
        assertThat(reason).contains("product 'MadeUpVax' is not in the EU DCC value set vaccine-medicinal-product")
                .contains("country 'Sweden'");
        awaitCertificate(certificateOf(good), personId);
        assertThat(certificatesOf(personId)).isEqualTo(1);
        given().auth().oauth2(tokenFor(personId)).get("/certificates/" + certificateOf(bad)).then().statusCode(404);
    }

    @Test
    void aDoseOfSomeoneNeverRegisteredIsParkedWithWhatToDo() {
        String personId = "person-" + UUID.randomUUID();
        report(dose(personId).build());
        assertThat(deadLetterReason(personId)).contains("person " + personId + " is not registered")
                .contains("register them through booking-api");
    }

    @Test
    void anUnknownCertificateIs404() {
        given().auth().oauth2(tokenFor("p")).get("/certificates/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    static int certificatesOf(String personId) throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM certificate WHERE person_id = ?")) {
            s.setString(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
