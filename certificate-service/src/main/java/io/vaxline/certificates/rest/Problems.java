package io.vaxline.certificates.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as an RFC 9457 problem document that says what to do. */
public class Problems {

    static Response problem(int status, String type, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://vaxline.io/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type(MediaType.valueOf("application/problem+json")).entity(body).build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return problem(401, "unauthenticated", "Log in first", "Certificates are shown to their holder only: send the "
                + "token booking-api gave you after your one-time code (Authorization: Bearer ...).");
    }

    @ServerExceptionMapper({ ForbiddenException.class, jakarta.ws.rs.ForbiddenException.class })
    public Response forbidden(RuntimeException e) {
        return problem(403, "forbidden", "Not allowed",
                e.getMessage() == null || e.getMessage().isBlank() ? "Your token does not allow this." : e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return problem(400, "invalid-request", "The request body is not valid JSON for this endpoint", e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(status, "http-" + status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("Unexpected error", e);
        return problem(500, "internal-error", "Internal error", "Something went wrong on our side; try again, and report it if it persists.");
    }
}
