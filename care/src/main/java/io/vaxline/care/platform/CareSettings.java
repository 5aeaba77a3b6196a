package io.vaxline.care.platform;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "vaxline.care")
public interface CareSettings {

    /** booking-api's address: sessions are published and slots booked through its public REST API. */
    String bookingApiUrl();

    Duration bookingApiTimeout();

    /** How many days ahead weekly hours are published as sessions. */
    int horizonDays();

    /** The video provider's base URL; a room is this followed by its name. */
    String videoBaseUrl();

    /**
     * care's own key for booking-api's administrator login ({@code CARE_BOOKING_API_KEY}; booking-api's ADMIN_API_KEYS
     * names it, e.g. {@code care=<key>}): what care acts with when no caller's token is there, which is only to
     * cancel a booking whose payment the provider reports failed later. Without it such a booking keeps its seat.
     */
    java.util.Optional<String> bookingApiKey();
}
