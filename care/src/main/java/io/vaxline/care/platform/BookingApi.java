package io.vaxline.care.platform;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.vaxline.problems.ProblemException;

/**
 * booking-api's public REST API, the only way care reaches the booking machinery: a doctor's sessions
 * are published with the caller's staff token, a slot is booked with the household's token as
 * {@code POST /appointments} (a BookAppointment command that scheduler-stream decides), and free slots
 * are read from the availability view. booking-api checks every token again for what it is asked.
 */
@ApplicationScoped
public class BookingApi {

    public record Reply(int status, JsonNode body) {
    }

    /**
     * A free slot as booking-api lists it. Its clinic-local start stays the text booking-api wrote: read into a
     * date-time, Jackson would move it to UTC.
     */
    public record Slot(String service, Instant start, Instant end,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The start in the clinic's time zone, "
                    + "ISO 8601 with its offset", format = "date-time") String localStart, int capacity, int free) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    @Inject
    CareSettings settings;

    @Inject
    ObjectMapper json;

    public void publishSession(String bearer, String clinicId, String sessionId, String service, LocalDate day,
            LocalTime start, LocalTime end, int slotMinutes, String staff) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", sessionId);
        body.put("service", service);
        body.put("date", day.toString());
        body.put("startTime", start.toString());
        body.put("endTime", end.toString());
        body.put("slotMinutes", slotMinutes);
        body.put("seatsPerSlot", 1);
        body.put("reservedSeatsPerSlot", 0);
        body.put("staff", List.of(staff));
        expect(call("POST", "/admin/clinics/" + clinicId + "/sessions", body, bearer, null), 201);
    }

    public void withdrawSession(String bearer, String clinicId, String sessionId, String reason) {
        expect(call("DELETE", "/admin/clinics/" + clinicId + "/sessions/" + sessionId + "?reason="
                + URLEncoder.encode(reason, StandardCharsets.UTF_8), null, bearer, null), 202);
    }

    /** The free slots of the service on a clinic-local day, as booking-api lists them. */
    public List<Slot> freeSlots(String clinicId, LocalDate day, String service) {
        Reply reply = expect(call("GET", "/clinics/" + clinicId + "/slots?date=" + day + "&service=" + service, null, null, null), 200);
        List<Slot> slots = new java.util.ArrayList<>();
        for (JsonNode slot : reply.body().path("slots")) {
            slots.add(json.convertValue(slot, Slot.class));
        }
        return slots;
    }

    public Reply book(String bearer, String idempotencyKey, String personId, String clinicId, String service, Instant slotStart) {
        return call("POST", "/appointments", Map.of("personId", personId, "clinicId", clinicId, "service", service,
                "slotStart", slotStart.toString()), bearer, idempotencyKey);
    }

    /** The household cancels its own appointment: booking-api's DELETE /appointments/{id}, decided by scheduler-stream. */
    public Reply cancelAsHousehold(String bearer, String appointmentId, String idempotencyKey, String reason) {
        return call("DELETE", "/appointments/" + appointmentId + "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8),
                null, bearer, idempotencyKey);
    }

    public Reply cancelAsStaff(String bearer, String clinicId, String appointmentId, String reason) {
        return call("POST", "/clinics/" + clinicId + "/appointments/" + appointmentId + "/cancellation",
                Map.of("reason", reason), bearer, null);
    }

    private String serviceBearer;
    private Instant serviceBearerUntil = Instant.MIN;

    /**
     * care's own token, from booking-api's service login (a token that may only cancel) with {@link CareSettings#bookingApiKey()}, kept until
     * a minute before it expires (the login is rate-limited). Used only where no caller's token is there.
     */
    public synchronized String serviceBearer() {
        if (serviceBearer == null || Instant.now().isAfter(serviceBearerUntil)) {
            String key = settings.bookingApiKey().orElseThrow(() -> new ProblemException(503, "unavailable",
                    "care cannot act on booking-api by itself", "CARE_BOOKING_API_KEY is not set"));
            Reply login = expect(call("POST", "/services/login", Map.of("apiKey", key), null, null), 200);
            serviceBearer = "Bearer " + login.body().path("token").asText();
            Instant expires = login.body().hasNonNull("expiresAt") ? Instant.parse(login.body().path("expiresAt").asText())
                    : Instant.now().plus(java.time.Duration.ofMinutes(5));
            serviceBearerUntil = expires.minus(java.time.Duration.ofMinutes(1));
        }
        return serviceBearer;
    }

    public Reply moveAsStaff(String bearer, String clinicId, String appointmentId, Instant slotStart, String reason) {
        return call("POST", "/clinics/" + clinicId + "/appointments/" + appointmentId + "/move",
                Map.of("slotStart", slotStart.toString(), "reason", reason), bearer, null);
    }

    private Reply call(String method, String path, Object body, String bearer, String idempotencyKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.bookingApiUrl() + path))
                    .timeout(settings.bookingApiTimeout()).header("Accept", "application/json");
            if (bearer != null) {
                request.header("Authorization", bearer);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer = response.body().length == 0 ? NullNode.getInstance() : json.readTree(response.body());
            return new Reply(response.statusCode(), answer);
        } catch (IOException e) {
            throw unavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    /** An answer other than the one expected: booking-api's own 4xx goes back to the caller as it was. */
    public static Reply expect(Reply reply, int status) {
        if (reply.status() == status) {
            return reply;
        }
        if (reply.status() >= 400 && reply.status() < 500) {
            throw new ProblemException(reply.status(), "booking-api-refused", "booking-api refused the request",
                    reply.body().path("detail").asText(reply.body().toString()));
        }
        throw unavailable("booking-api answered " + reply.status());
    }

    private static ProblemException unavailable(String why) {
        return new ProblemException(503, "unavailable", "booking-api is unavailable", "booking-api did not answer as expected ("
                + why + "); try again");
    }
}
