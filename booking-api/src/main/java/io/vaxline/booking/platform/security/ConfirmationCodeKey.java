package io.vaxline.booking.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vaxline.schemas.AppointmentLinks;
import io.vaxline.schemas.ConfirmationCodes;

/**
 * Confirmation codes under the secret pepper: the keyed hash of the appointment id, the same function and
 * key the notifier texts them with, so the code a person sees here is the code they were texted.
 */
@ApplicationScoped
public class ConfirmationCodeKey {

    @Produces
    @Singleton
    ConfirmationCodes codes(SecuritySettings settings) {
        return new ConfirmationCodes(settings.secretPepper());
    }

    /** The texted links that cancel or move one appointment: the notifier makes them with the same pepper, this checks them. */
    @Produces
    @Singleton
    AppointmentLinks links(SecuritySettings settings) {
        return new AppointmentLinks(settings.secretPepper());
    }
}
