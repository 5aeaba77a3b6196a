package io.vaxline.problems;

import java.util.List;

/** A request whose content is wrong in a named field (or "file" for an upload): a 422 naming it. */
public class InvalidInput extends ProblemException {

    private final String field;

    public InvalidInput(String field, String message) {
        this("The request is not valid", field, message);
    }

    public InvalidInput(String title, String field, String message) {
        super(422, Problem.INVALID_REQUEST, title, message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public Problem toProblem() {
        return Problem.invalid(status(), title(), List.of(new Problem.FieldError(field, getMessage())));
    }
}
