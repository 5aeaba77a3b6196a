package io.vaxline.web.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a booking-api token says about its holder, read from the JWT's payload without checking the
 * signature: only to know which clinic to show and until when the cookie lives. booking-api checks
 * the signature and the clinic on every call (its {@code Caller.requireClinic}); the claim names are
 * those of booking-api's {@code Tokens}: groups {@code clinic} with claim {@code clinicId}, or {@code admin}.
 */
public record StaffClaims(String subject, String clinicId, boolean admin, Instant expiresAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Empty when the text is not a JWT at all (a pasted key, a truncated token). */
    public static Optional<StaffClaims> read(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.strip().split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (payload == null || !payload.isObject()) {
                return Optional.empty();
            }
            boolean admin = false;
            boolean staff = false;
            for (JsonNode group : payload.path("groups")) {
                admin |= "admin".equals(group.asText());
                staff |= "clinic".equals(group.asText());
            }
            String clinic = staff && payload.hasNonNull("clinicId") ? payload.path("clinicId").asText() : null;
            Instant expires = payload.has("exp") ? Instant.ofEpochSecond(payload.path("exp").asLong()) : null;
            return Optional.of(new StaffClaims(payload.path("sub").asText(""), clinic, admin, expires));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The staff member's name, from the subject booking-api gives staff tokens ({@code clinic:<clinicId>:<name>}). */
    public String staffName() {
        if (subject.startsWith("clinic:")) {
            int at = subject.indexOf(':', "clinic:".length());
            return at < 0 ? subject : subject.substring(at + 1);
        }
        return admin ? "administrator" : subject;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
