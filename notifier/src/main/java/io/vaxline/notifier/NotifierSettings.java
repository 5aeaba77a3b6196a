package io.vaxline.notifier;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How fast, how often and how patiently the notifier delivers. */
@ConfigMapping(prefix = "vaxline.notifier")
public interface NotifierSettings {

    /**
     * SMS per second to the provider, across all notifier instances (SNS accounts start at 20 SMS per
     * second).
     */
    int messagesPerSecond();

    /**
     * Of each second's {@link #messagesPerSecond()}, how many only one-time codes may use: every other
     * text (campaigns, confirmations, reminders) stops at the limit minus this, so codes never find the
     * provider's limit used up.
     */
    int smsReservedForCodes();

    /** E-mails per second to the mail server, across all instances (Amazon SES starts at 14). */
    int emailsPerSecond();

    /** Attempts of one message before it is parked on the dead-letter topic. */
    int maxAttempts();

    /** The wait before the second attempt; it doubles with each attempt up to {@link #retryBackoffMax()}. */
    Duration retryBackoff();

    Duration retryBackoffMax();

    /**
     * How long a claim on a delivery keeps other claimers (a replayed record, a rebalanced partition,
     * another instance) from handing the same message over: longer than the provider's call can take.
     */
    Duration deliveryLease();

    /** The first wait after PostgreSQL or the schema registry could not be reached; it doubles up to {@link #outageBackoffMax()}. */
    Duration outageBackoff();

    Duration outageBackoffMax();

    /** How long a message waits for the person's contact details or the clinic to arrive from their topics. */
    Duration contactPatience();

    /** Where a certificate's PDF is fetched; the certificate id and ".pdf" are appended. */
    String certificateUrl();

    /** Where the signed links that move or cancel an appointment lead (the web pages' {@code /a/}); the token is appended. */
    String appointmentLinkUrl();
    /** The page where a waitlist offer is taken; the offer id is appended. */
    String offerUrl();

    /** Consumers per input topic in each instance (the channels' concurrency). */
    int consumers();
}
