package io.vaxline.problems;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

/** A limit was reached: a 429 whose Retry-After says when the caller may try again. */
public class TooManyRequests extends ProblemException {

    private final Duration retryAfter;

    public TooManyRequests(String message, Duration retryAfter) {
        super(429, "too-many-requests", "Too many requests", message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Response toResponse() {
        return Response.fromResponse(super.toResponse())
                .header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000)).build();
    }
}
