package io.vaxline.notifier.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vaxline.schemas.AppointmentLinks;
import io.vaxline.schemas.ConfirmationCodes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The secret pepper confirmation codes are keyed with: booking-events and appointment-reminders no longer
 * carry the code (analysts read them), so the notifier computes it from the appointment id, as booking-api
 * does for the code it shows.
 */
@ApplicationScoped
public class ConfirmationCodeKey {

    @Produces
    @Singleton
    ConfirmationCodes codes(@ConfigProperty(name = "vaxline.security.secret-pepper") String pepper) {
        return new ConfirmationCodes(pepper);
    }

    /** The signed links of confirmations and reminders, under the same pepper: booking-api checks them. */
    @Produces
    @Singleton
    AppointmentLinks links(@ConfigProperty(name = "vaxline.security.secret-pepper") String pepper) {
        return new AppointmentLinks(pepper);
    }
}
