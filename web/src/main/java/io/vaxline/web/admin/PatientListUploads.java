package io.vaxline.web.admin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.qute.TemplateData;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Patient lists on their way to booking-api. The page's upload lands in a file here first; it is
 * then streamed from disk to {@code POST /admin/outreach/patient-lists} (never held in memory,
 * whatever its size) while the page follows it: the bytes passed on, and once booking-api answers,
 * its counts and the rows it rejected. booking-api names the upload only in its final answer, so
 * while it runs the page reads the counts of booking-api's running upload of the same list name
 * ({@code GET /admin/outreach/patient-lists}). Uploads are remembered in this process for a day.
 */
@ApplicationScoped
public class PatientListUploads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEPT = Duration.ofDays(1);

    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ConfigProperty(name = "quarkus.rest-client.booking-api.url")
    String bookingApi;

    /** One upload as the page shows it. */
    @TemplateData
    public static final class Upload {
        public final String id;
        public final String listName;
        public final String fileName;
        public final long size;
        public final Instant startedAt;
        final String owner;
        final AtomicLong sent = new AtomicLong();
        volatile Answer answer;

        Upload(String id, String listName, String fileName, long size, String owner) {
            this.id = id;
            this.listName = listName;
            this.fileName = fileName;
            this.size = size;
            this.owner = owner;
            this.startedAt = Instant.now();
        }

        public long sent() {
            return sent.get();
        }

        /** Percent of the file passed on to booking-api. */
        public int percent() {
            return size <= 0 ? 100 : (int) Math.min(100, sent.get() * 100 / size);
        }

        public boolean running() {
            return answer == null;
        }

        public Answer answer() {
            return answer;
        }
    }

    /** Starts passing the file on (it is moved away, and deleted once booking-api answered). */
    public Upload start(Path file, String listName, String fileName, String bearer) throws IOException {
        forgetOld();
        Path kept = Files.createTempFile("vaxline-patient-list-", ".csv");
        Files.move(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Upload upload = new Upload(UUID.randomUUID().toString(), listName, fileName, Files.size(kept), bearer);
        uploads.put(upload.id, upload);
        HttpRequest request = HttpRequest.newBuilder(URI.create(bookingApi.replaceAll("/+$", "")
                        + "/admin/outreach/patient-lists?name=" + URLEncoder.encode(listName, StandardCharsets.UTF_8)))
                .header("Authorization", bearer).header("Content-Type", "text/csv").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> counting(kept, upload.sent)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                Files.deleteIfExists(kept);
            } catch (IOException e) {
                Log.warnf("Could not delete %s: %s", kept, e.getMessage());
            }
            if (failure != null) {
                upload.answer = Answer.unreachable(failure);
                return;
            }
            JsonNode body = null;
            try {
                body = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
            upload.answer = Answer.of(response.statusCode(), body);
        });
        return upload;
    }

    /** The upload, if it is this administrator's (the same token started it). */
    public Optional<Upload> find(String id, String bearer) {
        Upload upload = id == null ? null : uploads.get(id);
        return upload != null && upload.owner.equals(bearer) ? Optional.of(upload) : Optional.empty();
    }

    private void forgetOld() {
        Instant before = Instant.now().minus(KEPT);
        uploads.values().removeIf(u -> !u.running() && u.startedAt.isBefore(before));
    }

    private static InputStream counting(Path file, AtomicLong sent) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        sent.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        sent.addAndGet(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
