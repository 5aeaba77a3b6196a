package io.vaxline.certificates;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;

/** People, doses and holders' tokens for the certificate tests, all sent through the real topics. */
final class Fixtures {

    static final TopicClient kafka = InfrastructureTestResource.topics();

    private Fixtures() {
    }

    static String registeredPerson(String name) {
        String personId = "person-" + UUID.randomUUID();
        kafka.send(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setPhone("+46701234567").setName(name)
                .setBirthDate(LocalDate.of(1964, 8, 12)).setBirthYear(1964).build());
        return personId;
    }

    static VaccinationAdministered.Builder dose(String personId) {
        return VaccinationAdministered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setClinicId("clinic-1").setTargetDisease("840539006").setVaccineType("J07BX03")
                .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-42").setDoseNumber(1)
                .setSeriesDoses(2).setAdministeredAt(Instant.now().minus(Duration.ofHours(2))).setCountry("SE")
                .setVaccinator("vacc-7");
    }

    static VaccinationCorrected correction(VaccinationAdministered original, String lot, String reason) {
        return VaccinationCorrected.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setCorrectsEventId(original.getEventId()).setPersonId(original.getPersonId())
                .setClinicId(original.getClinicId()).setTargetDisease(original.getTargetDisease())
                .setVaccineType(original.getVaccineType()).setProduct(original.getProduct())
                .setManufacturer(original.getManufacturer()).setLot(lot).setDoseNumber(original.getDoseNumber())
                .setSeriesDoses(original.getSeriesDoses()).setAdministeredAt(original.getAdministeredAt())
                .setCountry(original.getCountry()).setVaccinator(original.getVaccinator()).setReason(reason).build();
    }

    static VaccinationAdministered report(VaccinationAdministered dose) {
        kafka.send(Topics.VACCINATIONS, dose.getPersonId(), dose);
        return dose;
    }

    /** The token booking-api hands a household after its one-time code. */
    static String tokenFor(String... personIds) {
        return Jwt.subject("household-" + UUID.randomUUID()).groups(Set.of("person")).claim("people", List.of(personIds))
                .expiresIn(Duration.ofMinutes(10)).sign();
    }

    static String certificateOf(VaccinationAdministered dose) {
        return CertificateLedger.certificateId(dose.getEventId());
    }

    /** The certificate as its holder sees it, once it is there. */
    static ValidatableResponse awaitCertificate(String certificateId, String personId) {
        String token = tokenFor(personId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(token).get("/certificates/" + certificateId).statusCode() == 200);
        return given().auth().oauth2(token).get("/certificates/" + certificateId).then().statusCode(200);
    }

    /** The reason the dead letter with this key gives. */
    static String deadLetterReason(String key) {
        return kafka.deadLetterReason(Topics.VACCINATIONS, key, Duration.ofSeconds(60));
    }
}
