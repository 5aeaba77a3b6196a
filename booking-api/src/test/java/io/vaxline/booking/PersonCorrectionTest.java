package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.LocalDate;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ContactChanged;
import io.vaxline.events.PersonCorrected;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

/** A household corrects its people's details: PersonCorrected and ContactChanged on the people topic, bad input named by field. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class PersonCorrectionTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void aCorrectedNameBirthDateAndContactArePublishedAndStored() {
        String phone = newPhone();
        String token = People.login(kafka, phone);
        String personId = People.addPerson(token, "Ada Lovelac", 1980);

        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                        {"name": " Ada Lovelace ", "birthDate": "1981-12-10", "email": "ada@example.org", "language": "sv",
                         "reason": "typo in my surname"}""")
                .post("/me/people/" + personId + "/corrections").then().statusCode(200)
                .body("name", equalTo("Ada Lovelace")).body("birthYear", equalTo(1981)).body("birthDate", equalTo("1981-12-10"))
                .body("email", equalTo("ada@example.org")).body("language", equalTo("sv"));

        PersonCorrected corrected = kafka.await(Topics.PEOPLE, PersonCorrected.class,
                e -> e.getPersonId().equals(personId), Duration.ofSeconds(30));
        assertThat(corrected.getName()).isEqualTo("Ada Lovelace");
        assertThat(corrected.getBirthDate()).isEqualTo(LocalDate.of(1981, 12, 10));
        assertThat(corrected.getBirthYear()).isEqualTo(1981);
        assertThat(corrected.getReason()).isEqualTo("typo in my surname");
        ContactChanged contact = kafka.await(Topics.PEOPLE, ContactChanged.class,
                e -> e.getPersonId().equals(personId), Duration.ofSeconds(30));
        assertThat(contact.getPhone()).isEqualTo(phone);
        assertThat(contact.getEmail()).isEqualTo("ada@example.org");
        assertThat(contact.getLanguage()).isEqualTo("sv");
        given().auth().oauth2(token).get("/me/people").then().statusCode(200).body("name", hasItem("Ada Lovelace"));

        // Only the e-mail address removed: a contact change alone, no second PersonCorrected.
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"email\": \"\"}")
                .post("/me/people/" + personId + "/corrections").then().statusCode(200)
                .body("email", equalTo(null)).body("name", equalTo("Ada Lovelace"));
        kafka.await(Topics.PEOPLE, ContactChanged.class, e -> e.getPersonId().equals(personId) && e.getEmail() == null,
                Duration.ofSeconds(30));
        assertThat(kafka.readToEnd(Topics.PEOPLE).stream().filter(r -> r.value() instanceof PersonCorrected p
                && p.getPersonId().equals(personId))).hasSize(1);
    }

    @Test
    void badCorrectionsAreRefusedNamingTheField() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Grace Hopper", 1906);
        String path = "/me/people/" + personId + "/corrections";

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"   \", \"birthYear\": 1800, \"email\": \"not-an-email\", \"language\": \"swe\"}")
                .post(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "birthYear", "email", "language"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"birthDate\": \"2999-01-01\"}")
                .post(path).then().statusCode(422).body("errors.field", containsInAnyOrder("birthDate"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"birthYear\": 1907, \"birthDate\": \"1906-12-09\"}")
                .post(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("birthYear")).body("errors[0].message", containsString("1906"));

        String other = People.login(kafka, newPhone());
        given().auth().oauth2(other).contentType(ContentType.JSON).body("{\"name\": \"Someone Else\"}")
                .post(path).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).get("/me/people").then().statusCode(200).body("name", hasItem("Grace Hopper"));
    }
}
