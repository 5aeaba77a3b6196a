package io.vaxline.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.MDC;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.OutputStreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamHandler handler = new OutputStreamHandler(out, new PatternFormatter("%m%n"));
    private final Logger root = LogContext.getLogContext().getLogger("");

    @AfterEach
    void removeHandler() {
        root.removeHandler(handler);
        MDC.clear();
    }

    @Test
    void jsonSwitchesTheRootHandlersToOneJsonObjectPerLineWithTheMdcIds() {
        handler.setLevel(Level.INFO);
        root.addHandler(handler);
        Logger logger = LogContext.getLogContext().getLogger("io.vaxline.test");
        logger.info("before");

        JsonLogs.useJson();
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put(RequestIds.MDC_KEY, "req-1");
        logger.log(Level.WARNING, "a \"quoted\" message", new IllegalStateException("boom"));
        handler.flush();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("before");
        String json = lines[1];
        assertThat(json).startsWith("{").endsWith("}")
                .contains("\"level\":\"WARN")
                .contains("\"loggerName\":\"io.vaxline.test\"")
                .contains("\"message\":\"a \\\"quoted\\\" message\"")
                .contains("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"")
                .contains("\"requestId\":\"req-1\"")
                .contains("boom");
        assertThat(lines).as("the exception is inside the one line").hasSize(2);
    }

    @Test
    void anUnknownFormatStopsTheServiceWithWhatToSet() {
        JsonLogs logs = new JsonLogs();
        logs.format = "yaml";
        assertThatThrownBy(() -> logs.start(null)).hasMessageContaining("LOG_FORMAT is 'yaml'")
                .hasMessageContaining("'json'").hasMessageContaining("'text'");
    }

    @Test
    void aPlausibleRequestIdIsKeptAndAnythingElseReplaced() {
        assertThat(RequestIds.idFor("abc-123:x.y_z")).isEqualTo("abc-123:x.y_z");
        assertThat(RequestIds.idFor(null)).matches("[0-9a-f]{16}");
        assertThat(RequestIds.idFor("evil\nheader")).matches("[0-9a-f]{16}");
        assertThat(RequestIds.idFor("x".repeat(65))).matches("[0-9a-f]{16}");
    }
}
