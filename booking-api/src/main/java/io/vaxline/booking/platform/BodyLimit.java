package io.vaxline.booking.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.vaxline.problems.Problem;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * JSON requests are small; only CSV uploads (streamed, never held in memory) may be large. A JSON
 * body over the limit is refused before it is read, with 413 and what the limit is.
 */
public class BodyLimit {

    @Inject
    JsonSettings settings;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        boolean upload = type != null && (type.isCompatible(MediaType.valueOf("text/csv"))
                || type.isCompatible(MediaType.TEXT_PLAIN_TYPE));
        if (upload || request.getLength() <= settings.maxBodySize().asLongValue()) {
            return null;
        }
        return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large", "The request body is too large",
                "Request bodies other than CSV uploads are limited to " + settings.maxBodySize().asLongValue() + " bytes.").toResponse();
    }
}
