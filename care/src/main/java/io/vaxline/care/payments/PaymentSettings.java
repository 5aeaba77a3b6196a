package io.vaxline.care.payments;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vaxline.payments")
public interface PaymentSettings {

    /** {@code local} (records and decides on this machine) or {@code stripe}. */
    @WithDefault("local")
    String provider();

    /** Stripe's secret API key (required with provider stripe). */
    Optional<String> stripeApiKey();

    /** Where the SDK sends its requests; Stripe's own API when unset. */
    Optional<String> stripeApiBase();

    /** The signing secret of the webhook endpoint (whsec_…); without it every webhook is refused. */
    Optional<String> stripeWebhookSecret();

    /**
     * The local provider's checkout page, {@code {session}} standing for the checkout's reference: the web module's
     * page by default (a path, so the browser stays on the site it booked on).
     */
    @WithDefault("/care/checkout/{session}")
    String localCheckoutUrl();

    /**
     * How long a checkout page takes payment. Until then the seat is held; after it the charge fails as
     * {@code checkout_expired} and the seat is given back (Stripe: its own expiry and webhook; at least 30 minutes).
     */
    @WithDefault("PT30M")
    Duration checkoutExpiry();

    /** A cancellation at least this many hours before the slot is refunded in full. */
    @WithDefault("24")
    int refundHours();

    /** How often the outbox relay looks for payment events to publish. */
    @WithDefault("PT0.2S")
    Duration outboxInterval();

    /** How long one event may take to be acknowledged by the broker before the relay counts it as an outage. */
    @WithDefault("PT5S")
    Duration outboxSendTimeout();

    /** The relay's first wait after a failed attempt; it doubles up to {@link #outboxMaxRetry()}. */
    @WithDefault("PT0.5S")
    Duration outboxRetry();

    @WithDefault("PT10S")
    Duration outboxMaxRetry();
}
