package io.vaxline.certificates.ledger;

/** An event that can never make a certificate; its message is the dead letter's reason. */
public class RejectedEvent extends RuntimeException {

    public RejectedEvent(String message) {
        super(message, null, false, false);
    }
}
