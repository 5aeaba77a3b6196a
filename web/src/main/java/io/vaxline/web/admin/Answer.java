package io.vaxline.web.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.TemplateData;

/**
 * What booking-api answered to one call, as a page shows it: the HTTP status, and for a problem its
 * title, detail and the fields at fault (so each can be shown beside its input), or the body read.
 */
@TemplateData
public record Answer(int status, String title, String detail, List<FieldError> errors, Map<String, String> fields,
        JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TemplateData
    public record FieldError(String field, String message) {
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The message for a form field ("services" also takes "services[0]"'s), or null. */
    public String field(String name) {
        String message = fields.get(name);
        return message != null ? message : fields.get("criteria." + name);
    }

    public boolean invalid(String name) {
        return field(name) != null;
    }

    /** The body as maps and lists, for the templates. */
    public Object data() {
        return body == null ? Map.of() : JSON.convertValue(body, Object.class);
    }

    /** The body as indented JSON, to show exactly what the API said. */
    public String json() {
        try {
            return body == null ? "" : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
        } catch (Exception e) {
            return body.toString();
        }
    }

    /** Reads the answer's body (JSON or problem JSON; anything else is kept as its status only). */
    public static Answer of(Response response) {
        JsonNode body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(JsonNode.class);
            }
        } catch (RuntimeException notJson) {
            body = null;
        }
        return of(response.getStatus(), body);
    }

    static Answer of(int status, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String title = null;
        String detail = null;
        if (status >= 400) {
            title = body == null ? null : body.path("title").asText(null);
            detail = body == null ? null : body.path("detail").asText(null);
            if (body != null) {
                for (JsonNode e : body.path("errors")) {
                    FieldError error = new FieldError(e.path("field").asText(""), e.path("message").asText(""));
                    errors.add(error);
                    fields.merge(error.field().replaceAll("\\[.*", ""), error.message(), (a, b) -> a + "; " + b);
                }
            }
            if (title == null) {
                title = "HTTP " + status;
            }
        }
        return new Answer(status, title, detail, List.copyOf(errors), fields, body);
    }

    /** An answer that never came: booking-api could not be reached. */
    static Answer unreachable(Throwable failure) {
        return new Answer(503, "booking-api did not answer", String.valueOf(failure.getMessage()), List.of(), Map.of(), null);
    }
}
