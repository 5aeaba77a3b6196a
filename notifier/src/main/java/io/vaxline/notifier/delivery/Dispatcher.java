package io.vaxline.notifier.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import io.smallrye.mutiny.Uni;
import io.vaxline.notifier.NotifierSettings;
import io.vaxline.notifier.OutageWait;
import io.vaxline.notifier.channel.DeliveryException;
import io.vaxline.notifier.channel.EmailChannel;
import io.vaxline.notifier.channel.SmsChannel;

/**
 * Sends one message exactly once in effect: claims it in the {@link DeliveryLog} (source event id +
 * channel) for a lease, waits for the rate limiter, hands it to the SMS or e-mail channel, and records
 * the outcome. Throttling, provider faults and network errors are retried with exponential back-off;
 * after the last attempt, or at once for a refusal that retrying cannot fix, the message fails with
 * {@link Undeliverable} and its event goes to the dead-letter topic. Every attempt's outcome is audited.
 *
 * <p>A claim that finds the message held by another claimer waits until that lease ends and looks
 * again: the message is sent, failed, or (the holder died) taken over. So the provider never gets one
 * message from two claimers at once, and at most {@link NotifierSettings#maxAttempts()} times in all.
 * The delivery log's reads and writes wait out a database outage ({@link OutageWait}) rather than fail
 * the message.
 */
@ApplicationScoped
public class Dispatcher {

    public static final String SMS = "sms";
    public static final String EMAIL = "email";
    private static final java.util.regex.Pattern EMAIL_ADDRESS = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String DELIVERY_LOG = "the delivery log in PostgreSQL";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Inject
    DeliveryLog log;

    @Inject
    RateLimiter limiter;

    @Inject
    Audit audit;

    @Inject
    Instance<SmsChannel> channels;

    @Inject
    EmailChannel email;

    @Inject
    NotifierSettings settings;

    @Inject
    OutageWait outages;

    public Uni<Void> deliver(OutgoingMessage message) {
        Optional<String> badAddress = EMAIL.equals(message.channel()) ? invalidEmail(message.address()) : invalidPhone(message.address());
        if (badAddress.isPresent()) {
            return refuse(message, badAddress.get());
        }
        return claim(message, UUID.randomUUID().toString());
    }

    private Uni<Void> claim(OutgoingMessage message, String holder) {
        return durably(() -> log.claim(message.sourceEventId(), message.channel(), message.kind(), message.personId(), holder,
                settings.deliveryLease())).chain(claim -> switch (claim) {
                    case DeliveryLog.Claimed c when c.attempts() >= settings.maxAttempts() -> giveUp(message, c.attempts(),
                            "gave up after " + c.attempts() + " attempts; the outcome of the last is unknown (the notifier "
                                    + "stopped during it)", true);
                    case DeliveryLog.Claimed c -> attempt(message, holder, c.attempts() + 1);
                    case DeliveryLog.Busy busy -> Uni.createFrom().voidItem().onItem().delayIt()
                            .by(busy.leaseLeft().plusMillis(10)).chain(() -> claim(message, holder));
                    case DeliveryLog.Finished done -> finishedEarlier(message, done);
                });
    }

    private Uni<Void> attempt(OutgoingMessage message, String holder, int attempt) {
        return limiter.acquire(message)
                .chain(() -> durably(() -> log.handOver(message.sourceEventId(), message.channel(), holder, attempt,
                        settings.deliveryLease())))
                .chain(held -> held ? handOver(message, holder, attempt)
                        // The lease ran out while waiting and another claimer holds the message now; it has
                        // its own copy of the event and finishes it.
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> handOver(OutgoingMessage message, String holder, int attempt) {
        return (EMAIL.equals(message.channel())
                ? email.send(message.sourceEventId() + ":" + EMAIL, message.address(), message.subject(), message.text())
                : channels.get().send(message.sourceEventId() + ":" + SMS, message.address(), message.text()))
                .onItemOrFailure().transformToUni((messageId, failure) -> failure == null
                        ? durably(() -> log.sent(message.sourceEventId(), message.channel(), messageId))
                                .chain(() -> audit.sent(message, message.channel(), attempt, messageId))
                        : refused(message, holder, attempt, failure));
    }

    private Uni<Void> refused(OutgoingMessage message, String holder, int attempt, Throwable failure) {
        boolean retryable = failure instanceof DeliveryException d && d.retryable();
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!retryable || attempt >= settings.maxAttempts()) {
            return giveUp(message, attempt, retryable ? "gave up after " + attempt + " attempts: " + reason : reason, true);
        }
        Duration wait = backoff(attempt);
        return audit.failed(message, message.channel(), attempt, reason, true)
                .chain(() -> durably(() -> log.extend(message.sourceEventId(), message.channel(), holder,
                        wait.plus(settings.deliveryLease()))))
                .chain(() -> Uni.createFrom().voidItem().onItem().delayIt().by(wait))
                .chain(() -> attempt(message, holder, attempt + 1));
    }

    /** Refuses a message before any attempt (nobody to send it to): audited, and its event parked. */
    public Uni<Void> refuse(OutgoingMessage message, String reason) {
        return giveUp(message, 0, reason, false);
    }

    private Uni<Void> giveUp(OutgoingMessage message, int attempt, String reason, boolean logged) {
        Uni<Void> recorded = audit.failed(message, message.channel(), attempt, reason, false);
        if (logged) {
            recorded = recorded.chain(() -> durably(() -> log.failed(message.sourceEventId(), message.channel(), reason)));
        }
        return recorded.chain(() -> Uni.createFrom().failure(new Undeliverable(reason)));
    }

    /** Seen again after a crash or a rebalance: say again how it ended (same event ids), send nothing. */
    private Uni<Void> finishedEarlier(OutgoingMessage message, DeliveryLog.Finished done) {
        return "SENT".equals(done.state())
                ? audit.sent(message, message.channel(), done.attempts(), done.providerMessageId())
                : audit.failed(message, message.channel(), done.attempts(), done.lastError(), false)
                        .chain(() -> Uni.createFrom().failure(new Undeliverable(done.lastError())));
    }

    private <T> Uni<T> durably(java.util.function.Supplier<Uni<? extends T>> work) {
        return outages.retry(DELIVERY_LOG, work);
    }

    Duration backoff(int attempt) {
        Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(settings.retryBackoffMax()) > 0 ? settings.retryBackoffMax() : wait;
    }

    static Optional<String> invalidEmail(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("no e-mail address");
        }
        return EMAIL_ADDRESS.matcher(address).matches() && address.length() <= 254 ? Optional.empty()
                : Optional.of("invalid e-mail address");
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
