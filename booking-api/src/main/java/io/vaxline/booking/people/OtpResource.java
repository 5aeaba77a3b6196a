package io.vaxline.booking.people;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vaxline.problems.Problem;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.problems.openapi.ProblemSchema;
import io.vertx.ext.web.RoutingContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Login without an account: a one-time code by SMS, exchanged for a short-lived token. */
@Path("/otp")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login", description = "A one-time code by SMS, exchanged for a person's token; no account")
public class OtpResource {

    public record CodeRequest(@NotBlank @PhoneNumber String phone,
            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en or sv") String language) {
    }

    public record CodeSent(String phone, Instant expiresAt) {
    }

    public record Verification(@NotBlank @PhoneNumber String phone,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be the six digits of the code") String code) {
    }

    @Schema(name = "WrongCodeMembers")
    public record AttemptsLeft(@Schema(required = true) int attemptsLeft) {
    }

    public record LoggedIn(String token, Instant expiresAt, List<PersonView> people) {
    }

    @Inject
    Eligibility eligibility;

    @Inject
    OtpService otp;

    @Inject
    RoutingContext request;

    @POST
    @Operation(operationId = "requestCode", summary = "Text a one-time code to a phone number")
    @APIResponse(responseCode = "202", description = "The code is on its way (it arrives by SMS within seconds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CodeSent.class)))
    @APIResponse(responseCode = "429", ref = ContractModel.TOO_MANY_REQUESTS, description = "Too many codes for this number or from this address")
    public Uni<Response> sendCode(@Valid @NotNull CodeRequest body) {
        String phone = PhoneNumbers.e164(body.phone());
        return otp.request(phone, body.language(), request.request().remoteAddress().hostAddress())
                .map(expiresAt -> Response.accepted(new CodeSent(PhoneNumbers.masked(phone), expiresAt)).build());
    }

    @POST
    @Path("/verify")
    @Operation(operationId = "verifyCode", summary = "Exchange the code for a person's token")
    @APIResponse(responseCode = "200", description = "Logged in: the token and the household's people")
    @APIResponse(responseCode = "401", description = "Wrong, expired or used-up code; `attemptsLeft` says how many guesses remain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(allOf = { ProblemSchema.class, AttemptsLeft.class })))
    @APIResponse(responseCode = "429", ref = ContractModel.TOO_MANY_REQUESTS, description = "Too many code checks from this address")
    public Uni<LoggedIn> verify(@Valid @NotNull Verification body) {
        return otp.verify(PhoneNumbers.e164(body.phone()), body.code(), request.request().remoteAddress().hostAddress())
                .map(verified -> new LoggedIn(verified.token().token(), verified.token().expiresAt(),
                        verified.people().stream().map(p -> PersonView.of(p, eligibility)).toList()));
    }
}
