package io.vaxline.booking.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.jwt.build.Jwt;
import io.vaxline.problems.ProblemException;

/**
 * Signs the short-lived tokens booking-api hands out. A person's token names the household (the
 * keyed hash of the phone number, never the number) and its people, which certificate-service
 * checks ownership against; staff tokens name the clinic they work for. A person's token also
 * carries when the person logged in with a one-time code ({@code auth_time}, kept by every renewal):
 * a session is renewed only until vaxline.security.person-max-session after it, and no token of the
 * session outlives that.
 */
@ApplicationScoped
public class Tokens {

    public static final String PERSON = "person";
    public static final String ADMIN = "admin";
    public static final String CLINIC = "clinic";
    /** A service that may cancel an appointment with a reason, and nothing else (care, for a fee that failed). */
    public static final String CANCELLER = "canceller";
    public static final String PEOPLE_CLAIM = "people";
    public static final String CLINIC_CLAIM = "clinicId";
    /** The OpenID Connect claim: when the person logged in with a one-time code, in seconds since the epoch. */
    public static final String AUTH_TIME_CLAIM = "auth_time";

    public record Issued(String token, Instant expiresAt) {
    }

    @Inject
    SecuritySettings settings;

    /** The first token of a session: the person has just logged in with a one-time code. */
    public Issued person(String householdId, List<String> personIds) {
        return person(householdId, personIds, Instant.now());
    }

    /** A token of the session that began at {@code authTime}; it expires no later than the session. */
    public Issued person(String householdId, List<String> personIds, Instant authTime) {
        long loggedIn = authTime.getEpochSecond();
        Instant sessionEnds = Instant.ofEpochSecond(loggedIn).plus(settings.personMaxSession());
        Instant expiresAt = Instant.now().plus(settings.personTokenLifetime());
        if (expiresAt.isAfter(sessionEnds)) {
            expiresAt = sessionEnds;
        }
        return new Issued(Jwt.subject(householdId).groups(Set.of(PERSON)).claim(PEOPLE_CLAIM, personIds)
                .claim(AUTH_TIME_CLAIM, loggedIn).expiresAt(expiresAt).sign(), expiresAt);
    }

    /**
     * The login time of a session that may still be renewed; a token without one, or of a session older
     * than the maximum, is refused with 401 session-expired, which says to log in with a new code.
     */
    public Instant renewable(Optional<Instant> authTime) {
        Duration most = settings.personMaxSession();
        if (authTime.isPresent() && Instant.now().isBefore(authTime.get().plus(most))) {
            return authTime.get();
        }
        throw new ProblemException(401, "session-expired", "Log in again",
                (authTime.isPresent() ? "This session began at " + authTime.get() + ", and a session"
                        : "This token does not say when its session began, and a session")
                        + " is renewed for at most " + words(most) + " after logging in; log in again with a new "
                        + "one-time code (POST /otp, then POST /otp/verify).");
    }

    private static String words(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 3600 == 0 ? plural(seconds / 3600, "hour")
                : seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** Prefix of an administrator's subject: {@code admin:<name>}. */
    public static final String ADMIN_SUBJECT = "admin:";

    public Issued admin(String name) {
        Instant expiresAt = Instant.now().plus(settings.staffTokenLifetime());
        return new Issued(Jwt.subject(ADMIN_SUBJECT + name).groups(Set.of(ADMIN)).expiresAt(expiresAt).sign(), expiresAt);
    }

    /** A service's token that may only cancel appointments ({@link #CANCELLER}). */
    public Issued canceller(String service) {
        Instant expiresAt = Instant.now().plus(settings.staffTokenLifetime());
        return new Issued(Jwt.subject("service:" + service).groups(Set.of(CANCELLER)).expiresAt(expiresAt).sign(), expiresAt);
    }

    public Issued staff(String clinicId, String staffName) {
        Instant expiresAt = Instant.now().plus(settings.staffTokenLifetime());
        return new Issued(Jwt.subject("clinic:" + clinicId + ":" + staffName).groups(Set.of(CLINIC))
                .claim(CLINIC_CLAIM, clinicId).expiresAt(expiresAt).sign(), expiresAt);
    }
}
