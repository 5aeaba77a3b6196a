package io.vaxline.telemetry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line: timestamp, level, loggerName, message, threadName, the MDC's entries
 * (traceId, spanId, requestId) under {@code mdc}, and a thrown exception's stack trace. Written by hand:
 * JBoss LogManager's own JsonFormatter needs jakarta.json, which a Quarkus application keeps on a class
 * path the log manager (loaded first, beside it) cannot see.
 */
final class JsonLineFormatter extends ExtFormatter {

    @Override
    public String format(ExtLogRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"timestamp\":\"").append(Instant.ofEpochMilli(record.getMillis())).append('"');
        field(json, "level", record.getLevel().getName());
        field(json, "loggerName", record.getLoggerName());
        field(json, "message", formatMessage(record));
        field(json, "threadName", record.getThreadName());
        Map<String, String> mdc = new TreeMap<>(record.getMdcCopy());
        if (!mdc.isEmpty()) {
            json.append(",\"mdc\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, entry.getKey()).append(':');
                string(json, entry.getValue());
            }
            json.append('}');
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            field(json, "exception", trace.toString());
        }
        return json.append("}\n").toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append(",\"").append(name).append("\":");
        string(json, value);
    }

    private static StringBuilder string(StringBuilder json, String value) {
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
