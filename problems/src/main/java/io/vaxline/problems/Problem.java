package io.vaxline.problems;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code errors} names each field at fault; extension members (the
 * rejection reason, fresh availability) sit beside the standard ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://vaxline.io/problems/";
    /** The type of every problem whose fields are at fault, with one entry in {@code errors} each. */
    public static final String INVALID_REQUEST = "invalid-request";

    public record FieldError(String field, String message) {
    }

    public final URI type;
    public final String title;
    public final int status;
    public final String detail;
    public final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this.type = URI.create(TYPE_BASE + type);
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(type, title, status, detail, null);
    }

    public static Problem of(Response.Status status, String type, String title, String detail) {
        return of(status.getStatusCode(), type, title, detail);
    }

    public static Problem invalid(int status, String title, List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new Problem(INVALID_REQUEST, title, status, detail, errors);
    }

    public Problem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
