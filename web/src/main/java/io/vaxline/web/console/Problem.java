package io.vaxline.web.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateData;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * booking-api's problem document (RFC 9457: title, detail, errors[] of field and message) as a page
 * shows it: the summary above the form, each field's message next to its input.
 */
@TemplateData
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    @TemplateData
    public record FieldError(String field, String message) {
    }

    public static Problem of(Response answer) {
        JsonNode body;
        try {
            body = answer.hasEntity() ? answer.readEntity(JsonNode.class) : null;
        } catch (RuntimeException notJson) {
            body = null;
        }
        return of(answer.getStatus(), body);
    }

    public static Problem of(int status, JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Problem(status, "booking-api answered HTTP " + status, null, List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        body.path("errors").forEach(e -> errors.add(new FieldError(e.path("field").asText(""), e.path("message").asText(""))));
        return new Problem(status, body.path("title").asText("booking-api answered HTTP " + status),
                body.hasNonNull("detail") ? body.path("detail").asText() : null, errors);
    }

    public static Problem message(String title) {
        return new Problem(0, title, null, List.of());
    }

    /** The message of each named field ("publishSession.seatsPerSlot" and "seatsPerSlot" alike), for the form. */
    public Map<String, String> byField() {
        Map<String, String> messages = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String field = e.field().substring(e.field().lastIndexOf('.') + 1);
            messages.merge(field, e.message(), (a, b) -> a + "; " + b);
        }
        return messages;
    }
}
