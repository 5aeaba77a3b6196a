package io.vaxline.telemetry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;

import org.jboss.logging.MDC;

/**
 * Every HTTP request gets a request id: the caller's {@code X-Request-Id} when it is a plausible id
 * (up to 64 letters, digits and {@code . _ : -}), otherwise a new one. It is sent back in the answer's
 * {@code X-Request-Id} and put in the log's MDC as {@code requestId} for everything logged while the
 * request is served (Quarkus keeps the MDC with the request's Vert.x context).
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String id = idFor(rc.request().getHeader(HEADER));
            rc.response().putHeader(HEADER, id);
            MDC.put(MDC_KEY, id);
            rc.next();
        }, 1000);
    }

    /** The caller's id when plausible, else a new random one (16 hexadecimal digits). */
    static String idFor(String given) {
        if (given != null && PLAUSIBLE.matcher(given).matches()) {
            return given;
        }
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
