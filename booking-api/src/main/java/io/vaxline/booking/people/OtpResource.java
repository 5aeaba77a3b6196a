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
import io.vertx.ext.web.RoutingContext;

/** Login without an account: a one-time code by SMS, exchanged for a short-lived token. */
@Path("/otp")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OtpResource {

    public record CodeRequest(@NotBlank @PhoneNumber String phone,
            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en or sv") String language) {
    }

    public record CodeSent(String phone, Instant expiresAt) {
    }

    public record Verification(@NotBlank @PhoneNumber String phone,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be the six digits of the code") String code) {
    }

    public record LoggedIn(String token, Instant expiresAt, List<PersonView> people) {
    }

    @Inject
    OtpService otp;

    @Inject
    RoutingContext request;

    @POST
    public Uni<Response> sendCode(@Valid @NotNull CodeRequest body) {
        String phone = PhoneNumbers.e164(body.phone());
        return otp.request(phone, body.language(), request.request().remoteAddress().hostAddress())
                .map(expiresAt -> Response.accepted(new CodeSent(PhoneNumbers.masked(phone), expiresAt)).build());
    }

    @POST
    @Path("/verify")
    public Uni<LoggedIn> verify(@Valid @NotNull Verification body) {
        return otp.verify(PhoneNumbers.e164(body.phone()), body.code(), request.request().remoteAddress().hostAddress())
                .map(verified -> new LoggedIn(verified.token().token(), verified.token().expiresAt(),
                        verified.people().stream().map(PersonView::of).toList()));
    }
}
