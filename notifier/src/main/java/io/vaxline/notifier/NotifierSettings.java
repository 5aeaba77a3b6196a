package io.vaxline.notifier;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How fast, how often and how patiently the notifier delivers. */
@ConfigMapping(prefix = "vaxline.notifier")
public interface NotifierSettings {

    /** Messages per second to the provider (SNS accounts start at 20 SMS per second). */
    int messagesPerSecond();

    /** Attempts of one message before it is parked on the dead-letter topic. */
    int maxAttempts();

    /** The wait before the second attempt; it doubles with each attempt up to {@link #retryBackoffMax()}. */
    Duration retryBackoff();

    Duration retryBackoffMax();

    /** How long a message waits for the person's contact details or the clinic to arrive from their topics. */
    Duration contactPatience();

    /** Where a certificate's PDF is fetched; the certificate id and ".pdf" are appended. */
    String certificateUrl();

    /** Consumers per input topic in each instance (the channels' concurrency). */
    int consumers();
}
