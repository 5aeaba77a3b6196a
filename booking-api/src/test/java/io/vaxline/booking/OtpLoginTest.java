package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.from;
import static io.vaxline.booking.People.newAddress;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OtpLoginTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void aTextedCodeBuysATokenForTheHousehold() {
        String phone = newPhone();
        String address = newAddress();
        String code = People.code(kafka, phone, address);

        String token = from(address).body("{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}")
                .post("/otp/verify").then().statusCode(200)
                .body("token", notNullValue()).body("expiresAt", notNullValue())
                .extract().path("token");
        given().auth().oauth2(token).get("/me/people").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void theCodeGoesOnTheLaneOfOneTimeCodesNotBehindCampaigns() {
        String phone = newPhone();
        People.code(kafka, phone, newAddress()); // read from one-time-codes

        assertThat(kafka.readToEnd(Topics.NOTIFICATION_REQUESTS))
                .noneMatch(r -> r.value() instanceof OtpRequested otp && otp.getPhone().equals(phone));
    }

    /** Neither the topics (any of them, dead-letter ones included) nor their headers show the code in clear. */
    @Test
    void theCodeIsOnNoTopicInClearOnlySealedForTheNotifier() {
        String phone = newPhone();
        String code = People.code(kafka, phone, newAddress());

        OtpRequested sent = kafka.readToEnd(Topics.ONE_TIME_CODES).stream().map(r -> r.value())
                .filter(v -> v instanceof OtpRequested otp && otp.getPhone().equals(phone)).map(v -> (OtpRequested) v)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(sent.getCode()).isNull();
        assertThatThrownBy(() -> People.notifierKey().openCode(sent.getSealedCode(), "+46700000000"))
                .as("sealed for this phone only").isInstanceOf(io.vaxline.schemas.NotifierSeal.SealException.class);
        assertThat(TopicScan.recordsContaining(code.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void theCodeIsStoredOnlyAsAKeyedHashUnderAKeyedHashOfThePhone() throws Exception {
        String phone = newPhone();
        String code = People.code(kafka, phone, newAddress());

        var latest = Db.rows("SELECT household_id, code_hash FROM otp_challenge ORDER BY created_at DESC LIMIT 1");
        assertThat(latest).singleElement().satisfies(row -> {
            assertThat(row.get(0)).doesNotContain(phone.substring(1)).hasSize(64);
            assertThat(row.get(1)).doesNotContain(code).hasSize(64);
        });
    }

    @Test
    void fiveWrongGuessesUseTheCodeUp() {
        String phone = newPhone();
        String address = newAddress();
        String code = People.code(kafka, phone, address);
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int left = 4; left >= 0; left--) {
            from(address).body("{\"phone\": \"" + phone + "\", \"code\": \"" + wrong + "\"}").post("/otp/verify")
                    .then().statusCode(401).contentType("application/problem+json").body("attemptsLeft", equalTo(left));
        }
        from(address).body("{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}").post("/otp/verify")
                .then().statusCode(401).body("attemptsLeft", equalTo(0));
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        String phone = newPhone();
        String address = newAddress();
        String code = People.code(kafka, phone, address);
        Db.update("UPDATE otp_challenge SET expires_at = now() - interval '1 second' "
                + "WHERE created_at = (SELECT max(created_at) FROM otp_challenge)");

        from(address).body("{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}").post("/otp/verify")
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.containsString("expired"));
    }

    @Test
    void codesForOnePhoneAreLimitedAndTheAnswerSaysWhenToTryAgain() {
        String phone = newPhone();
        for (int i = 0; i < 3; i++) {
            from(newAddress()).body("{\"phone\": \"" + phone + "\"}").post("/otp").then().statusCode(202);
        }
        String retryAfter = from(newAddress()).body("{\"phone\": \"" + phone + "\"}").post("/otp")
                .then().statusCode(429).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("codes for this phone"))
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 15 * 60);
    }

    @Test
    void codesFromOneAddressAreLimited() {
        String address = newAddress();
        for (int i = 0; i < 30; i++) {
            from(address).body("{\"phone\": \"" + newPhone() + "\"}").post("/otp").then().statusCode(202);
        }
        from(address).body("{\"phone\": \"" + newPhone() + "\"}").post("/otp").then().statusCode(429)
                .header("Retry-After", notNullValue());
    }

    @Test
    void anInvalidPhoneNumberIsNamed() {
        from(newAddress()).body("{\"phone\": \"12345\"}").post("/otp").then().statusCode(422)
                .body("errors.field", hasItem("phone"));
    }
}
