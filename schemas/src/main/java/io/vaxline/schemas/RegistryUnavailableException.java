package io.vaxline.schemas;

/**
 * The schema registry could not be reached, or answered that it cannot serve now: the record is
 * fine and must be read again once the registry is back, never parked on a dead-letter topic.
 */
public final class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
