package io.vaxline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;

/**
 * A service's own document, as it serves it: published, naming where to call, holding the
 * operations it must, and passing {@link ContractLint}. A service's {@code @QuarkusTest} extends it.
 * The document is also written to {@code target/openapi.json}, to read or to give to other tools.
 */
public abstract class ServedDocumentTest {

    @TestHTTPResource("/")
    URL root;

    /** The server URL the document names (the local stack's). */
    protected abstract String server();

    /** Operations the document must hold, by id. */
    protected abstract List<String> operations();

    protected String document() {
        return Contract.document(root.toString().replaceAll("/$", ""));
    }

    @Test
    void theDocumentIsPublishedAndPassesTheLint() throws Exception {
        String document = document();
        Files.writeString(Path.of("target", "openapi.json"), document);
        assertThat(ContractLint.problems(document)).isEmpty();
        JsonPath json = JsonPath.from(document);
        assertThat(json.getString("servers[0].url")).isEqualTo(server());
        assertThat(json.getList("paths.collect { it.value.values() }.flatten().operationId", String.class))
                .containsAll(operations());
    }
}
