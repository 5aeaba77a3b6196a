package io.vaxline.problems;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

/** A request that failed because the infrastructure is away is told to come again (503), whatever shape the failure has. */
class OutageAnswerTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aPoolTimeoutOrARefusedConnectionIsA503WithRetryAfter() {
        // The reactive PostgreSQL client's pool reports a timeout as a bare Throwable, a refused connection as a checked exception.
        for (Throwable outage : new Throwable[] {new io.vertx.core.impl.NoStackTraceThrowable("Timeout"),
                new ConnectException("Connection refused"), new IllegalStateException(new ConnectException("refused"))}) {
            var response = outage instanceof RuntimeException e ? mappers.unexpected(e) : mappers.unexpectedChecked(outage);
            assertThat(response.getStatus()).as(outage.toString()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        }
    }

    @Test
    void anyOtherFailureIsStillA500() {
        assertThat(mappers.unexpected(new IllegalStateException("a bug")).getStatus()).isEqualTo(500);
        assertThat(mappers.unexpectedChecked(new java.io.EOFException()).getStatus()).isEqualTo(500);
    }
}
