package io.vaxline.schemas;

import java.io.IOException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import com.microsoft.kiota.ApiException;

/**
 * Tells unavailable infrastructure from bad data. A record that fails because the registry or the
 * database cannot be reached is not at fault: it is retried until they are back and is never parked
 * on a dead-letter topic. Everything else a consumer cannot handle is the record's own problem.
 */
public final class Outages {

    private Outages() {
    }

    /** True when {@code failure}, or anything that caused it, says a server could not be reached or is overloaded. */
    public static boolean isOutage(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause() == cause ? null : cause.getCause(), depth++) {
            if (cause instanceof RegistryUnavailableException
                    || cause instanceof IOException io && isNetwork(io)
                    || cause instanceof TimeoutException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof ApiException api) {
                return unavailableStatus(api.getResponseStatusCode());
            }
            String sqlState = sqlState(cause);
            if (sqlState != null) {
                return unavailableSqlState(sqlState);
            }
            String name = cause.getClass().getName();
            // Vert.x's clients: a closed connection or a pool that could not connect in time.
            if (name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || name.equals("io.vertx.core.VertxException") && String.valueOf(cause.getMessage()).contains("onnection")
                    || name.equals("io.vertx.core.impl.NoStackTraceThrowable") && isVertxConnectionMessage(cause.getMessage())
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** 5xx, 429 (too many requests) and 408 (request timeout) say "later", not "never". */
    public static boolean unavailableStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    /**
     * SQL states of a server that is down, starting, shutting down, out of resources or in a
     * transient conflict: 08 (connection), 53 (insufficient resources), 57P01-57P03 (admin shutdown,
     * crash shutdown, cannot connect now), 40001/40P01 (serialization failure, deadlock).
     */
    public static boolean unavailableSqlState(String state) {
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01");
    }

    /**
     * Only the network's IOExceptions: an EOFException from a truncated Avro body is an IOException
     * too, and that record is bad, not early.
     */
    private static boolean isNetwork(IOException e) {
        String name = e.getClass().getName();
        return name.startsWith("java.net.") || name.startsWith("java.nio.channels.") || name.startsWith("javax.net.")
                || name.startsWith("io.netty.") || e instanceof java.io.InterruptedIOException;
    }

    private static boolean isVertxConnectionMessage(String message) {
        return message != null && (message.contains("onnection") || message.contains("Timeout") || message.contains("closed"));
    }

    private static String sqlState(Throwable cause) {
        if (cause instanceof SQLException sql) {
            return sql.getSQLState();
        }
        // Vert.x's PgException (and others) carry getSqlState() without being SQLExceptions.
        try {
            Method method = cause.getClass().getMethod("getSqlState");
            Object state = method.invoke(cause);
            return state instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
