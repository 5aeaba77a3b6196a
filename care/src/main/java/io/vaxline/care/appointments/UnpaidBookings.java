package io.vaxline.care.appointments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vaxline.care.appointments.CareAppointments.CareAppointment;
import io.vaxline.care.payments.PaymentSettings;
import io.vaxline.care.payments.Payments;
import io.vaxline.care.platform.BookingApi;

/**
 * A booking whose fee was not paid gives its seat back: a charge the provider reports failed after the booking (a charge
 * that was still processing, a checkout page that expired or whose payment failed). care cancels it through booking-api's
 * staff cancellation, with the reason the person is texted, as care itself (its service login; no caller's token is
 * there when a webhook arrives). Only a booked appointment is cancelled, so a report delivered twice cancels it once.
 * <p>
 * Once a minute it also closes the local provider's checkout pages left open past {@code CARE_CHECKOUT_EXPIRY} (Stripe
 * expires its own and says so by webhook), and gives back the seat of any failed charge whose appointment is still
 * booked: when booking-api was away at the first attempt, the outage is waited out rather than leaving the seat held.
 */
@ApplicationScoped
public class UnpaidBookings {

    private static final Logger LOG = Logger.getLogger(UnpaidBookings.class);

    static final String REASON = "The fee could not be paid";
    public static final String EXPIRED = "checkout_expired";

    @Inject
    CareAppointments appointments;

    @Inject
    BookingApi bookingApi;

    @Inject
    Payments payments;

    @Inject
    PaymentSettings settings;

    private ScheduledExecutorService executor;

    void start(@Observes StartupEvent started) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "unpaid-bookings");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep(Instant.now());
            } catch (RuntimeException e) {
                LOG.warnf("Unpaid bookings: %s; trying again in a minute", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The provider reported a charge failed: it is marked so (its event too) and its booking gives the seat back. */
    public void reportedFailed(String reference, String failure) {
        payments.reported(reference, Payments.FAILED, failure);
        // Also on a repeated report: if booking-api was away the first time, the seat is given back now.
        payments.chargeByReference(reference).filter(p -> Payments.FAILED.equals(p.status()))
                .ifPresent(p -> release(p.appointmentId()));
    }

    /**
     * Expires the local checkout pages opened more than the expiry before {@code now}, then gives back every seat still
     * held by a failed charge (older than a minute, so a booking failing right now is left to its own request).
     * Returns the appointments given back.
     */
    public List<String> sweep(Instant now) {
        for (Payments.Payment open : payments.openLocalCheckouts(now.minus(settings.checkoutExpiry()))) {
            payments.reported(open.reference(), Payments.FAILED, EXPIRED);
        }
        List<String> released = new java.util.ArrayList<>();
        for (String appointmentId : payments.failedButBooked(now.minus(Duration.ofMinutes(1)))) {
            try {
                if (release(appointmentId)) {
                    released.add(appointmentId);
                }
            } catch (RuntimeException e) {
                LOG.warnf("The unpaid appointment %s keeps its seat until booking-api answers: %s", appointmentId, e.getMessage());
            }
        }
        return released;
    }

    /** True when the appointment was booked and is now cancelled (or its cancellation is on its way). */
    public boolean release(String appointmentId) {
        CareAppointment appointment = appointments.find(appointmentId).filter(a -> "BOOKED".equals(a.status())).orElse(null);
        if (appointment == null) {
            return false;
        }
        BookingApi.Reply reply = bookingApi.cancelAsStaff(bookingApi.serviceBearer(), appointment.clinicId(), appointmentId, REASON);
        // 409: booking-api has it cancelled already (the household or the clinic was quicker); the seat is free either way.
        if (reply.status() != 200 && reply.status() != 202 && reply.status() != 409) {
            BookingApi.expect(reply, 200);
        }
        appointments.changeStatus(appointmentId, CareAppointmentResource.PAYMENT_FAILED);
        return true;
    }
}
