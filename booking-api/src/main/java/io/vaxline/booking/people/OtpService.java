package io.vaxline.booking.people;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.booking.platform.RateLimiter;
import io.vaxline.booking.platform.security.KeyedHashes;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.booking.platform.SealForNotifier;
import io.vaxline.events.OtpRequested;
import io.vaxline.problems.Problem;
import io.vaxline.problems.ProblemException;

/**
 * Login without an account: a six-digit code texted to the phone, good for five minutes and five
 * guesses, stored only as a keyed hash. Requests are limited per phone and per caller address. The
 * code goes to the notifier on the one-time-codes topic, a lane no campaign queues in front of.
 */
@ApplicationScoped
public class OtpService {

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Verified(Tokens.Issued token, String householdId, List<Person> people) {
    }

    /** The code was wrong, expired or never sent; {@code attemptsLeft} guesses remain for the current code. */
    public static class WrongCodeException extends ProblemException {
        private final int attemptsLeft;

        WrongCodeException(String message, int attemptsLeft) {
            super(401, "wrong-code", "The code is not valid", message);
            this.attemptsLeft = attemptsLeft;
        }

        @Override
        public Problem toProblem() {
            return super.toProblem().with("attemptsLeft", attemptsLeft);
        }
    }

    @Inject
    KeyedHashes hashes;

    @Inject
    RateLimiter limits;

    @Inject
    EventPublisher publisher;

    @Inject
    Tokens tokens;

    @Inject
    PeopleSettings settings;

    @Inject
    SealForNotifier sealForNotifier;

    /** Sends a new code to {@code phone} (E.164), replacing any earlier one. */
    public Uni<Instant> request(String phone, String language, String callerAddress) {
        String household = hashes.household(phone);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        Instant now = Instant.now();
        Instant expiresAt = now.plus(settings.otp().lifetime());
        return limits.hit("otp-ip:" + callerAddress, settings.otp().perIp().limit(), settings.otp().perIp().window(), "code requests from your address")
                .chain(() -> limits.hit("otp-phone:" + household, settings.otp().perPhone().limit(), settings.otp().perPhone().window(), "codes for this phone"))
                .chain(() -> Panache.withTransaction(() -> OtpChallenge.<OtpChallenge>findById(household)
                        .chain(existing -> {
                            OtpChallenge challenge = existing != null ? existing : new OtpChallenge();
                            challenge.householdId = household;
                            challenge.codeHash = hashes.of("otp:" + household, code);
                            challenge.expiresAt = expiresAt;
                            challenge.attempts = 0;
                            challenge.createdAt = now;
                            return challenge.persist();
                        })))
                .chain(() -> publisher.oneTimeCode(phone, OtpRequested.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(now)
                        .setPhone(phone)
                        .setSealedCode(sealForNotifier.code(code, phone))
                        .setLanguage(language == null ? "en" : language)
                        .setExpiresAt(expiresAt)
                        .build()))
                .replaceWith(expiresAt);
    }

    /** Checks a code; the right one is used up and buys a token for the phone's household. */
    public Uni<Verified> verify(String phone, String code, String callerAddress) {
        String household = hashes.household(phone);
        return limits.hit("verify-ip:" + callerAddress, settings.otp().perIp().limit() * settings.otp().maxAttempts(), settings.otp().perIp().window(), "code checks from your address")
                // The guess is recorded in its own transaction, committed before a wrong guess is reported.
                .chain(() -> Panache.withTransaction(() -> OtpChallenge
                        .<OtpChallenge>findById(household, LockModeType.PESSIMISTIC_WRITE)
                        .chain(challenge -> check(challenge, household, code))))
                .invoke(OtpService::failUnlessRight)
                .chain(right -> Panache.withTransaction(() -> Household.<Household>findById(household)
                        .chain(known -> known != null ? Uni.createFrom().item(known) : newHousehold(household, phone))
                        .chain(h -> Person.<Person>list("householdId", household))))
                .map(people -> new Verified(tokens.person(household, people.stream().map(p -> p.personId).toList()),
                        household, people));
    }

    /** What a guess came to: -1 right, 0 no code left to guess, n wrong with n guesses left. */
    private Uni<Integer> check(OtpChallenge challenge, String household, String code) {
        if (challenge == null) {
            return Uni.createFrom().item(0);
        }
        if (challenge.expiresAt.isBefore(Instant.now())) {
            return used(household).replaceWith(0);
        }
        if (hashes.matches("otp:" + household, code, challenge.codeHash)) {
            return used(household).replaceWith(-1);
        }
        challenge.attempts++;
        int left = settings.otp().maxAttempts() - challenge.attempts;
        return (left <= 0 ? used(household) : challenge.persist().replaceWithVoid()).replaceWith(Math.max(left, 0));
    }

    /**
     * Removes the code by query rather than by entity: Hibernate Reactive's entity delete can resume
     * on another event loop under concurrent requests (quarkusio/quarkus#41945), failing with HR000069
     * and leaving the transaction open.
     */
    private static Uni<Void> used(String household) {
        return OtpChallenge.delete("householdId", household).replaceWithVoid();
    }

    private static void failUnlessRight(int guess) {
        if (guess == 0) {
            throw new WrongCodeException("No valid code for this phone: it expired, was used up by wrong guesses, "
                    + "or was never sent. Ask for a new one.", 0);
        }
        if (guess > 0) {
            throw new WrongCodeException("Wrong code; " + guess + " attempt" + (guess == 1 ? "" : "s") + " left.", guess);
        }
    }

    private static Uni<Household> newHousehold(String household, String phone) {
        Household created = new Household();
        created.householdId = household;
        created.phone = phone;
        created.createdAt = Instant.now();
        return created.persist();
    }
}
