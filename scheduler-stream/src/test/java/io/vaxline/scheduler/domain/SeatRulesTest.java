package io.vaxline.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeatRulesTest {

    @Test
    void rejectsSecondBookingWhenSlotIsFull() {
        assertThat(SeatRules.canSeat(false, 1, 0, 1, 1)).isFalse();
        assertThat(SeatRules.canSeat(true, 1, 0, 1, 1)).isFalse();
    }

    @Test
    void seatsEveryoneWhileNoSeatIsReservedAndOneIsFree() {
        assertThat(SeatRules.canSeat(false, 2, 0, 1, 1)).isTrue();
        assertThat(SeatRules.freeForAnyone(2, 0, 1, 1)).isEqualTo(1);
    }

    @Test
    void keepsReservedSeatsForPriorityGroups() {
        // 4 seats, 1 reserved, 3 taken by people outside the priority groups.
        assertThat(SeatRules.canSeat(false, 4, 1, 3, 3)).isFalse();
        assertThat(SeatRules.canSeat(true, 4, 1, 3, 3)).isTrue();
        assertThat(SeatRules.freeForAnyone(4, 1, 3, 3)).isZero();
        assertThat(SeatRules.freeForPriority(4, 3)).isEqualTo(1);
    }

    @Test
    void priorityBookingsFillTheReservedSeatsBeforeTheOpenOnes() {
        // 4 seats, 1 reserved, 1 taken by a priority person: that person used the reserved seat.
        assertThat(SeatRules.freeForAnyone(4, 1, 1, 0)).isEqualTo(3);
    }

    @Test
    void priorityBookingsBeyondTheReservedSeatsLeaveFewerForEveryoneElse() {
        // 4 seats, 1 reserved, 3 taken, all by priority people: one seat left, and anyone may take it.
        assertThat(SeatRules.freeForAnyone(4, 1, 3, 0)).isEqualTo(1);
        assertThat(SeatRules.canSeat(false, 4, 1, 3, 0)).isTrue();
    }

    @Test
    void neverReportsANegativeNumberOfFreeSeats() {
        // A session republished with fewer seats than are already taken.
        assertThat(SeatRules.freeForAnyone(2, 1, 3, 3)).isZero();
        assertThat(SeatRules.freeForPriority(2, 3)).isZero();
        assertThat(SeatRules.canSeat(true, 2, 1, 3, 3)).isFalse();
    }
}
