package io.vaxline.booking.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import io.smallrye.common.annotation.NonBlocking;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The AsyncAPI contract of the topics, for analysts and clinic systems: the document the schemas module's build made
 * from the catalogue (io.vaxline.schemas.AsyncApiDocument), the same as docs/asyncapi.yaml. Public, like the
 * OpenAPI document: it describes the topics and who may use them, not what is on them.
 */
@Path("/asyncapi.yaml")
@Tag(name = "Contract", description = "Machine-readable contracts")
public class AsyncApiResource {

    /** Where the schemas jar carries the document. */
    public static final String RESOURCE = "asyncapi/asyncapi.yaml";
    public static final String MEDIA_TYPE = "application/yaml";

    private final byte[] document = read();

    @GET
    @NonBlocking
    @Produces(MEDIA_TYPE)
    @Operation(operationId = "getAsyncApi", summary = "The AsyncAPI 3 contract of the Kafka topics: every topic with its key, "
            + "message types (Avro schemas as registered), partitions, retention, who writes and who may read, and "
            + "which fields are personal or secret")
    @APIResponse(responseCode = "200", description = "The AsyncAPI 3.0.0 document (YAML)",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    public byte[] document() {
        return document;
    }

    static byte[] read() {
        try (InputStream in = AsyncApiResource.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the schemas jar is built without its "
                        + "AsyncAPI document (the exec-maven-plugin execution 'asyncapi' of schemas/pom.xml)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
