package io.vaxline.certificates;

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

/** The service's own document: published, and what an integrator's linter asks of it. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void theDocumentIsPublishedAndPassesTheLint() throws Exception {
        String document = Contract.document(root.toString().replaceAll("/$", ""));
        Files.writeString(Path.of("target", "openapi.json"), document);
        assertThat(ContractLint.problems(document)).isEmpty();
        JsonPath json = JsonPath.from(document);
        assertThat(json.getString("servers[0].url")).isEqualTo("http://127.0.0.1:8083");
        assertThat(json.getList("paths.collect { it.value.values() }.flatten().operationId")).contains("verifyCertificate");
    }
}
