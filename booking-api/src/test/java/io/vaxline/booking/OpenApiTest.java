package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest {

    @Test
    void theApiIsDescribedAndBrowsable() throws Exception {
        String document = given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/appointments/{appointmentId}"))
                .body(containsString("/otp/verify"))
                .body(containsString("/clinics/{clinicId}/roster"))
                .extract().asString();
        Files.writeString(Path.of("target", "openapi.json"), document);
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
