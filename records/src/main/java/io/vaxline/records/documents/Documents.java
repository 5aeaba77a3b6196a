package io.vaxline.records.documents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.events.DocumentUploaded;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.ProblemException;

/**
 * Patients' documents: checked and stored on upload, then scanned again and their text extracted by
 * {@link DocumentProcessor}. A document's status moves uploaded → scanning → extracting → ready, or to rejected with
 * the reason.
 */
@ApplicationScoped
public class Documents {

    public enum Status {
        UPLOADED, SCANNING, EXTRACTING, READY, REJECTED;

        public String label() {
            return name().toLowerCase();
        }
    }

    public record View(String documentId, String personId, String fileName, String mediaType, long size, String status,
            String reason, boolean thumbnail, Instant uploadedAt) {
    }

    public record Hit(String documentId, String fileName, String mediaType, String snippet, Instant uploadedAt) {
    }

    /** What the processor needs of a stored document. */
    public record Stored(String documentId, String personId, String mediaType, String status) {
    }

    /**
     * How long an upload waits for Kafka to take its event. The row is committed only after that, so the consumer may
     * read an event before its row: it waits up to this long (and {@link DocumentProcessor#COMMIT_GRACE}) for it.
     */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    DataSource db;

    @Inject
    DocumentStore store;

    @Inject
    VirusScanner scanner;

    @Inject
    @Channel("document-uploaded-out")
    MutinyEmitter<SpecificRecord> events;

    @ConfigProperty(name = "vaxline.records.documents.max-bytes")
    long maxBytes;

    public View upload(String personId, String fileName, String declaredType, byte[] content) {
        if (content.length == 0) {
            throw new InvalidInput("The file is not accepted", "file", "The file is empty.");
        }
        if (content.length > maxBytes) {
            throw new InvalidInput("The file is too large", "file", "The file is " + content.length + " bytes; at most "
                    + maxBytes + " bytes (" + (maxBytes / (1024 * 1024)) + " MB) are accepted.");
        }
        String type = DocumentTypes.sniff(content);
        if (!DocumentTypes.ACCEPTED.containsKey(type)) {
            throw new InvalidInput("The file type is not accepted", "file", "The content is " + type
                    + ", which is not accepted; send a PDF, a Word document (.docx), a PNG or a JPEG image.");
        }
        String declared = declaredType == null ? null : declaredType.split(";")[0].strip().toLowerCase();
        if (declared != null && !declared.isEmpty() && !declared.equals("application/octet-stream") && !declared.equals(type)) {
            throw new InvalidInput("The file type is not accepted", "file", "The file was sent as " + declared
                    + " but its content is " + type + ".");
        }
        Optional<String> found = scanner.scan(content);
        if (found.isPresent()) {
            throw new InvalidInput("The file holds a virus", "file", "The virus scanner found " + found.get()
                    + " in the file; it was not stored.");
        }
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String name = fileName == null || fileName.isBlank() ? "document" : fileName.strip();
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        store.put(id, content);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO document (document_id, person_id, file_name, "
                    + "media_type, size, status, uploaded_at, updated_at) VALUES (?,?,?,?,?,'uploaded',?,?)")) {
                insert.setString(1, id);
                insert.setString(2, personId);
                insert.setString(3, name);
                insert.setString(4, type);
                insert.setLong(5, content.length);
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setTimestamp(7, Timestamp.from(now));
                insert.executeUpdate();
                send(id, DocumentUploaded.newBuilder().setEventId(id + ":uploaded").setOccurredAt(now).setDocumentId(id)
                        .setPersonId(personId).setMediaType(type).setSize(content.length).build());
                c.commit();
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new View(id, personId, name, type, content.length, Status.UPLOADED.label(), null, false, now);
    }

    public List<View> ofPerson(String personId) {
        return views("person_id = ?", personId);
    }

    public Optional<View> of(String personId, String documentId) {
        return views("person_id = ? AND document_id = ?", personId, documentId).stream().findFirst();
    }

    /** The patient's documents whose text matches {@code query} (PostgreSQL full-text search, any language's words). */
    public List<Hit> search(String personId, String query) {
        List<Hit> hits = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement find = c.prepareStatement("SELECT document_id, file_name, media_type, "
                        + "ts_headline('simple', text, q, 'MaxFragments=2, MinWords=3, MaxWords=20'), uploaded_at "
                        + "FROM document, websearch_to_tsquery('simple', ?) q WHERE person_id = ? AND status = 'ready' "
                        + "AND search @@ q ORDER BY ts_rank(search, q) DESC, uploaded_at DESC LIMIT 50")) {
            find.setString(1, query);
            find.setString(2, personId);
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    hits.add(new Hit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return hits;
    }

    public Optional<Stored> stored(String documentId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement find = c.prepareStatement(
                        "SELECT document_id, person_id, media_type, status FROM document WHERE document_id = ?")) {
            find.setString(1, documentId);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }

    void status(String documentId, Status status, String reason) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE document SET status = ?, reason = ?, updated_at = now() WHERE document_id = ?")) {
            update.setString(1, status.label());
            update.setString(2, reason);
            update.setString(3, documentId);
            update.executeUpdate();
        }
    }

    void ready(String documentId, String text, boolean thumbnail) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE document SET status = 'ready', reason = NULL, text = ?, "
                        + "thumbnail = ?, updated_at = now() WHERE document_id = ?")) {
            update.setString(1, text);
            update.setBoolean(2, thumbnail);
            update.setString(3, documentId);
            update.executeUpdate();
        }
    }

    private List<View> views(String where, String... values) {
        List<View> found = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement list = c.prepareStatement("SELECT document_id, person_id, file_name, media_type, size, status, "
                        + "reason, thumbnail, uploaded_at FROM document WHERE " + where + " ORDER BY uploaded_at DESC, document_id")) {
            for (int i = 0; i < values.length; i++) {
                list.setString(i + 1, values[i]);
            }
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    found.add(new View(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getTimestamp(9).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private void send(String key, SpecificRecord event) {
        try {
            events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                    .await().atMost(SEND_TIMEOUT);
        } catch (RuntimeException e) {
            throw new ProblemException(503, "unavailable", "Try again shortly",
                    "The document could not be queued for processing just now, so it was not kept; try again.");
        }
    }
}
