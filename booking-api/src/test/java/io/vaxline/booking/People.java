package io.vaxline.booking;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.Topics;

/** Logs people in the way they do: a code by SMS (read here from one-time-codes), then a token. */
final class People {

    private People() {
    }

    static String newPhone() {
        return "+4670" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }

    /** A caller address of its own, so tests do not share rate-limit windows. */
    static String newAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON);
    }

    /** Asks for a code and returns it as the SMS would carry it. */
    static String code(TopicClient kafka, String phone, String address) {
        Instant asked = Instant.now().minusMillis(1);
        from(address).body("{\"phone\": \"" + phone + "\"}").post("/otp").then().statusCode(202);
        OtpRequested otp = kafka.await(Topics.ONE_TIME_CODES, OtpRequested.class,
                r -> r.getPhone().equals(phone) && r.getOccurredAt().isAfter(asked), Duration.ofSeconds(30));
        return notifierKey().openCode(otp.getSealedCode(), phone);
    }

    /** What only the notifier holds: the tests open the sealed codes and links the way it does. */
    static io.vaxline.schemas.NotifierSeal notifierKey() {
        return io.vaxline.schemas.NotifierSeal.forOpening(InfrastructureTestResource.endpoints().secrets().notifierPrivateKeyset());
    }

    static String adminToken() {
        return from(newAddress()).body("{\"apiKey\": \"" + InfrastructureTestResource.endpoints().secrets().adminApiKey() + "\"}")
                .post("/admin/login").then().statusCode(200).extract().path("token");
    }

    static String login(TopicClient kafka, String phone) {
        String address = newAddress();
        String code = code(kafka, phone, address);
        return from(address).body("{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}")
                .post("/otp/verify").then().statusCode(200).extract().path("token");
    }

    /** Adds a person to the token's household and returns the person's id. */
    static String addPerson(String token, String name, int birthYear) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"birthYear\": " + birthYear + "}")
                .post("/me/people").then().statusCode(201).extract().path("personId");
    }
}
