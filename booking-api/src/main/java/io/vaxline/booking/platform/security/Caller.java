package io.vaxline.booking.platform.security;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.ForbiddenException;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, from their token. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    /** The household of a person's token. */
    public String household() {
        return token.getSubject();
    }

    /** When a person logged in with the one-time code their session began with; empty when the token does not say. */
    public Optional<Instant> authTime() {
        Object claim = token.getClaim(Tokens.AUTH_TIME_CLAIM);
        if (claim instanceof JsonNumber number) {
            return Optional.of(Instant.ofEpochSecond(number.longValue()));
        }
        if (claim instanceof Number number) {
            return Optional.of(Instant.ofEpochSecond(number.longValue()));
        }
        return Optional.empty();
    }

    public boolean isAdmin() {
        return token.getGroups().contains(Tokens.ADMIN);
    }

    /** A service allowed to cancel appointments at any clinic, and nothing else (care). */
    public boolean isCanceller() {
        return token.getGroups().contains(Tokens.CANCELLER);
    }

    /** Administrators manage every clinic; clinic staff only their own. */
    public void requireClinic(String clinicId) {
        if (isAdmin()) {
            return;
        }
        Object claim = token.getClaim(Tokens.CLINIC_CLAIM);
        if (!token.getGroups().contains(Tokens.CLINIC) || claim == null || !clinicId.equals(claim.toString().replace("\"", ""))) {
            throw new ForbiddenException("Your token is not for clinic " + clinicId);
        }
    }
}
