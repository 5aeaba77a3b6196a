package io.vaxline.scheduler.domain;

/**
 * Who may take a seat in a slot. Priority groups may take any seat; everybody else only the
 * seats not reserved for them. With C seats, R reserved, T taken of which N by non-priority people:
 * a non-priority booking needs N < C − R and T < C; a priority booking needs T < C.
 */
public final class SeatRules {

    private SeatRules() {
    }

    public static int freeForAnyone(int capacity, int reserved, int taken, int takenNonPriority) {
        return Math.max(0, Math.min(capacity - reserved - takenNonPriority, capacity - taken));
    }

    public static int freeForPriority(int capacity, int taken) {
        return Math.max(0, capacity - taken);
    }

    public static boolean canSeat(boolean priority, int capacity, int reserved, int taken, int takenNonPriority) {
        return priority ? freeForPriority(capacity, taken) > 0
                : freeForAnyone(capacity, reserved, taken, takenNonPriority) > 0;
    }
}
