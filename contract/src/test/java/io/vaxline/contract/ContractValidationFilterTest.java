package io.vaxline.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter on a service of its own: a tiny HTTP server that publishes a document and answers
 * whatever status the test sets, so each kind of disagreement is shown to fail a test.
 */
class ContractValidationFilterTest {

    private static ThingsService service;

    @BeforeAll
    static void start() throws IOException {
        System.clearProperty(ContractValidationFilter.RECORD); // this test is about failing
        service = new ThingsService();
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = service.port();
        ContractValidationFilter.installInRestAssured();
        ContractValidationFilter.installInRestAssured();
    }

    @AfterAll
    static void stop() {
        RestAssured.reset();
        service.close();
    }

    private static void serviceAnswers(int status, String type, String body) {
        service.answers(status, type, body);
    }

    @Test
    void aDeclaredAnswerPasses() {
        serviceAnswers(201, "application/json", "{\"id\": \"t-7\"}");
        given().contentType(ContentType.JSON).body("{\"name\": \"cup\"}").post("/things").then().statusCode(201);
        assertThat(RestAssured.filters()).filteredOn(ContractValidationFilter.class::isInstance).hasSize(1);
    }

    @Test
    void anUndeclaredStatusFailsTheTest() {
        serviceAnswers(409, "application/problem+json",
                "{\"type\": \"https://vaxline.io/problems/conflict\", \"title\": \"Conflict\", \"status\": 409}");
        assertThatThrownBy(() -> given().contentType(ContentType.JSON).body("{\"name\": \"cup\"}").post("/things"))
                .isInstanceOf(Contract.ContractViolation.class)
                .hasMessageContaining("POST /things answered 409")
                .hasMessageContaining("validation.response.status.unknown");
    }

    @Test
    void aBodyThatDoesNotMatchItsSchemaFailsTheTest() {
        serviceAnswers(201, "application/json", "{\"identifier\": 7}");
        assertThatThrownBy(() -> given().contentType(ContentType.JSON).body("{\"name\": \"cup\"}").post("/things"))
                .isInstanceOf(Contract.ContractViolation.class)
                .hasMessageContaining("validation.response.body.schema.required");
    }

    @Test
    void aRequestTheDocumentCallsInvalidMustNotBeCarriedOut() {
        serviceAnswers(201, "application/json", "{\"id\": \"t-8\"}");
        assertThatThrownBy(() -> given().contentType(ContentType.JSON).body("{\"name\": \"far too long a name\"}")
                .post("/things"))
                .isInstanceOf(Contract.ContractViolation.class)
                .hasMessageContaining("validation.request.body.schema.maxLength");
    }

    @Test
    void aBearerTokenGivenTheRestAssuredWayIsSeenByTheCheck() {
        given().auth().oauth2("a-token").get("/secret").then().statusCode(200);
    }

    @Test
    void aSecuredOperationCarriedOutWithoutATokenFailsTheTest() {
        assertThatThrownBy(() -> given().get("/secret"))
                .isInstanceOf(Contract.ContractViolation.class)
                .hasMessageContaining("validation.request.security.missing");
    }

    @Test
    void aRefusedInvalidRequestPassesWhenTheRefusalIsDeclared() {
        serviceAnswers(422, "application/problem+json",
                "{\"type\": \"https://vaxline.io/problems/invalid-request\", \"title\": \"The request is not valid\", \"status\": 422}");
        given().contentType(ContentType.JSON).body("{\"name\": \"far too long a name\"}").post("/things")
                .then().statusCode(422);
    }
}
