package io.vaxline.problems;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of every service leaves as problem JSON that names what was wrong; nothing leaks a stack
 * trace. A service's own errors are {@link ProblemException}s and answer for themselves.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ProblemSettings settings;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.invalid(422, "The request is not valid", errors).toResponse();
    }

    /** More specific than Quarkus's own mapper for this type, which answers without a problem document. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : "body";
        String message = e.getOriginalMessage();
        int cut = message.indexOf('\n');
        return Problem.invalid(400, "The request body is not valid JSON for this endpoint",
                List.of(new Problem.FieldError(field, cut < 0 ? message : message.substring(0, cut)))).toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", "Log in first", settings.loginHint())
                .toResponse();
    }

    @ServerExceptionMapper({ForbiddenException.class, jakarta.ws.rs.ForbiddenException.class})
    public Response forbidden(RuntimeException e) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "Not allowed",
                e.getMessage() == null || e.getMessage().isBlank() ? "Your token does not allow this." : e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "not-found", "Not found", e.getMessage()).toResponse();
    }

    /** Quarkus hands over a body it could not parse as a 400 wrapping Jackson's exception: named like the others. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unparsable) {
            return unreadable(unparsable);
        }
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.BAD_REQUEST;
        }
        String type = e instanceof NotAllowedException ? "method-not-allowed"
                : e instanceof NotSupportedException ? "unsupported-media-type" : "http-" + status.getStatusCode();
        return Problem.of(status, type, status.getReasonPhrase(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return failed(e);
    }

    /**
     * A checked failure (a refused connection to PostgreSQL arrives as one) or a bare Throwable (the
     * reactive client's pool timeout is one) is answered the same way.
     */
    @ServerExceptionMapper
    public Response unexpectedChecked(Throwable e) {
        return failed(e);
    }

    private static Response failed(Throwable e) {
        if (io.vaxline.schemas.Outages.isOutage(e)) {
            // The database or the registry is away: the request was fine and may be sent again as it was
            // (with the same Idempotency-Key, it never acts twice).
            LOG.warnf("Answered 503, infrastructure unavailable: %s", e.getMessage());
            return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable",
                    "A service this request needs is unavailable for the moment; send the same request again in a few seconds.")
                    .toResponse()).header("Retry-After", "5").build();
        }
        LOG.error("Unexpected error", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "Something went wrong on our side; try again, and report it if it persists.").toResponse();
    }

    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString().replace(".<list element>", "").replace(".<map value>", "");
        // "book.request.person.phone" → "person.phone": drop the method and parameter names
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
