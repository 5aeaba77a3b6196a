package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vaxline.contract.Contract;
import io.vaxline.contract.ContractLint;
import io.vaxline.devstack.InfrastructureTestResource;

import org.junit.jupiter.api.Test;

/**
 * The document integrators generate clients from. Every other test's calls are held to it (the
 * contract module's filter); this one holds the document to what an integrator's linter asks.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void theDocumentPassesTheLint() throws Exception {
        String document = Contract.document(root.toString().replaceAll("/$", ""));
        Files.writeString(Path.of("target", "openapi.json"), document);
        assertThat(ContractLint.problems(document)).isEmpty();
    }

    @Test
    void eachOperationSaysWhoMayCallIt() {
        JsonPath document = JsonPath.from(Contract.document(root.toString().replaceAll("/$", "")));
        assertThat(document.getList("paths.'/clinics'.get.security")).isEmpty();
        assertThat(document.getList("paths.'/otp'.post.security")).isEmpty();
        assertThat(document.getList("paths.'/appointments'.post.security.collect { it.keySet() }.flatten()"))
                .containsExactly("person");
        assertThat(document.getList("paths.'/admin/clinics/{clinicId}/sessions'.post.security.collect { it.keySet() }.flatten()"))
                .containsExactlyInAnyOrder("administrator", "clinicStaff");
        assertThat(document.getList("paths.'/admin/clinics'.post.security.collect { it.keySet() }.flatten()"))
                .containsExactly("administrator");
        assertThat(document.getMap("components.securitySchemes")).containsOnlyKeys("person", "clinicStaff", "administrator");
    }

    @Test
    void bookingDeclaresEveryOutcome() {
        JsonPath document = JsonPath.from(Contract.document(root.toString().replaceAll("/$", "")));
        assertThat(document.getMap("paths.'/appointments'.post.responses"))
                .containsKeys("201", "202", "400", "401", "403", "404", "409", "413", "422", "500");
        assertThat(document.getString("paths.'/appointments'.post.responses.'409'.content.'application/problem+json'.schema.allOf[0].'$ref'"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(document.getMap("paths.'/otp'.post.responses")).containsKeys("202", "422", "429");
        assertThat(document.getString("components.responses.TooManyRequests.headers.'Retry-After'.schema.type")).isEqualTo("integer");
        assertThat(document.getString("servers[0].url")).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
