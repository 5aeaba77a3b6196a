package io.vaxline.scheduler.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.internal.SeatsTaken;
import io.vaxline.scheduler.domain.SeatRules;
import io.vaxline.scheduler.domain.SessionSlots;

/**
 * The availability view of one clinic day, computed from the very stores the seat decision reads,
 * so it shows free exactly the seats a decision would grant: the seat rule per slot, capped by the
 * doses of the service still free to promise.
 */
final class Availability {

    private Availability() {
    }

    static SlotAvailability of(Ledger ledger, ClinicUpdated clinic, LocalDate date, Instant now) {
        ZoneId zone = Ledger.zone(clinic);
        List<SlotSeats> slots = new ArrayList<>();
        for (CapacityPublished session : ledger.sessionsOn(clinic.getClinicId(), date)) {
            int stockLeft = ledger.stockRemaining(clinic.getClinicId(), session.getService(), date);
            for (SessionSlots.Slot slot : SessionSlots.of(session, zone)) {
                SeatsTaken taken = ledger.seatsTaken(StoreKeys.seats(clinic.getClinicId(), date, session.getSessionId(), slot.start()));
                int capacity = session.getSeatsPerSlot();
                int reserved = session.getReservedSeatsPerSlot();
                slots.add(SlotSeats.newBuilder()
                        .setSessionId(session.getSessionId())
                        .setService(session.getService())
                        .setStart(slot.start())
                        .setEnd(slot.end())
                        .setCapacity(capacity)
                        .setReservedForPriority(reserved)
                        .setBooked(taken.getTotal())
                        .setFreeForAnyone(Math.min(stockLeft,
                                SeatRules.freeForAnyone(capacity, reserved, taken.getTotal(), taken.getNonPriority())))
                        .setFreeForPriority(Math.min(stockLeft, SeatRules.freeForPriority(capacity, taken.getTotal())))
                        .build());
            }
        }
        slots.sort(Comparator.comparing(SlotSeats::getStart).thenComparing(SlotSeats::getSessionId));
        return SlotAvailability.newBuilder()
                .setClinicId(clinic.getClinicId()).setDate(date).setUpdatedAt(now).setSlots(slots).build();
    }
}
