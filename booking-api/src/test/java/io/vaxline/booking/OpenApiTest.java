package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vaxline.contract.ServedDocumentTest;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

/**
 * The document integrators generate clients from. Every other test's calls are held to it (the
 * contract module's filter); this one holds the document to what an integrator's linter asks.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest extends ServedDocumentTest {

    @Override
    protected String server() {
        return "http://127.0.0.1:8080";
    }

    @Override
    protected List<String> operations() {
        return List.of("bookAppointment", "rescheduleAppointment", "cancelAppointment", "getBookingRequest",
                "requestCode", "verifyCode", "searchClinics", "listFreeSlots", "getRoster", "registerClinic");
    }

    @Test
    void eachOperationSaysWhoMayCallIt() {
        JsonPath document = JsonPath.from(document());
        assertThat(document.getList("paths.'/clinics'.get.security")).isEmpty();
        assertThat(document.getList("paths.'/otp'.post.security")).isEmpty();
        assertThat(document.getList("paths.'/appointments'.post.security.collect { it.keySet() }.flatten()"))
                .containsExactly("person");
        assertThat(document.getList("paths.'/admin/clinics/{clinicId}/sessions'.post.security.collect { it.keySet() }.flatten()"))
                .containsExactlyInAnyOrder("administrator", "clinicStaff");
        assertThat(document.getList("paths.'/admin/clinics'.post.security.collect { it.keySet() }.flatten()"))
                .containsExactly("administrator");
        assertThat(document.getList("paths.'/clinics/{clinicId}/appointments/{appointmentId}/cancellation'.post.security"
                + ".collect { it.keySet() }.flatten()")).containsExactlyInAnyOrder("administrator", "clinicStaff", "canceller");
        assertThat(document.getMap("components.securitySchemes")).containsOnlyKeys("person", "clinicStaff", "administrator",
                "canceller");
    }

    @Test
    void bookingDeclaresEveryOutcome() {
        JsonPath document = JsonPath.from(document());
        assertThat(document.getMap("paths.'/appointments'.post.responses"))
                .containsKeys("201", "202", "400", "401", "403", "404", "409", "413", "422", "500");
        assertThat(document.getString("paths.'/appointments'.post.responses.'409'.content.'application/problem+json'.schema.allOf[0].'$ref'"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(document.getMap("paths.'/otp'.post.responses")).containsKeys("202", "422", "429");
        assertThat(document.getString("components.responses.TooManyRequests.headers.'Retry-After'.schema.type")).isEqualTo("integer");
    }

    /** Answered by Quarkus before the resource; the filter holds it to the declared 415 like any other answer. */
    @Test
    void aBodyOfAnotherMediaTypeGetsTheDeclared415() {
        given().contentType("text/plain").body("+46701234567").post("/otp")
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/unsupported-media-type"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** The topics' contract, to anyone, as docs/asyncapi.yaml has it (AsyncApiDocumentTest holds that to the catalogue). */
    @Test
    void theAsyncApiContractIsServedToAnyone() throws java.io.IOException {
        String served = given().get("/asyncapi.yaml").then().statusCode(200).contentType("application/yaml")
                .extract().asString();
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath();
        assertThat(served).startsWith("# The contract of Vaxline's topics").contains("asyncapi: 3.0.0")
                .isEqualTo(java.nio.file.Files.readString(root.resolve("docs/asyncapi.yaml")));
    }
}
