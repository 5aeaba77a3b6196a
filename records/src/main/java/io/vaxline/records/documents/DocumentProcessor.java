package io.vaxline.records.documents;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.xml.sax.SAXException;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vaxline.events.DocumentUploaded;
import io.vaxline.schemas.Outages;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

/**
 * Reads document-uploaded and makes each document searchable: scanning (the virus hook again, as a scanner's
 * signatures may be newer than the upload), extracting (Tika: the text of PDFs and Office documents, the metadata of
 * images; images also get a thumbnail and a PNG copy), then ready. A document that cannot be read is rejected with
 * the reason and its event parked on document-uploaded-dlq, and the consumer goes on with the next. An outage of
 * PostgreSQL or of the document store is waited out with back-off on the record in hand: it is never a dead letter.
 */
@ApplicationScoped
public class DocumentProcessor {

    /** Text kept per document: enough to search a long report, bounded so one file cannot fill the database. */
    static final int MAX_TEXT = 1_000_000;
    static final int THUMBNAIL = 200;

    /**
     * An upload commits its row only after Kafka has taken its event, so an event can be read before its row is
     * visible. Its row is waited for until the event's time plus the upload's send timeout and this grace; a row still
     * missing then belongs to an upload that failed (answered 503, or its service stopped before the commit).
     */
    static final Duration COMMIT_GRACE = Duration.ofSeconds(30);

    /** A document's own fault: it is rejected and its event parked with this message as the reason. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    @Inject
    Documents documents;

    @Inject
    DocumentStore store;

    @Inject
    VirusScanner scanner;

    @Inject
    RecordDecoder decoder;

    @ConfigProperty(name = "vaxline.outage.first-delay", defaultValue = "PT0.5S")
    Duration firstDelay;

    @ConfigProperty(name = "vaxline.outage.max-delay", defaultValue = "PT10S")
    Duration maxDelay;

    @Incoming("document-uploaded")
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> message) {
        try {
            Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getHeaders()).orElse(null);
            DocumentUploaded event = (DocumentUploaded) untilAvailable(() -> decoder.decode(Topics.DOCUMENT_UPLOADED, headers,
                    message.getPayload()));
            untilAvailable(() -> {
                handle(event);
                return null;
            });
            return message.ack();
        } catch (RecordDecoder.UndecodableRecordException | Unreadable e) {
            Log.warnf("document-uploaded: parked a record: %s", e.getMessage());
            return message.nack(e);
        }
    }

    private void handle(DocumentUploaded event) {
        try {
            Optional<Documents.Stored> found = committed(event);
            if (found.isEmpty() || found.get().status().equals("ready") || found.get().status().equals("rejected")) {
                return; // never stored (its upload failed), or done already: an event read again
            }
            Documents.Stored document = found.get();
            documents.status(document.documentId(), Documents.Status.SCANNING, null);
            byte[] content = store.get(document.documentId());
            if (content == null) {
                reject(document, "its content is missing from the document store", null);
            }
            Optional<String> virus = scanner.scan(content);
            if (virus.isPresent()) {
                reject(document, "the virus scanner found " + virus.get(), null);
            }
            documents.status(document.documentId(), Documents.Status.EXTRACTING, null);
            String text;
            try {
                text = extract(content);
            } catch (IOException | SAXException | TikaException | RuntimeException e) {
                reject(document, "its text could not be extracted as " + document.mediaType() + ": " + e, e);
                return;
            }
            boolean thumbnail = false;
            if (DocumentTypes.isImage(document.mediaType())) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(content));
                if (image == null) {
                    reject(document, "it is not a readable " + document.mediaType() + " image", null);
                }
                store.put(document.documentId() + ".png", png(image));
                store.put(document.documentId() + ".thumb.png", png(scaled(image)));
                thumbnail = true;
            }
            documents.ready(document.documentId(), text, thumbnail);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event's row, waited for while its upload may still be committing. */
    private Optional<Documents.Stored> committed(DocumentUploaded event) throws SQLException {
        Instant deadline = event.getOccurredAt().plus(Documents.SEND_TIMEOUT).plus(COMMIT_GRACE);
        Optional<Documents.Stored> found = documents.stored(event.getDocumentId());
        while (found.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = documents.stored(event.getDocumentId());
        }
        return found;
    }

    private void reject(Documents.Stored document, String reason, Throwable cause) throws SQLException {
        documents.status(document.documentId(), Documents.Status.REJECTED, reason);
        throw new Unreadable("document " + document.documentId() + " rejected: " + reason, cause);
    }

    /** The body text, then every metadata value (an image's comments, camera, dates; a document's title, author). */
    static String extract(byte[] content) throws IOException, SAXException, TikaException {
        BodyContentHandler body = new BodyContentHandler(MAX_TEXT);
        Metadata metadata = new Metadata();
        new AutoDetectParser().parse(new ByteArrayInputStream(content), body, metadata, new ParseContext());
        StringBuilder text = new StringBuilder(body.toString().strip());
        Arrays.stream(metadata.names()).sorted().forEach(name -> {
            for (String value : metadata.getValues(name)) {
                if (text.length() < MAX_TEXT) {
                    text.append('\n').append(name).append(": ").append(value);
                }
            }
        });
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text.toString();
    }

    private static BufferedImage scaled(BufferedImage image) {
        double factor = Math.min(1.0, (double) THUMBNAIL / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumbnail.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return thumbnail;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private interface Work<T> {
        T run();
    }

    /** Runs {@code work} again, with back-off, for as long as PostgreSQL, the registry or the store is unreachable. */
    private <T> T untilAvailable(Work<T> work) {
        Duration delay = firstDelay;
        boolean waiting = false;
        while (true) {
            try {
                T result = work.run();
                if (waiting) {
                    Log.info("document-uploaded: infrastructure available again; processing where it stopped");
                }
                return result;
            } catch (RuntimeException e) {
                if (!Outages.isOutage(e) && !(e instanceof UncheckedIOException)) {
                    throw e;
                }
                if (!waiting) {
                    Log.warnf("document-uploaded: infrastructure unavailable (%s); the record waits until it is back", e.getMessage());
                    waiting = true;
                }
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }
}
