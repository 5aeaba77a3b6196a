package io.vaxline.notifier.delivery;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import io.smallrye.mutiny.Uni;
import io.vaxline.notifier.channel.DeliveryException;
import io.vaxline.notifier.channel.SmsChannel;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends one message exactly once in effect: claims it in the {@link DeliveryLog} (source event id +
 * channel), waits for the rate limiter, hands it to the SMS channel, and records the outcome. Throttling,
 * provider faults and network errors are retried with exponential back-off; after the last attempt, or
 * at once for a refusal that retrying cannot fix, the message fails with {@link Undeliverable} and its
 * event goes to the dead-letter topic. Every attempt's outcome is audited.
 */
@ApplicationScoped
public class Dispatcher {

    public static final String SMS = "sms";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Inject
    DeliveryLog log;

    @Inject
    RateLimiter limiter;

    @Inject
    Audit audit;

    @Inject
    Instance<SmsChannel> channels;

    @ConfigProperty(name = "vaxline.notifier.max-attempts", defaultValue = "5")
    int maxAttempts;

    @ConfigProperty(name = "vaxline.notifier.retry-backoff", defaultValue = "PT1S")
    Duration firstBackoff;

    @ConfigProperty(name = "vaxline.notifier.retry-backoff-max", defaultValue = "PT1M")
    Duration maxBackoff;

    public Uni<Void> deliver(OutgoingSms sms) {
        Optional<String> badNumber = invalidPhone(sms.phone());
        if (badNumber.isPresent()) {
            return refuse(sms, badNumber.get());
        }
        return log.claim(sms.sourceEventId(), SMS, sms.kind(), sms.personId())
                .chain(claim -> claim.isPresent() ? attempt(sms, claim.get().attempt()) : finishedEarlier(sms));
    }

    private Uni<Void> attempt(OutgoingSms sms, int attempt) {
        return limiter.acquire()
                .chain(() -> channels.get().send(sms.sourceEventId() + ":" + SMS, sms.phone(), sms.text()))
                .onItemOrFailure().transformToUni((messageId, failure) -> failure == null
                        ? log.sent(sms.sourceEventId(), SMS, messageId)
                                .chain(() -> audit.sent(sms, SMS, attempt, messageId))
                        : refused(sms, attempt, failure));
    }

    private Uni<Void> refused(OutgoingSms sms, int attempt, Throwable failure) {
        boolean retryable = failure instanceof DeliveryException d && d.retryable();
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!retryable || attempt >= maxAttempts) {
            return giveUp(sms, attempt, retryable ? "gave up after " + attempt + " attempts: " + reason : reason, true);
        }
        return audit.failed(sms, SMS, attempt, reason, true)
                .chain(() -> Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt)))
                .chain(() -> log.attempting(sms.sourceEventId(), SMS, attempt + 1))
                .chain(() -> attempt(sms, attempt + 1));
    }

    /** Refuses a message before any attempt (nobody to send it to): audited, and its event parked. */
    public Uni<Void> refuse(OutgoingSms sms, String reason) {
        return giveUp(sms, 0, reason, false);
    }

    private Uni<Void> giveUp(OutgoingSms sms, int attempt, String reason, boolean logged) {
        Uni<Void> recorded = audit.failed(sms, SMS, attempt, reason, false);
        if (logged) {
            recorded = recorded.chain(() -> log.failed(sms.sourceEventId(), SMS, reason));
        }
        return recorded.chain(() -> Uni.createFrom().failure(new Undeliverable(reason)));
    }

    /** Seen again after a crash or a rebalance: say again how it ended (same event ids), send nothing. */
    private Uni<Void> finishedEarlier(OutgoingSms sms) {
        return log.find(sms.sourceEventId(), SMS).chain(found -> {
            DeliveryLog.Finished done = found.orElseThrow();
            return "SENT".equals(done.state())
                    ? audit.sent(sms, SMS, done.attempts(), done.providerMessageId())
                    : audit.failed(sms, SMS, done.attempts(), done.lastError(), false)
                            .chain(() -> Uni.createFrom().failure(new Undeliverable(done.lastError())));
        });
    }

    Duration backoff(int attempt) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    static Optional<String> invalidPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return Optional.of("no phone number");
        }
        try {
            if (!phone.startsWith("+") || !PHONES.isValidNumber(PHONES.parse(phone, null))) {
                return Optional.of("invalid phone number: not a valid number in E.164 form (+ and country code)");
            }
            return Optional.empty();
        } catch (NumberParseException e) {
            return Optional.of("invalid phone number: " + e.getMessage());
        }
    }
}
