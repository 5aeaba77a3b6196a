package io.vaxline.problems;

import jakarta.ws.rs.core.Response;

/**
 * An error that knows how it is answered: its status, problem type and title travel with it, so the one
 * mapper in {@link ProblemMappers} serves every service without naming their exceptions.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ProblemException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The problem document; a subclass adds its field errors or extension members here. */
    public Problem toProblem() {
        return Problem.of(status, type, title, getMessage());
    }

    /** The whole answer; a subclass adds headers (Retry-After, say) here. */
    public Response toResponse() {
        return toProblem().toResponse();
    }
}
