package io.vaxline.notifier.channel;

import io.smallrye.mutiny.Uni;

/** A way to deliver a text message to a phone number. */
public interface SmsChannel {

    /**
     * Hands the message to the provider.
     *
     * @return the provider's id for the message
     */
    Uni<String> send(String phone, String text);
}
