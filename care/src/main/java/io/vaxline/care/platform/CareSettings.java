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
}
