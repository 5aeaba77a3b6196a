package io.vaxline.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The dose series of a service: how many doses, and the fewest days between one and the next. A
 * service the programme has not defined is one dose.
 *
 * <p>The rules are about one person and one service, given when each dose was given or is booked
 * (its slot): dose N is due when doses 1..N-1 are given or booked and none of N's is; its slot must
 * be at least the minimum interval after dose N-1 and, when a later dose is already booked, at least
 * the minimum interval before it.
 */
public record Series(String service, int doses, int minIntervalDays, int recommendedIntervalDays) {

    public Series {
        if (doses < 1 || minIntervalDays < 0 || recommendedIntervalDays < 0) {
            throw new IllegalArgumentException("a series has at least one dose and no negative interval");
        }
    }

    public static Series single(String service) {
        return new Series(service, 1, 0, 0);
    }

    /** Why a dose may not be booked in a slot, or nothing when it may. */
    public record Refusal(Kind kind, String detail) {
    }

    public enum Kind {
        /** Every dose of the series is given or booked and at least one is still only booked. */
        ALREADY_BOOKED,
        /** Every dose of the series is given. */
        SERIES_COMPLETE,
        /** Not the next dose due, or too close to its neighbours. */
        DOSE_NOT_DUE
    }

    /**
     * The next dose due: the lowest dose neither given nor booked, or empty when every dose is one or
     * the other. {@code doses} maps a dose number to when it was given or is booked.
     */
    public Optional<Integer> nextDose(Map<Integer, Instant> doses) {
        for (int n = 1; n <= this.doses; n++) {
            if (!doses.containsKey(n)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Whether a person whose doses stand as {@code doses} may book dose {@code dose} in the slot at {@code slotStart}. */
    public Optional<Refusal> refuseBooking(Map<Integer, Instant> doses, int dose, Instant slotStart, boolean allGiven) {
        Optional<Integer> next = nextDose(doses);
        if (next.isEmpty()) {
            return Optional.of(allGiven
                    ? new Refusal(Kind.SERIES_COMPLETE, "every dose of " + service + " (" + this.doses + ") was given already")
                    : new Refusal(Kind.ALREADY_BOOKED, "the person already has an appointment for every dose of " + service
                            + " (" + this.doses + (this.doses == 1 ? " dose)" : " doses)")));
        }
        if (dose > this.doses) {
            return Optional.of(new Refusal(Kind.DOSE_NOT_DUE, service + " has " + this.doses
                    + (this.doses == 1 ? " dose" : " doses") + "; there is no dose " + dose));
        }
        if (dose != next.get()) {
            return Optional.of(new Refusal(Kind.DOSE_NOT_DUE, "the next dose of " + service + " due for this person is dose "
                    + next.get() + ", not dose " + dose));
        }
        return refuseSlot(doses, dose, slotStart);
    }

    /** Whether dose {@code dose} may sit in the slot at {@code slotStart}, given its neighbours. */
    public Optional<Refusal> refuseSlot(Map<Integer, Instant> doses, int dose, Instant slotStart) {
        Duration gap = Duration.ofDays(minIntervalDays);
        Instant previous = doses.get(dose - 1);
        if (previous != null && slotStart.isBefore(previous.plus(gap))) {
            return Optional.of(new Refusal(Kind.DOSE_NOT_DUE, "dose " + dose + " of " + service + " must be at least "
                    + minIntervalDays + " days after dose " + (dose - 1) + " (" + previous + "): the earliest slot is "
                    + previous.plus(gap)));
        }
        Instant following = doses.get(dose + 1);
        if (following != null && slotStart.isAfter(following.minus(gap))) {
            return Optional.of(new Refusal(Kind.DOSE_NOT_DUE, "dose " + dose + " of " + service + " must be at least "
                    + minIntervalDays + " days before dose " + (dose + 1) + " (" + following + "): the latest slot is "
                    + following.minus(gap)));
        }
        return Optional.empty();
    }
}
