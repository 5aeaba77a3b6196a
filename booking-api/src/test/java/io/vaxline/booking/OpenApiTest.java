package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest {

    @Test
    void theApiIsDescribedAndBrowsable() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/appointments/{appointmentId}"))
                .body(containsString("/otp/verify"))
                .body(containsString("/clinics/{clinicId}/roster"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
