package io.vaxline.notifier.channel;

/** The provider did not take a message: {@link #retryable()} for throttling, its own faults and the network. */
public class DeliveryException extends RuntimeException {

    private final boolean retryable;

    public DeliveryException(String reason, boolean retryable, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
