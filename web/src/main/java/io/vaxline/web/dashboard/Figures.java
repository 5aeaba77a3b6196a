package io.vaxline.web.dashboard;

import io.quarkus.qute.TemplateData;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of the programme dashboard: counts only, never a person. Every number has a stable
 * key ({@link Bar#key()}), which is the page's {@code data-figure} attribute and the name it has in
 * the live stream.
 */
@TemplateData
public record Figures(
        LocalDate today,
        List<Bar> bookingsByDay,
        List<Bar> dosesByDay,
        List<Bar> coverageByAge,
        List<Bar> coverageByPriority,
        List<ClinicSeats> freeSeats,
        List<Stock> stock,
        List<Bar> noShowsByClinic,
        List<Channel> notifications,
        long certificatesIssued,
        long certificatesRevoked,
        List<Bar> deadLetters) {

    /** One number: its stable key, what it is about (a day, a band, a clinic's name, a topic) and its value. */
    @TemplateData
    public record Bar(String key, String label, LocalDate day, long value) {
    }

    /** Free seats (anyone may book) of one clinic for each of the next seven days. */
    @TemplateData
    public record ClinicSeats(String clinicId, String name, List<Bar> days, long total) {
    }

    /**
     * A clinic's stock of one service as scheduler-stream's ledger keeps it: doses on hand (the sum of
     * its StockAdjusted deltas, never below zero), doses committed to confirmed appointments, and what
     * is left to promise.
     */
    @TemplateData
    public record Stock(String key, String clinicName, String service, long onHand, long committed) {
        public long free() {
            return Math.max(0, onHand - committed);
        }
    }

    /** Messages of one channel (sms, email): sent, and failed for good (no retry left). */
    @TemplateData
    public record Channel(String channel, long sent, long failed) {
    }

    public long bookingsToday() {
        return value(bookingsByDay, today);
    }

    public long dosesToday() {
        return value(dosesByDay, today);
    }

    public long peopleVaccinated() {
        return coverageByAge.stream().mapToLong(Bar::value).sum();
    }

    public long noShows() {
        return noShowsByClinic.stream().mapToLong(Bar::value).sum();
    }

    public long deadLettersTotal() {
        return deadLetters.stream().mapToLong(Bar::value).sum();
    }

    public long freeSeatsTotal() {
        return freeSeats.stream().mapToLong(ClinicSeats::total).sum();
    }

    private static long value(List<Bar> bars, LocalDate day) {
        return bars.stream().filter(b -> day.equals(b.day())).mapToLong(Bar::value).findFirst().orElse(0);
    }

    /** Every figure by its key: what the live stream sends and the page's {@code data-figure} attributes show. */
    public Map<String, Long> flat() {
        Map<String, Long> all = new LinkedHashMap<>();
        all.put("bookings-today", bookingsToday());
        all.put("doses-today", dosesToday());
        all.put("people-vaccinated", peopleVaccinated());
        all.put("free-seats-7d", freeSeatsTotal());
        all.put("no-shows", noShows());
        all.put("dead-letters", deadLettersTotal());
        all.put("certificates-issued", certificatesIssued);
        all.put("certificates-revoked", certificatesRevoked);
        for (List<Bar> bars : List.of(bookingsByDay, dosesByDay, coverageByAge, coverageByPriority, noShowsByClinic, deadLetters)) {
            bars.forEach(b -> all.put(b.key(), b.value()));
        }
        for (ClinicSeats clinic : freeSeats) {
            clinic.days().forEach(b -> all.put(b.key(), b.value()));
            all.put("free-seats-" + clinic.clinicId(), clinic.total());
        }
        for (Stock s : stock) {
            all.put(s.key() + "-on-hand", s.onHand());
            all.put(s.key() + "-committed", s.committed());
            all.put(s.key() + "-free", s.free());
        }
        for (Channel c : notifications) {
            all.put(c.channel() + "-sent", c.sent());
            all.put(c.channel() + "-failed", c.failed());
        }
        return all;
    }

    /**
     * What the page is made of (days, clinics, topics, channels) without the numbers: when it changes,
     * the page fetches itself again instead of updating numbers in place.
     */
    public String layout() {
        return Integer.toHexString(flat().keySet().hashCode()) + "-" + today;
    }
}
