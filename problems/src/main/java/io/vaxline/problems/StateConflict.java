package io.vaxline.problems;

/** A request that cannot be done in the present state (a campaign already launched, say): a 409 saying why. */
public class StateConflict extends ProblemException {

    public StateConflict(String message) {
        this("conflict", "Not possible now", message);
    }

    public StateConflict(String type, String title, String message) {
        super(409, type, title, message);
    }
}
