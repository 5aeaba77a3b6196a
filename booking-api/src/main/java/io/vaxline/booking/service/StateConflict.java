package io.vaxline.booking.service;

/** A request that cannot be done in the present state (a campaign already launched, say): a 409 saying why. */
public class StateConflict extends RuntimeException {

    public StateConflict(String message) {
        super(message);
    }
}
