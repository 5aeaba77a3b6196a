package io.vaxline.booking.service;

/** A request whose content is wrong in a named field (or "file" for an upload): a 422 naming it. */
public class InvalidInput extends RuntimeException {

    private final String field;

    public InvalidInput(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
