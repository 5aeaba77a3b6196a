package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class HouseholdTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    /** vaxline.security.person-max-session, as configured. */
    private static final Duration MAX_SESSION = Duration.ofHours(12);

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

    /** A renewed token belongs to the session of the login with a code: the same auth_time, whatever its age. */
    @Test
    void aRenewedTokenKeepsTheTimeOfTheLoginWithACode() throws Exception {
        String token = People.login(kafka, newPhone());
        long loggedIn = claims(token).get("auth_time").asLong();
        assertThat(loggedIn).isBetween(Instant.now().minusSeconds(60).getEpochSecond(), Instant.now().getEpochSecond());

        Thread.sleep(1_100); // a renewal that took the time anew would differ by now
        String renewed = given().auth().oauth2(token).post("/me/token").then().statusCode(200).extract().path("token");
        String again = given().auth().oauth2(renewed).post("/me/token").then().statusCode(200).extract().path("token");
        assertThat(claims(renewed).get("auth_time").asLong()).isEqualTo(loggedIn);
        assertThat(claims(again).get("auth_time").asLong()).isEqualTo(loggedIn);
        assertThat(claims(again).get("iat").asLong()).isGreaterThan(loggedIn);
    }

    /** Near the end of the session, a renewal still works, but its token expires with the session, not 30 minutes on. */
    @Test
    void aRenewedTokenNeverOutlivesTheSession() throws Exception {
        Instant loggedIn = Instant.now().minus(MAX_SESSION).plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String old = personToken("h-" + UUID.randomUUID(), loggedIn, Instant.now().plus(Duration.ofMinutes(5)));

        io.restassured.path.json.JsonPath answer = given().auth().oauth2(old).post("/me/token").then().statusCode(200)
                .extract().jsonPath();
        JsonNode renewed = claims(answer.getString("token"));
        assertThat(renewed.get("auth_time").asLong()).isEqualTo(loggedIn.getEpochSecond());
        assertThat(renewed.get("exp").asLong()).isEqualTo(loggedIn.plus(MAX_SESSION).getEpochSecond());
        assertThat(Instant.parse(answer.getString("expiresAt"))).isEqualTo(loggedIn.plus(MAX_SESSION));
    }

    /** A token that is still valid but whose session began longer ago than the maximum buys no new one. */
    @Test
    void aSessionOlderThanTheMaximumIsNotRenewed() {
        String household = "h-" + UUID.randomUUID();
        Instant loggedIn = Instant.now().minus(MAX_SESSION).minus(Duration.ofMinutes(1));
        String old = personToken(household, loggedIn, Instant.now().plus(Duration.ofMinutes(5)));

        given().auth().oauth2(old).get("/me/people").then().statusCode(200); // the token itself is still good for reading
        given().auth().oauth2(old).post("/me/token").then().statusCode(401).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/session-expired"))
                .body("title", equalTo("Log in again"))
                .body("detail", org.hamcrest.Matchers.containsString("at most 12 hours"))
                .body("detail", org.hamcrest.Matchers.containsString("log in again with a new one-time code (POST /otp"));

        // a token that does not say when its session began (one issued before sessions had a maximum) is not renewed either
        String timeless = Jwt.subject(household).groups(Set.of(Tokens.PERSON)).claim(Tokens.PEOPLE_CLAIM, List.of())
                .expiresAt(Instant.now().plus(Duration.ofMinutes(5))).sign();
        given().auth().oauth2(timeless).post("/me/token").then().statusCode(401)
                .body("type", org.hamcrest.Matchers.endsWith("/session-expired"));
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

    /**
     * A person's token as booking-api signs them (the tests run with its key), for a session that began at
     * {@code loggedIn}: what a long chain of renewals, or a maximum lowered since, would have left.
     */
    private static String personToken(String household, Instant loggedIn, Instant expiresAt) {
        return Jwt.subject(household).groups(Set.of(Tokens.PERSON)).claim(Tokens.PEOPLE_CLAIM, List.of())
                .claim(Tokens.AUTH_TIME_CLAIM, loggedIn.getEpochSecond()).expiresAt(expiresAt).sign();
    }

    private static JsonNode claims(String token) throws Exception {
        return new ObjectMapper().readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }
}
