package io.vaxline.certificates.ledger;

/** The dose's person has no PersonRegistered yet: wait for the people reader, then give up with this reason. */
public class UnknownHolder extends RejectedEvent {

    public UnknownHolder(String personId) {
        super("person " + personId + " is not registered (no PersonRegistered on the people topic): register them "
                + "through booking-api, then send this event again");
    }
}
