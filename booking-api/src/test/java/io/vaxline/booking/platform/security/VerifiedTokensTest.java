package io.vaxline.booking.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bearer token is verified once and then trusted from memory, only as the same text and only until it expires. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class VerifiedTokensTest {

    @Inject
    VerifiedTokens tokens;

    @AfterEach
    void realClock() {
        tokens.useClock(Clock.systemUTC());
    }

    private static String personToken(Instant expiresAt) {
        return Jwt.subject("household-" + UUID.randomUUID()).groups(Set.of(Tokens.PERSON))
                .claim(Tokens.PEOPLE_CLAIM, List.of()).claim(Tokens.AUTH_TIME_CLAIM, Instant.now().getEpochSecond())
                .expiresAt(expiresAt).sign();
    }

    private static int myPeople(String token) {
        return given().auth().oauth2(token).get("/me/people").then().extract().statusCode();
    }

    @Test
    void aTokenIsVerifiedOnceAndAgainOnceItHasExpired() {
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10));
        String token = personToken(expiresAt);
        long before = tokens.verifications();

        assertThat(myPeople(token)).isEqualTo(200);
        assertThat(myPeople(token)).isEqualTo(200);
        assertThat(myPeople(token)).isEqualTo(200);
        assertThat(tokens.verifications() - before).as("verifications of three uses of one token").isEqualTo(1);

        // Past its exp by this clock, the kept verification no longer counts: the verifier decides again (by its own
        // clock the token is still valid, so it is accepted, after a second verification).
        tokens.useClock(Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), expiresAt).plusSeconds(1)));
        assertThat(myPeople(token)).isEqualTo(200);
        assertThat(tokens.verifications() - before).as("verifications once the token has expired").isEqualTo(2);
        assertThat(myPeople(token)).isEqualTo(200);
        assertThat(tokens.verifications() - before).as("an expired token is never kept").isEqualTo(3);
    }

    @Test
    void anyOtherTextIsVerifiedAndAForgedOneRefusedEvenRightAfterTheGenuineOne() throws Exception {
        String token = personToken(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(myPeople(token)).isEqualTo(200);
        long before = tokens.verifications();

        // The signature's first character changed (six bits of its first byte; the last character would not do, as
        // some of its bits are padding): the claims are the same, the signature is not.
        int signature = token.lastIndexOf('.') + 1;
        char first = token.charAt(signature);
        String tampered = token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);
        assertThat(myPeople(tampered)).isEqualTo(401);

        // The same claims signed by a key booking-api does not trust.
        var stranger = KeyPairGenerator.getInstance("RSA");
        stranger.initialize(2048);
        String claimsOfTheGenuine = token.split("\\.")[1];
        JsonObject claims = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(claimsOfTheGenuine), StandardCharsets.UTF_8))).readObject();
        String forged = Jwt.claims(claims).sign(stranger.generateKeyPair().getPrivate());
        assertThat(myPeople(forged)).isEqualTo(401);
        assertThat(myPeople(forged)).isEqualTo(401);

        assertThat(tokens.verifications() - before).as("every refused text went to the verifier, each time").isEqualTo(3);
        assertThat(myPeople(token)).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIsRefusedAndNotKept() {
        String expired = personToken(Instant.now().minus(Duration.ofMinutes(10)));
        long before = tokens.verifications();
        assertThat(myPeople(expired)).isEqualTo(401);
        assertThat(myPeople(expired)).isEqualTo(401);
        assertThat(tokens.verifications() - before).isEqualTo(2);
    }
}
