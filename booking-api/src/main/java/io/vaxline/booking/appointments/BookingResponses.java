package io.vaxline.booking.appointments;

import jakarta.ws.rs.core.MediaType;

import io.vaxline.problems.Problem;
import io.vaxline.problems.openapi.ProblemSchema;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * booking-api's document: its title, and the answers booking, moving and cancelling share, named
 * once so each operation refers to them ({@code @APIResponse(responseCode = "409", ref = CONFLICT)}).
 */
@OpenAPIDefinition(
        info = @Info(title = "Vaxline booking API", version = "0.1.0",
                description = "Booking, households, clinics, outreach and clinic uploads. Errors are RFC 9457 problem documents."),
        components = @Components(responses = {
                @APIResponse(name = BookingResponses.PENDING, description = "Taken; the outcome is not known yet: ask the "
                        + "Location (statusUrl) again, or repeat the request with the same Idempotency-Key",
                        headers = @Header(name = "Location", description = "The request's status URL",
                                schema = @Schema(type = SchemaType.STRING)),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = BookingAnswers.Pending.class))),
                @APIResponse(name = BookingResponses.CONFLICT, description = "Not carried out; `reason` says why and, when "
                        + "the slot was taken, `availability` lists the day's free slots now",
                        content = @Content(mediaType = Problem.MEDIA_TYPE,
                                schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
        }))
public final class BookingResponses {

    public static final String PENDING = "BookingPending";
    public static final String CONFLICT = "BookingConflict";
    static final String IDEMPOTENCY_KEY = "Makes repeating the request safe: the same key in the same household gets the "
            + "same outcome and never books twice. 8-128 letters, digits, '.', '_', ':' or '-'.";

    private BookingResponses() {
    }
}
