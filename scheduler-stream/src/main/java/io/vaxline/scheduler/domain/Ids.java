package io.vaxline.scheduler.domain;

import io.vaxline.schemas.DerivedIds;

/**
 * Ids derived from the request that caused them, so that reprocessing a command after a crash
 * produces the same appointment and the same event ids. The appointment's confirmation code is not
 * made here: it is a keyed hash of the appointment id ({@link io.vaxline.schemas.ConfirmationCodes})
 * that only booking-api and the notifier, which hold the key, compute; so the same appointment id
 * gives the same code after a replay too.
 */
public final class Ids {

    private Ids() {
    }

    public static String appointmentId(String requestId) {
        return DerivedIds.of("appointment", requestId);
    }
}
