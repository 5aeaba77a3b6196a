package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.time.ZoneId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.booking.clinics.ClinicDirectory.Clinic;

/**
 * A clinic day's free slots as the JSON body of {@code GET /clinics/{clinicId}/slots}: serialised once per
 * view of the day and question (service, priority), then served as the kept bytes until the next view.
 * Both the resource ({@link ClinicResource#slots}) and the read front ({@link SlotReads}) answer with it.
 */
@ApplicationScoped
public class ClinicDays {

    /** The questions whose answers the board keeps with a day's view (see {@link AvailabilityBoard#answer}). */
    private record SlotsQuestion(Clinic clinic, String service, boolean priority) {
    }

    private record SearchQuestion(Clinic clinic, String service) {
    }

    /**
     * A clinic's entry in search answers for one view of a day and a service: its free slots, and its JSON
     * ({@link ClinicResource.ClinicMatch}, as Jackson writes it) before and after the distance, which depends on
     * where the caller is. A search writes {@code before + distance + after} per clinic instead of serialising.
     */
    record SearchEntry(int freeSlots, byte[] before, byte[] after) {
    }

    private static final SearchEntry NOT_OPEN = new SearchEntry(0, new byte[0], new byte[0]);
    private static final byte[] DISTANCE = ",\"distanceKm\":".getBytes(StandardCharsets.US_ASCII);
    static final double PLACEHOLDER = 0.0;

    @Inject
    AvailabilityBoard board;

    @Inject
    ObjectMapper json;

    /** The body answering for {@code clinic}'s free slots on {@code date}; no view of the day: no slots. */
    byte[] answer(Clinic clinic, LocalDate date, String service, boolean priority) {
        ZoneId zone = ZoneId.of(clinic.timeZone());
        if (service != null && !clinic.services().contains(service)) {
            // A service the clinic does not offer has no slots to keep.
            return serialised(clinic, date, List.of());
        }
        return board.answer(clinic.clinicId(), date, new SlotsQuestion(clinic, service, priority),
                        view -> serialised(clinic, date, SlotView.free(view, service, zone, priority)))
                .orElseGet(() -> serialised(clinic, date, List.of()));
    }

    /** {@code clinic}'s entry for searches of {@code service} on {@code date}; no view of the day: no free slots. */
    SearchEntry searchEntry(Clinic clinic, LocalDate date, String service) {
        return board.answer(clinic.clinicId(), date, new SearchQuestion(clinic, service), view -> {
            List<SlotView> slots = SlotView.free(view, service, ZoneId.of(clinic.timeZone()), false);
            return slots.isEmpty() ? NOT_OPEN : entry(json, new ClinicResource.ClinicMatch(clinic.clinicId(), clinic.name(),
                    clinic.address(), clinic.timeZone(), clinic.latitude(), clinic.longitude(), PLACEHOLDER, slots.size(),
                    slots.get(0)));
        }).orElse(NOT_OPEN);
    }

    /** Jackson's bytes of {@code match}, cut around its distance (which must be the placeholder, 0.0). */
    static SearchEntry entry(ObjectMapper json, ClinicResource.ClinicMatch match) {
        byte[] whole;
        try {
            whole = json.writeValueAsBytes(match);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A clinic match could not be written as JSON", e);
        }
        // A quote inside a string value is escaped, so the field's key can only be found where the field is.
        int at = indexOf(whole, DISTANCE);
        byte[] placeholder = Double.toString(PLACEHOLDER).getBytes(StandardCharsets.US_ASCII);
        int end = at + DISTANCE.length;
        if (at < 0 || !Arrays.equals(whole, end, end + placeholder.length, placeholder, 0, placeholder.length)) {
            throw new IllegalStateException("A clinic match was not written as expected: " + new String(whole, StandardCharsets.UTF_8));
        }
        return new SearchEntry(match.freeSlots(), Arrays.copyOfRange(whole, 0, end),
                Arrays.copyOfRange(whole, end + placeholder.length, whole.length));
    }

    private static int indexOf(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private byte[] serialised(Clinic clinic, LocalDate date, List<SlotView> free) {
        try {
            return json.writeValueAsBytes(new ClinicResource.ClinicDay(clinic.clinicId(), clinic.name(), clinic.address(),
                    clinic.timeZone(), date, free));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A clinic day could not be written as JSON", e);
        }
    }
}
