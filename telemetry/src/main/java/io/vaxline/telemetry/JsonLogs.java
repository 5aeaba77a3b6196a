package io.vaxline.telemetry;

import java.util.Locale;
import java.util.logging.Handler;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;

/**
 * {@code LOG_FORMAT=json}: every log line from then on is one JSON object (timestamp, level, logger,
 * message, thread, exception, and the MDC: {@code traceId} and {@code spanId} of the current trace,
 * {@code requestId} of the HTTP request being served). {@code text} (the default) keeps Quarkus's
 * console format. Switched as the service starts, so the few lines logged while it boots stay text.
 */
@ApplicationScoped
public class JsonLogs {

    @ConfigProperty(name = "log.format", defaultValue = "text")
    String format;

    void start(@Observes @Priority(1) StartupEvent started) {
        switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> useJson();
            case "text", "" -> { }
            default -> throw new IllegalArgumentException("LOG_FORMAT is '" + format
                    + "'; it must be 'json' (one JSON object per line) or 'text' (the default).");
        }
    }

    /** Gives every handler of the root logger (and the handlers they delegate to) a JSON formatter. */
    static void useJson() {
        JsonLineFormatter json = new JsonLineFormatter();
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            setFormatter(handler, json);
        }
    }

    private static void setFormatter(Handler handler, JsonLineFormatter json) {
        if (handler instanceof ExtHandler ext) {
            for (Handler inner : ext.getHandlers()) {
                setFormatter(inner, json);
            }
        }
        handler.setFormatter(json);
    }
}
