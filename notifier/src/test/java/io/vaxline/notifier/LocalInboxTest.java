package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

/**
 * The tests run as a local stack that chose the recording channel and the mock mailer
 * (vaxline.local-stack=true, vaxline.sms.channel=recording, quarkus.mailer.mock=true): the inboxes
 * exist. Without that choice they do not ({@link InboxProfileTest}).
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class LocalInboxTest {

    @Test
    void theInboxesExistWhenALocalStackChoseTheRecordingChannelAndTheMockMailer() {
        given().get("/inbox").then().statusCode(200).contentType("application/json");
        given().get("/inbox/email").then().statusCode(200).body("messages", notNullValue());
    }
}
