package io.vaxline.booking.clinics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.vaxline.events.SlotAvailability;

import org.junit.jupiter.api.Test;

/** The board holds the coming days only: a month of daily views levels off instead of growing. */
class AvailabilityBoardTest {

    private static final int CLINICS = 20;
    private static final int DAYS_AHEAD = 14;

    @Test
    void aMonthOfDailyViewsLevelsOff() {
        AvailabilityBoard board = new AvailabilityBoard();
        LocalDate first = LocalDate.of(2027, 3, 1);
        List<Integer> sizes = new ArrayList<>();
        for (int day = 0; day < 31; day++) {
            LocalDate today = first.plusDays(day);
            // Each day every clinic's next two weeks are recomputed as people book.
            for (int clinic = 0; clinic < CLINICS; clinic++) {
                for (int ahead = 0; ahead < DAYS_AHEAD; ahead++) {
                    view(board, "clinic-" + clinic, today.plusDays(ahead));
                }
            }
            board.forgetDaysBefore(today.minusDays(1)); // the daily sweep at "now" = today
            sizes.add(board.size());
        }
        int levelled = CLINICS * DAYS_AHEAD; // today and the next 13 days (yesterday's views were made the day before)
        assertThat(sizes.get(30)).isEqualTo(sizes.get(7)).isLessThanOrEqualTo(levelled + CLINICS);
        assertThat(board.day("clinic-3", first.plusDays(30))).isPresent();
        assertThat(board.day("clinic-3", first.plusDays(20))).isEmpty();
    }

    @Test
    void aViewOfAForgottenDayIsNotKeptAgainWhenTheCompactedTopicIsReadOnceMore() {
        AvailabilityBoard board = new AvailabilityBoard();
        LocalDate today = LocalDate.of(2027, 3, 10);
        board.forgetDaysBefore(today.minusDays(1));
        view(board, "clinic-1", today.minusDays(5));
        view(board, "clinic-1", today);
        assertThat(board.size()).isEqualTo(1);
        assertThat(board.day("clinic-1", today)).isPresent();
    }

    @Test
    void anAnswerIsMadeOncePerViewAndMadeAgainFromTheNextView() {
        AvailabilityBoard board = new AvailabilityBoard();
        LocalDate day = LocalDate.of(2027, 3, 10);
        AtomicInteger made = new AtomicInteger();
        assertThat(board.answer("clinic-1", day, "q", v -> made.incrementAndGet())).isEmpty();

        view(board, "clinic-1", day);
        assertThat(board.answer("clinic-1", day, "q", v -> made.incrementAndGet())).contains(1);
        assertThat(board.answer("clinic-1", day, "q", v -> made.incrementAndGet())).contains(1);
        assertThat(board.answer("clinic-1", day, "other", v -> made.incrementAndGet())).contains(2);

        view(board, "clinic-1", day); // the next view of the day: what was made of the last one is stale
        assertThat(board.answer("clinic-1", day, "q", v -> made.incrementAndGet())).contains(3);
    }

    private static void view(AvailabilityBoard board, String clinicId, LocalDate date) {
        board.put(clinicId + "|" + date, SlotAvailability.newBuilder().setClinicId(clinicId).setDate(date)
                .setUpdatedAt(Instant.now()).setSlots(List.of()).build());
    }
}
