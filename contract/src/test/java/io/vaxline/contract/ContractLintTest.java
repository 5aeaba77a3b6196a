package io.vaxline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ContractLintTest {

    private static String things() throws IOException {
        try (InputStream in = ContractLintTest.class.getResourceAsStream("/things.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCompleteDocumentPasses() throws IOException {
        assertThat(ContractLint.problems(things())).isEmpty();
    }

    @Test
    void anOperationWithoutSecurityIsNamed() throws IOException {
        assertThat(ContractLint.problems(things().replace("\"security\": [],", "")))
                .containsExactly("POST /things: no security requirement; a public operation says security: []");
    }

    @Test
    void aSecuredOperationMustDeclare401And403AndItsSchemeMustExist() throws IOException {
        assertThat(ContractLint.problems(things().replace("\"security\": [],", "\"security\": [{\"person\": []}],")))
                .containsExactlyInAnyOrder("POST /things: security scheme person is not defined",
                        "POST /things: needs a token but does not declare 401",
                        "POST /things: needs a token but does not declare 403");
    }

    @Test
    void examplesMustMatchTheirSchemas() throws IOException {
        String document = things().replace("\"example\": {\"id\": \"t-1\"}", "\"example\": {\"error_code\": 7}")
                .replace("\"status\": 422}", "\"message\": \"bad\"}");
        assertThat(ContractLint.problems(document))
                .anySatisfy(p -> assertThat(p).startsWith("POST /things 201 application/json example: does not match its schema"))
                .anySatisfy(p -> assertThat(p).startsWith("components.responses.InvalidRequest application/problem+json example: does not match its schema"));
    }

    @Test
    void anErrorAnswerIsAProblemDocumentAndServersAreNamed() throws IOException {
        String document = things().replace("\"application/problem+json\"", "\"application/json\"")
                .replace("\"servers\": [{\"url\": \"http://127.0.0.1:8080\"}],", "\"servers\": [],");
        assertThat(ContractLint.problems(document)).contains(
                "servers: empty; name the URL the service answers on",
                "POST /things 422: an error answer is a problem document (application/problem+json with the Problem schema)");
    }
}
