package io.vaxline.records;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.PrescriptionDispensed;
import io.vaxline.events.PrescriptionIssued;
import io.vaxline.records.fhir.Fhir;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.avro.specific.SpecificRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class PrescriptionTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    /** Given a patient who chose pharmacy A, when their doctor prescribes, then A reads it, signed, and A alone. */
    @Test
    void aPrescriptionIsSignedAndSentToTheChosenPharmacyOnly() throws Exception {
        Tokens.Pharmacy chosen = Tokens.pharmacy("Apoteket Hjärtat Centrum");
        Tokens.Pharmacy other = Tokens.pharmacy("Apotek Nord");
        String patient = Tokens.person();
        Tokens.choose(patient, chosen);

        Map<String, Object> issued = issue(Tokens.doctor("clinic-north", "dr-ana"), patient, "Amoxicillin 500 mg", "J01CA04")
                .then().statusCode(201).extract().as(Map.class);
        String id = (String) issued.get("prescriptionId");
        assertThat(issued.get("pharmacyId")).isEqualTo(chosen.pharmacyId());

        Response read = given().header("X-Pharmacy-Key", chosen.apiKey()).get("/fhir/MedicationRequest/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.contentType()).startsWith("application/fhir+json");
        String body = read.asString();
        String signature = read.header("X-Prescription-Signature");
        assertThat(signature).isEqualTo(issued.get("signature")).matches("[^.]+\\.\\.[^.]+");

        // The signature verifies over the body with the published key, and over nothing else.
        assertThat(verifies(signature, body)).isTrue();
        assertThat(verifies(signature, body.replace("Amoxicillin 500 mg", "Amoxicillin 750 mg"))).isFalse();

        MedicationRequest request = Fhir.parse(MedicationRequest.class, body);
        assertThat(request.getIdPart()).isEqualTo(id);
        assertThat(request.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
        assertThat(request.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.ORDER);
        assertThat(request.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(request.getRequester().getIdentifier().getValue()).isEqualTo("dr-ana");
        assertThat(request.getRequester().getIdentifier().getSystem()).isEqualTo(Fhir.STAFF_SYSTEM + "clinic-north");
        assertThat(request.getDispenseRequest().getPerformer().getReference()).isEqualTo("Organization/" + chosen.pharmacyId());
        assertThat(request.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("J01CA04");
        assertThat(request.getDosageInstructionFirstRep().getText()).isEqualTo("1 tablet 3 times a day for 7 days");

        // Another pharmacy learns nothing of it: not by id, not by searching for the chosen pharmacy's.
        given().header("X-Pharmacy-Key", other.apiKey()).get("/fhir/MedicationRequest/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("X-Pharmacy-Key", other.apiKey()).queryParam("pharmacy", chosen.pharmacyId())
                .get("/fhir/MedicationRequest").then().statusCode(403);
        Bundle othersOwn = Fhir.parse(Bundle.class, given().header("X-Pharmacy-Key", other.apiKey())
                .get("/fhir/MedicationRequest").then().statusCode(200).extract().asString());
        assertThat(othersOwn.getEntry()).noneMatch(e -> e.getResource().getIdPart().equals(id));
        given().header("X-Pharmacy-Key", "phk_not-a-key").get("/fhir/MedicationRequest/" + id).then().statusCode(401);
        given().get("/fhir/MedicationRequest/" + id).then().statusCode(401);

        Bundle found = Fhir.parse(Bundle.class, given().header("X-Pharmacy-Key", chosen.apiKey())
                .queryParam("pharmacy", chosen.pharmacyId()).queryParam("status", "active")
                .get("/fhir/MedicationRequest").then().statusCode(200).contentType("application/fhir+json").extract().asString());
        assertThat(found.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(found.getEntry()).extracting(e -> e.getResource().getIdPart()).contains(id);

        // On the prescriptions topic, for the pharmacies' systems, which may read that topic and no other.
        PrescriptionIssued event = kafka.await(Topics.PRESCRIPTIONS, PrescriptionIssued.class,
                e -> e.getPrescriptionId().equals(id), Duration.ofSeconds(30));
        assertThat(event.getPharmacyId()).isEqualTo(chosen.pharmacyId());
        assertThat(event.getSignature()).isEqualTo(signature);
        assertThat(event.getDoctorId()).isEqualTo("dr-ana");
        try (TopicClient pharmacies = new TopicClient(InfrastructureTestResource.endpoints(),
                InfrastructureTestResource.endpoints().kafka(KafkaPrincipals.PHARMACIES.name()))) {
            assertThat(pharmacies.readToEnd(Topics.PRESCRIPTIONS)).extracting(ConsumerRecord::key).contains(id);
            assertThatThrownBy(() -> pharmacies.readToEnd(Topics.PEOPLE)).isInstanceOf(TopicAuthorizationException.class);
        }

        // The patient's household sees it; another household does not.
        given().auth().oauth2(Tokens.household(patient)).get("/people/" + patient + "/prescriptions").then().statusCode(200)
                .body("prescriptionId", hasItem(id)).body("find { it.prescriptionId == '" + id + "' }.status",
                        org.hamcrest.Matchers.equalTo("issued"))
                .body("find { it.prescriptionId == '" + id + "' }.dosage",
                        org.hamcrest.Matchers.equalTo("1 tablet 3 times a day for 7 days"));
        given().auth().oauth2(Tokens.household(Tokens.person())).get("/people/" + patient + "/prescriptions").then()
                .statusCode(403);
    }

    /** Given one prescription, when its pharmacy dispenses it twenty times at once, then one succeeds and nineteen are 409. */
    @Test
    void aPrescriptionIsDispensedExactlyOnceUnderConcurrentRequests() throws Exception {
        Tokens.Pharmacy pharmacy = Tokens.pharmacy("Apotek Söder");
        Tokens.Pharmacy other = Tokens.pharmacy("Apotek Väster");
        String patient = Tokens.person();
        Tokens.choose(patient, pharmacy);
        String id = issue(Tokens.doctor("clinic-south", "dr-bo"), patient, "Ibuprofen 400 mg", null).then().statusCode(201)
                .extract().path("prescriptionId");

        given().header("X-Pharmacy-Key", other.apiKey()).post("/fhir/MedicationRequest/" + id + "/dispense").then()
                .statusCode(404);

        int attempts = 20;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            answers.add(pool.submit((Callable<Response>) () -> {
                start.await();
                return given().header("X-Pharmacy-Key", pharmacy.apiKey()).post("/fhir/MedicationRequest/" + id + "/dispense");
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            responses.add(answer.get());
        }
        pool.shutdown();

        assertThat(responses).extracting(Response::statusCode).filteredOn(s -> s == 201).hasSize(1);
        assertThat(responses).extracting(Response::statusCode).filteredOn(s -> s == 409).hasSize(attempts - 1);
        Response dispensed = responses.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
        MedicationDispense dispense = Fhir.parse(MedicationDispense.class, dispensed.asString());
        assertThat(dispense.getStatus()).isEqualTo(MedicationDispense.MedicationDispenseStatus.COMPLETED);
        assertThat(dispense.getAuthorizingPrescriptionFirstRep().getReference()).isEqualTo("MedicationRequest/" + id);
        responses.stream().filter(r -> r.statusCode() == 409).forEach(r -> {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).endsWith("already-dispensed");
            assertThat(r.jsonPath().getString("detail")).contains(id);
        });

        // One dispensing event, and the household sees it dispensed.
        kafka.await(Topics.PRESCRIPTIONS, PrescriptionDispensed.class, e -> e.getPrescriptionId().equals(id), Duration.ofSeconds(30));
        List<ConsumerRecord<String, SpecificRecord>> all = kafka.readToEnd(Topics.PRESCRIPTIONS);
        assertThat(all).filteredOn(r -> r.value() instanceof PrescriptionDispensed d && d.getPrescriptionId().equals(id)).hasSize(1);
        given().auth().oauth2(Tokens.household(patient)).get("/people/" + patient + "/prescriptions").then().statusCode(200)
                .body("find { it.prescriptionId == '" + id + "' }.status", org.hamcrest.Matchers.equalTo("dispensed"));
        given().header("X-Pharmacy-Key", pharmacy.apiKey()).get("/fhir/MedicationDispense/" + id + "-dispense").then()
                .statusCode(200).contentType("application/fhir+json");
    }

    @Test
    void onlyADoctorPrescribesAndOnlyForAPatientWithAChosenPharmacy() {
        String patient = Tokens.person();
        issue(Tokens.household(patient), patient, "Ibuprofen 400 mg", null).then().statusCode(403);
        issue(Tokens.doctor("clinic-north", "dr-ana"), patient, "Ibuprofen 400 mg", null).then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("personId"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("has not chosen a pharmacy"));
        Tokens.choose(patient, Tokens.pharmacy("Apotek Öst"));
        given().auth().oauth2(Tokens.doctor("clinic-north", "dr-ana")).contentType("application/json")
                .body(Map.of("personId", patient, "dosage", "once")).post("/prescriptions").then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("medication"));
        issue(Tokens.doctor("clinic-north", "dr-ana"), patient, "Ibuprofen 400 mg", "not-atc").then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("atcCode"));
    }

    /**
     * The issue commits only once the broker has the event, so a pharmacy can read the event first. Given a
     * prescription whose issuing transaction is still open, when its pharmacy reads and dispenses it, then both wait
     * for the commit instead of answering 404.
     */
    @Test
    void aPharmacyThatReadsTheEventBeforeTheCommitIsNotAnswered404() throws Exception {
        Tokens.Pharmacy chosen = Tokens.pharmacy("Apotek Väntan");
        String patient = Tokens.person();
        Tokens.choose(patient, chosen);
        String issued = issue(Tokens.doctor("clinic-north", "dr-ana"), patient, "Cetirizine 10 mg", null).then().statusCode(201)
                .extract().path("prescriptionId");
        String id = java.util.UUID.randomUUID().toString();
        Endpoints db = InfrastructureTestResource.endpoints();
        ExecutorService pharmacy = Executors.newFixedThreadPool(2);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("records"), db.dbUser(), db.dbPassword())) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO prescription (prescription_id, person_id, clinic_id, "
                            + "doctor_id, pharmacy_id, medication, resource, signature, issued_at, status) SELECT ?, person_id, clinic_id, "
                            + "doctor_id, pharmacy_id, medication, resource, signature, issued_at, status FROM prescription "
                            + "WHERE prescription_id = ?")) {
                lock.setString(1, id);
                lock.execute();
                insert.setString(1, id);
                insert.setString(2, issued);
                assertThat(insert.executeUpdate()).isOne();
            }
            Future<Integer> read = pharmacy.submit(() -> given().header("X-Pharmacy-Key", chosen.apiKey())
                    .get("/fhir/MedicationRequest/" + id).statusCode());
            Thread.sleep(1500);
            Future<Integer> dispensed = pharmacy.submit(() -> given().header("X-Pharmacy-Key", chosen.apiKey())
                    .post("/fhir/MedicationRequest/" + id + "/dispense").statusCode());
            Thread.sleep(1500);
            assertThat(read.isDone()).as("the read waits while the issue is open").isFalse();
            c.commit();
            assertThat(read.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(dispensed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(201);
        } finally {
            pharmacy.shutdownNow();
        }
        // An id nobody issued is still 404, at once.
        given().header("X-Pharmacy-Key", chosen.apiKey()).get("/fhir/MedicationRequest/" + java.util.UUID.randomUUID())
                .then().statusCode(404).time(org.hamcrest.Matchers.lessThan(5000L));
    }

    private static Response issue(String token, String patient, String medication, String atc) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("personId", patient, "medication", medication,
                "dosage", "1 tablet 3 times a day for 7 days", "quantity", 21));
        if (atc != null) {
            body.put("atcCode", atc);
        }
        return given().auth().oauth2(token).contentType("application/json").body(body).post("/prescriptions");
    }

    /** Verifies a detached JWS with the key records publishes, as a pharmacy would. */
    private static boolean verifies(String detached, String content) throws Exception {
        String keys = given().get("/prescriptions/signing-keys").then().statusCode(200).extract().asString();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(detached);
        jws.setPayload(content);
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
        jws.setKey(new VerificationJwkSelector().select(jws, new JsonWebKeySet(keys).getJsonWebKeys()).getKey());
        return jws.verifySignature();
    }
}
