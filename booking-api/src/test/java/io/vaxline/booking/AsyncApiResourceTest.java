package io.vaxline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vaxline.booking.contract.AsyncApiResource;

import org.junit.jupiter.api.Test;

/** What GET /asyncapi.yaml serves (without a stack: OpenApiTest asks it over HTTP) is the committed contract. */
class AsyncApiResourceTest {

    @Test
    void servesTheDocumentTheSchemasBuildMadeWhichIsTheCommittedOne() throws IOException {
        Path root = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
        String served = new String(new AsyncApiResource().document(), StandardCharsets.UTF_8);
        assertThat(served).contains("asyncapi: 3.0.0")
                .as("the schemas jar's asyncapi/asyncapi.yaml and docs/asyncapi.yaml")
                .isEqualTo(Files.readString(root.resolve("docs/asyncapi.yaml"), StandardCharsets.UTF_8));
    }
}
