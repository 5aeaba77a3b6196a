package io.vaxline.booking.clinics;

import java.time.LocalDate;
import java.time.ZoneId;
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

    private byte[] serialised(Clinic clinic, LocalDate date, List<SlotView> free) {
        try {
            return json.writeValueAsBytes(new ClinicResource.ClinicDay(clinic.clinicId(), clinic.name(), clinic.address(),
                    clinic.timeZone(), date, free));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A clinic day could not be written as JSON", e);
        }
    }
}
