package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class HouseholdTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void aPhoneHoldsUpToFourPeopleEachPublishedWithTheHouseholdsPhone() throws Exception {
        String phone = newPhone();
        String token = People.login(kafka, phone);
        String first = given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                        {"name": "Ada Lovelace", "birthYear": 1980, "idNumber": "19800101-1234",
                         "conditions": ["chronic-lung-disease"], "occupation": "nurse", "language": "sv"}""")
                .post("/me/people").then().statusCode(201)
                .body("conditions", containsInAnyOrder("chronic-lung-disease"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("idNumber")))
                .extract().path("personId");
        for (String name : List.of("Byron", "Annabella", "Ralph")) {
            People.addPerson(token, name, 2000);
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\": \"Fifth\", \"birthYear\": 2001}")
                .post("/me/people").then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("household-full"));

        given().auth().oauth2(token).get("/me/people").then().statusCode(200).body("size()", equalTo(4))
                .body("name", hasItem("Ada Lovelace"));
        PersonRegistered registered = kafka.await(Topics.PEOPLE, PersonRegistered.class,
                p -> p.getPersonId().equals(first), Duration.ofSeconds(30));
        assertThat(registered.getPhone()).isEqualTo(phone);
        assertThat(registered.getLanguage()).isEqualTo("sv");
        assertThat(registered.getIdNumberHash()).hasSize(64).doesNotContain("1234");
        assertThat(Db.rows("SELECT id_number_hash FROM person WHERE person_id = '" + first + "'"))
                .singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo(registered.getIdNumberHash()));
    }

    @Test
    void anotherHouseholdsPeopleAreNotVisible() {
        String mine = People.login(kafka, newPhone());
        People.addPerson(mine, "Mine", 1990);
        String theirs = People.login(kafka, newPhone());

        given().auth().oauth2(theirs).get("/me/people").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aFreshTokenNamesThePeopleAddedSinceLogin() {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Later", 1995);

        String fresh = given().auth().oauth2(token).post("/me/token").then().statusCode(200).extract().path("token");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(fresh.split("\\.")[1]));
        assertThat(payload).contains(personId).doesNotContain("+46");
    }

    @Test
    void withoutATokenTheAnswerSaysHowToLogIn() {
        given().get("/me/people").then().statusCode(401).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("POST /otp"));
        given().auth().oauth2("not-a-token").get("/me/people").then().statusCode(401);
    }

    @Test
    void invalidPeopleAreRefusedNamingEachField() {
        String token = People.login(kafka, newPhone());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"\", \"birthYear\": 1800, \"email\": \"not-an-email\", \"conditions\": [\"Bad Code\"]}")
                .post("/me/people").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("name", "birthYear", "email", "conditions[0]"));
    }
}
