package io.vaxline.booking.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token once, then trusts exactly the same text until the token expires.
 * <p>
 * A phone sends the same token with every request of its session, and verifying it again each time was about 9 % of
 * booking-api's CPU and 13 % of its allocation under the bookings benchmark (jose4j parses the JSON and decodes the
 * signature anew; bench/REPORT.md). What the verifier accepted stays true for the same bytes until a time the token
 * itself names, because booking-api revokes no token before it expires: a person's session ends with its tokens.
 * So a token is trusted without a new check only while
 * <ul>
 * <li>its text is the one verified, character for character (any other text, even one bit of the signature, is a
 * miss and goes to the verifier),</li>
 * <li>the verification settings are the same object that verified it, and</li>
 * <li>the clock is before its {@code exp}, and before {@code iat} plus the maximum token age when one is set. From
 * then on each request is verified again, so the verifier's own rules (its clock skew included) decide as before.</li>
 * </ul>
 * At most {@link #MAX_TOKENS} tokens are kept, each with its parsed claims, to bound the heap they take; a token is
 * forgotten when it expires, and the least used first when there are more.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    static final int MAX_TOKENS = 10_000;

    private record Verified(JWTAuthContextInfo settings, JWTCallerPrincipal principal, long trustedUntilSecond) {
    }

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final LongAdder verifications = new LongAdder();
    private volatile Clock clock = Clock.systemUTC();
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(Expiry.<String, Verified>creating((token, entry) ->
                    Duration.ofSeconds(Math.max(0, entry.trustedUntilSecond() - clock.instant().getEpochSecond()))))
            .build();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        long now = clock.instant().getEpochSecond();
        Verified hit = verified.getIfPresent(token);
        if (hit != null && hit.settings() == settings && now < hit.trustedUntilSecond()) {
            return hit.principal();
        }
        verifications.increment();
        JWTCallerPrincipal principal = verifier.parse(token, settings);
        long until = trustedUntil(principal, settings);
        if (now < until) {
            verified.put(token, new Verified(settings, principal, until));
        }
        return principal;
    }

    /** The first second from which the token must be verified again: its expiry, or its maximum age if that is earlier. */
    private static long trustedUntil(JWTCallerPrincipal principal, JWTAuthContextInfo settings) {
        long until = principal.getExpirationTime();
        Long maxAge = settings.getTokenAge();
        if (maxAge != null) {
            until = Math.min(until, principal.getIssuedAtTime() + maxAge);
        }
        return until;
    }

    /** How many tokens the verifier has checked since start (a token trusted from memory is not counted). */
    public long verifications() {
        return verifications.sum();
    }

    /** For tests: the clock that decides when a kept token must be verified again. */
    void useClock(Clock clock) {
        this.clock = clock;
    }
}
