package io.vaxline.notifier.channel;

import io.smallrye.mutiny.Uni;

/** A way to deliver a text message to a phone number. */
public interface SmsChannel {

    /**
     * Hands the message to the provider. Fails with {@link DeliveryException} when the provider
     * refuses it, saying whether trying again later can help.
     *
     * @param idempotencyKey the same for every attempt at the same message; a provider that honours
     *        such keys delivers the message once however often it is handed over
     * @return the provider's id for the message
     */
    Uni<String> send(String idempotencyKey, String phone, String text);

    /** Whether {@link #send}'s idempotency key makes a repeated hand-over harmless. */
    boolean honoursIdempotencyKey();

    /** The longest one {@link #send} can take before it gives up (its outcome then unknown). */
    default java.time.Duration longestCall() {
        return java.time.Duration.ZERO;
    }
}
