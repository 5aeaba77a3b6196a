package io.vaxline.records;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;

/** booking-api's tokens, signed with its key as the test infrastructure holds it, and the pharmacies records registers. */
final class Tokens {

    record Pharmacy(String pharmacyId, String apiKey) {
    }

    private Tokens() {
    }

    /** A clinic's staff token, as booking-api issues it (POST /admin/clinics/{clinicId}/staff-tokens): a doctor. */
    static String doctor(String clinicId, String doctorId) {
        return Jwt.subject("clinic:" + clinicId + ":" + doctorId).groups(Set.of("clinic")).claim("clinicId", clinicId)
                .expiresIn(Duration.ofMinutes(10)).sign();
    }

    /** A household's token after its one-time code. */
    static String household(String... personIds) {
        return Jwt.subject("household-" + UUID.randomUUID()).groups(Set.of("person")).claim("people", List.of(personIds))
                .expiresIn(Duration.ofMinutes(10)).sign();
    }

    static String admin() {
        return Jwt.subject("admin:test").groups(Set.of("admin")).expiresIn(Duration.ofMinutes(10)).sign();
    }

    static Pharmacy pharmacy(String name) {
        Map<String, String> registered = given().auth().oauth2(admin()).contentType("application/json")
                .body(Map.of("name", name)).post("/pharmacies").then().statusCode(201).extract().as(Map.class);
        return new Pharmacy(registered.get("pharmacyId"), registered.get("apiKey"));
    }

    static void choose(String personId, Pharmacy pharmacy) {
        given().auth().oauth2(household(personId)).contentType("application/json")
                .body(Map.of("pharmacyId", pharmacy.pharmacyId())).put("/people/" + personId + "/pharmacy")
                .then().statusCode(204);
    }

    static String person() {
        return "person-" + UUID.randomUUID();
    }
}
