package io.vaxline.records;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.DocumentUploaded;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DocumentOutageTest {

    /**
     * Given a document waiting to be processed while PostgreSQL (and with it the registry) is down, when PostgreSQL comes back, then the document
     * is processed: the outage was waited out, and nothing was parked on the dead-letter topic.
     */
    @Test
    void aPostgresOutageIsWaitedOutNotDeadLettered() throws Exception {
        String patient = Tokens.person();
        String household = Tokens.household(patient);
        String id = DocumentTest.upload(household, patient, "x-ray.pdf", "application/pdf", Files.pdf("Chest x-ray normal"))
                .then().statusCode(202).extract().path("documentId");
        DocumentTest.awaitStatus(household, patient, id, "ready");

        // The same document as if just uploaded, and its event read again while the database is away.
        Endpoints db = InfrastructureTestResource.endpoints();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("records"), db.dbUser(), db.dbPassword());
                PreparedStatement reset = c.prepareStatement("UPDATE document SET status = 'uploaded', text = NULL WHERE document_id = ?")) {
            reset.setString(1, id);
            assertThat(reset.executeUpdate()).isOne();
        }
        // Encoded first: the registry keeps its schemas in the same PostgreSQL, so it is away too.
        byte[] again = InfrastructureTestResource.topics().encode(Topics.DOCUMENT_UPLOADED, DocumentUploaded.newBuilder()
                .setEventId(id + ":again").setOccurredAt(Instant.now()).setDocumentId(id).setPersonId(patient)
                .setMediaType("application/pdf").setSize(1).build());
        InfrastructureTestResource.stopPostgres();
        try {
            InfrastructureTestResource.topics().sendRaw(Topics.DOCUMENT_UPLOADED.name(), id, again);
            Thread.sleep(5000);
        } finally {
            InfrastructureTestResource.startPostgres();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(given().auth().oauth2(household).get("/people/" + patient + "/documents/" + id).then()
                        .extract().<String>path("status")).isEqualTo("ready"));
        List<String> parked = InfrastructureTestResource.topics().readRawToEnd(Topics.DOCUMENT_UPLOADED.deadLetterTopic())
                .stream().map(r -> r.key()).toList();
        assertThat(parked).doesNotContain(id);
        assertThat(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("target/test-documents", id)),
                StandardCharsets.ISO_8859_1)).doesNotContain("Chest");
    }
}
