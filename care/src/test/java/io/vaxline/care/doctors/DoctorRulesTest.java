package io.vaxline.care.doctors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.vaxline.devstack.InfrastructureTestResource;

/**
 * Who may keep a doctor's calendar, and what is refused before anything reaches booking-api. Booking
 * itself needs booking-api and scheduler-stream running: e2e's CareIT.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DoctorRulesTest {

    static String staff(String clinicId) {
        return Jwt.subject("clinic:" + clinicId + ":Dr Test").groups(Set.of("clinic")).claim("clinicId", clinicId).sign();
    }

    static String household() {
        return Jwt.subject("household-" + UUID.randomUUID()).groups(Set.of("person")).claim("people", List.of("p1")).sign();
    }

    private static String addDoctor(String clinicId) {
        String doctorId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(staff(clinicId)).contentType("application/json")
                .body(Map.of("doctorId", doctorId, "name", "Dr Test", "service", doctorId, "slotMinutes", 20))
                .post("/clinics/" + clinicId + "/doctors")
                .then().statusCode(201).body("clinicId", equalTo(clinicId));
        return doctorId;
    }

    @Test
    void aClinicsStaffAddDoctorsAndAnyoneListsThem() {
        String doctorId = addDoctor("north");

        given().get("/clinics/north/doctors").then().statusCode(200).body("doctorId", hasItem(doctorId));
    }

    @Test
    void staffOfAnotherClinicOrAHouseholdMayNotKeepTheCalendar() {
        String doctorId = addDoctor("north");
        Map<String, Object> type = Map.of("typeId", doctorId + "-t", "name", "Check-up", "mode", "VIDEO", "minutes", 20,
                "feeMinor", 0, "currency", "EUR");

        given().auth().oauth2(staff("south")).contentType("application/json").body(type)
                .post("/doctors/" + doctorId + "/appointment-types").then().statusCode(403);
        given().auth().oauth2(household()).contentType("application/json").body(type)
                .post("/doctors/" + doctorId + "/appointment-types").then().statusCode(403);
        given().contentType("application/json").body(type)
                .post("/doctors/" + doctorId + "/appointment-types").then().statusCode(401);
        given().auth().oauth2(staff("north")).contentType("application/json").body(type)
                .post("/doctors/" + doctorId + "/appointment-types").then().statusCode(201).body("mode", equalTo("VIDEO"));
    }

    @Test
    void refusesOverlappingHoursAndATypeLongerThanTheSlot() {
        String doctorId = addDoctor("north");

        given().auth().oauth2(staff("north")).contentType("application/json")
                .body(Map.of("hours", List.of(Map.of("weekday", 1, "startTime", "09:00", "endTime", "12:00"),
                        Map.of("weekday", 1, "startTime", "11:00", "endTime", "13:00"))))
                .put("/doctors/" + doctorId + "/weekly-hours")
                .then().statusCode(422).body("errors[0].field", equalTo("hours"));
        given().auth().oauth2(staff("north")).contentType("application/json")
                .body(Map.of("typeId", doctorId + "-long", "name", "Long", "mode", "IN_PERSON", "minutes", 45,
                        "feeMinor", 5000, "currency", "SEK"))
                .post("/doctors/" + doctorId + "/appointment-types")
                .then().statusCode(422).body("errors[0].field", equalTo("minutes"));
        given().auth().oauth2(staff("north")).contentType("application/json")
                .body(Map.of("typeId", doctorId + "-cur", "name", "Fee", "mode", "IN_PERSON", "minutes", 20,
                        "feeMinor", 5000, "currency", "sek"))
                .post("/doctors/" + doctorId + "/appointment-types")
                .then().statusCode(422);
    }

    @Test
    void aNoteOfAnAppointmentNobodyHasIsNotFoundAndABadCodeIsRefused() {
        given().auth().oauth2(staff("north")).contentType("application/json")
                .body(Map.of("text", "Sore throat", "icd10Code", "J06.9", "icd10Display", "Acute upper respiratory infection"))
                .post("/care-appointments/none/notes").then().statusCode(404);
        given().auth().oauth2(staff("north")).contentType("application/json")
                .body(Map.of("text", "Sore throat", "icd10Code", "throat", "icd10Display", "Sore"))
                .post("/care-appointments/none/notes").then().statusCode(422).body("errors[0].field", equalTo("icd10Code"));
    }
}
