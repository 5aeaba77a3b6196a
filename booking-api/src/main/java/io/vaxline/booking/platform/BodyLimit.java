package io.vaxline.booking.platform;

import java.io.ByteArrayInputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vaxline.problems.Problem;
import io.vaxline.problems.ProblemException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * JSON requests are small; only CSV uploads (text/csv or text/plain, streamed, never held in memory)
 * may be as large as quarkus.http.limits.max-body-size. Every other body (JSON, a missing or any other
 * Content-Type) stops at vaxline.json.max-body-size, however it is sent: one whose Content-Length is
 * over the limit is refused before it is read; one of unknown length (chunked) is read here as it
 * arrives, counted, and refused as soon as it passes the limit, so at most the limit is ever held.
 * Either way the answer is 413 with what the limit is.
 */
public class BodyLimit {

    /**
     * After a refusal the rest of the body is read and thrown away, up to this many times the limit,
     * so that a client still sending reads the answer instead of a reset connection; then (or when
     * the body ends) the connection is closed.
     */
    static final int DISCARD_FACTOR = 4;

    private static final String EXPECT_CONTINUE = "100-continue";

    @Inject
    JsonSettings settings;

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> limit(ContainerRequestContext request, ServerRequestContext context) {
        String method = request.getMethod();
        if (upload(request.getMediaType()) || HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return Uni.createFrom().nullItem();
        }
        long limit = settings.maxBodySize().asLongValue();
        RoutingContext routing = ((ResteasyReactiveRequestContext) context).serverRequest().unwrap(RoutingContext.class);
        HttpServerRequest http = routing.request();
        long length = length(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
        if (length > limit) {
            discardRest(routing, limit, false);
            return Uni.createFrom().item(tooLarge(limit, http));
        }
        if (length >= 0 || http.isEnded()) {
            return Uni.createFrom().nullItem(); // no more than its Content-Length is read as this request's body
        }
        return Uni.createFrom().emitter(emitter -> readUpTo(limit, routing, request, emitter));
    }

    private static boolean upload(MediaType type) {
        return type != null && (type.isCompatible(MediaType.valueOf("text/csv")) || type.isCompatible(MediaType.TEXT_PLAIN_TYPE));
    }

    /** -1 when the length is not given (chunked) or cannot be read; such a body is counted as it arrives. */
    private static long length(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads the body into memory while it stays within the limit; past it, answers 413 at once. */
    private static void readUpTo(long limit, RoutingContext routing, ContainerRequestContext request,
            UniEmitter<? super Response> emitter) {
        HttpServerRequest http = routing.request();
        Buffer[] body = { Buffer.buffer() };
        http.exceptionHandler(e -> emitter.fail(new ProblemException(400, "body-unreadable", "The request body could not be read",
                "The request body ended before it was complete: " + e.getMessage())));
        http.endHandler(end -> {
            request.setEntityStream(new ByteArrayInputStream(body[0].getBytes()));
            emitter.complete(null);
        });
        http.handler(chunk -> {
            if (body[0].length() + (long) chunk.length() <= limit) {
                body[0].appendBuffer(chunk);
                return;
            }
            body[0] = null;
            discardRest(routing, limit, true);
            emitter.complete(tooLarge(limit, http));
        });
        if (EXPECT_CONTINUE.equalsIgnoreCase(http.getHeader("Expect"))) {
            http.response().writeContinue();
        }
        http.resume();
    }

    /**
     * Throws the rest of a refused body away as it arrives, and closes the connection once the answer is
     * out and the body has ended or passed {@link #DISCARD_FACTOR} times the limit. A client that waits
     * for 100 Continue (not sent to it) never sends the body, so its connection is closed as soon as it is answered.
     */
    private static void discardRest(RoutingContext routing, long limit, boolean continueSent) {
        HttpServerRequest http = routing.request();
        boolean awaitsContinue = !continueSent && EXPECT_CONTINUE.equalsIgnoreCase(http.getHeader("Expect")) && !http.isEnded();
        java.util.function.Consumer<Boolean> close = bodyEnded -> {
            if (http.version() != HttpVersion.HTTP_2) {
                http.connection().close();
            } else if (!bodyEnded) {
                http.response().reset(0x8); // CANCEL: this stream only, not the connection's others
            } // an HTTP/2 stream whose body ended and was answered is complete: nothing to cut
        };
        Discarding state = new Discarding(limit * DISCARD_FACTOR, http.isEnded() || awaitsContinue, close);
        routing.addEndHandler(answered -> state.answered());
        if (!http.isEnded()) {
            http.exceptionHandler(e -> { });
            http.handler(chunk -> state.discarded(chunk.length()));
            http.endHandler(end -> state.ended());
            http.resume();
        }
    }

    private static final class Discarding {
        private final long most;
        private final java.util.function.Consumer<Boolean> close;
        private long discarded;
        private boolean ended;
        private boolean answered;
        private boolean closed;

        Discarding(long most, boolean ended, java.util.function.Consumer<Boolean> close) {
            this.most = most;
            this.ended = ended;
            this.close = close;
        }

        void discarded(int bytes) {
            discarded += bytes;
            closeIfDone();
        }

        void ended() {
            ended = true;
            closeIfDone();
        }

        void answered() {
            answered = true;
            closeIfDone();
        }

        private void closeIfDone() {
            if (!closed && answered && (ended || discarded > most)) {
                closed = true;
                close.accept(ended);
            }
        }
    }

    /** HTTP/2 forbids connection headers (a response carrying one is reset), so only HTTP/1 is told the connection closes. */
    private static Response tooLarge(long limit, HttpServerRequest http) {
        Response.ResponseBuilder answer = Response.fromResponse(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "body-too-large", "The request body is too large",
                "Request bodies other than CSV uploads are limited to " + limit + " bytes.").toResponse());
        if (http.version() != HttpVersion.HTTP_2) {
            answer.header("Connection", "close");
        }
        return answer.build();
    }
}
