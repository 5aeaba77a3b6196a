package io.vaxline.notifier.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vaxline.notifier.NotifierSettings;
import io.vaxline.notifier.OutageWait;
import io.vaxline.notifier.channel.DeliveryException;
import io.vaxline.notifier.channel.EmailChannel;
import io.vaxline.notifier.channel.SmsChannel;
import io.vaxline.schemas.Outages;

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

    /**
     * {@link #deliver} for a consumer's whole poll, with the same guarantees per message and fewer
     * round trips: the messages are claimed in one statement, the send budget is taken a block at a
     * time (one write per block), the block's hand-overs are recorded in one statement, the channel
     * gets the block's messages one after another in their order, and the block's audit events are sent
     * together and then awaited together. Each message is marked SENT as soon as the provider took it,
     * before the next is handed over: so a crash leaves at most the one message under way with an
     * unknown outcome, and the duplicate bound for a provider without idempotency keys (SNS) stays one
     * per consumer (marking the block SENT in one statement would widen it to the block).
     *
     * <p>What does not fit that path goes the way of {@link #deliver}, in its place in the order: a
     * message another claimer holds (waited for), one that ran out of attempts, a provider's refusal or
     * fault (the rest of the block waits for it and takes budget again), and the same message a second
     * time in the batch (after the rest: it finds the first's outcome).
     *
     * @return for each message in order, null when it was sent (or finished by another claimer), or why
     *         it was not ({@link Undeliverable}: its event is to be parked)
     */
    public Uni<List<Throwable>> deliverAll(List<OutgoingMessage> messages) {
        Batch batch = new Batch(messages, UUID.randomUUID().toString());
        List<Uni<Void>> refusals = new ArrayList<>();
        List<Integer> unique = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        Set<DeliveryLog.Key> keys = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            OutgoingMessage message = messages.get(i);
            Optional<String> badAddress = EMAIL.equals(message.channel()) ? invalidEmail(message.address())
                    : invalidPhone(message.address());
            if (badAddress.isPresent()) {
                refusals.add(batch.settle(i, refuse(message, badAddress.get())));
            } else if (keys.add(key(message))) {
                unique.add(i);
            } else {
                repeats.add(i);
            }
        }
        Uni<Void> delivered = unique.isEmpty() ? Uni.createFrom().voidItem()
                : durably(() -> log.claimAll(unique.stream().map(i -> toClaim(messages.get(i))).toList(), batch.holder,
                        settings.deliveryLease())).chain(claims -> deliverClaimed(batch, unique, claims));
        return all(refusals)
                .chain(() -> delivered)
                .chain(() -> Multi.createFrom().iterable(repeats)
                        .onItem().transformToUniAndConcatenate(i -> batch.settle(i, claim(messages.get(i), UUID.randomUUID().toString())))
                        .collect().last().replaceWithVoid())
                .map(ignored -> Arrays.asList(batch.outcomes));
    }

    /** A batch in progress: its messages, its claimer, and each message's outcome once known. */
    private static final class Batch {
        final List<OutgoingMessage> messages;
        final String holder;
        final Throwable[] outcomes;

        Batch(List<OutgoingMessage> messages, String holder) {
            this.messages = messages;
            this.holder = holder;
            this.outcomes = new Throwable[messages.size()];
        }

        /** {@code work}'s outcome as message {@code i}'s; an outage is not the message's and fails the batch's delivery. */
        Uni<Void> settle(int i, Uni<Void> work) {
            return work.onItem().invoke(() -> outcomes[i] = null)
                    .onFailure(failure -> !Outages.isOutage(failure)).recoverWithUni(failure -> {
                        outcomes[i] = failure;
                        return Uni.createFrom().voidItem();
                    });
        }
    }

    /** A claimed message of a batch, about to be handed over for the {@code attempt}th time. */
    private record Pending(int index, OutgoingMessage message, int attempt) {
        DeliveryLog.Key key() {
            return Dispatcher.key(message);
        }
    }

    private Uni<Void> deliverClaimed(Batch batch, List<Integer> unique, Map<DeliveryLog.Key, DeliveryLog.Claim> claims) {
        List<Uni<Void>> finished = new ArrayList<>();
        List<Pending> run = new ArrayList<>();
        Uni<Void> sequence = Uni.createFrom().voidItem();
        for (int i : unique) {
            OutgoingMessage message = batch.messages.get(i);
            DeliveryLog.Claim claim = claims.getOrDefault(key(message), new DeliveryLog.Busy(Duration.ZERO));
            if (claim instanceof DeliveryLog.Claimed c && c.attempts() < settings.maxAttempts()) {
                run.add(new Pending(i, message, c.attempts() + 1));
            } else if (claim instanceof DeliveryLog.Finished done) {
                // Nothing is sent again: say again how it ended (same event ids), alongside the rest.
                finished.add(batch.settle(i, finishedEarlier(message, done)));
            } else {
                // Out of attempts, or held by another claimer: the way of a single message, in its place.
                List<Pending> before = List.copyOf(run);
                run.clear();
                sequence = sequence.chain(() -> sendRun(batch, before))
                        .chain(() -> batch.settle(i, claim instanceof DeliveryLog.Claimed c ? giveUp(message, c.attempts(),
                                "gave up after " + c.attempts() + " attempts; the outcome of the last is unknown (the notifier "
                                        + "stopped during it)", true)
                                : claim(message, batch.holder)));
            }
        }
        List<Pending> last = List.copyOf(run);
        Uni<Void> sent = sequence.chain(() -> sendRun(batch, last));
        return all(finished).chain(() -> sent);
    }

    /** The claimed messages of a run, each budget lane in its order (SMS and e-mail have budgets of their own). */
    private Uni<Void> sendRun(Batch batch, List<Pending> run) {
        Map<RateLimiter.Lane, List<Pending>> lanes = new LinkedHashMap<>();
        for (Pending p : run) {
            lanes.computeIfAbsent(limiter.lane(p.message()), lane -> new ArrayList<>()).add(p);
        }
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (var lane : lanes.entrySet()) {
            sent = sent.chain(() -> sendLane(batch, lane.getKey(), lane.getValue()));
        }
        return sent;
    }

    /** Takes a block of the lane's budget for as many of {@code rest} as it has room, hands them over, and goes on with the others. */
    private Uni<Void> sendLane(Batch batch, RateLimiter.Lane lane, List<Pending> rest) {
        if (rest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return limiter.acquire(lane, rest.size()).chain(granted -> {
            List<Pending> block = rest.subList(0, granted);
            List<Pending> after = rest.subList(granted, rest.size());
            long recorded = System.nanoTime(); // the leases renewed below run from no earlier than this
            return durably(() -> log.handOverAll(block.stream().map(p -> new DeliveryLog.HandOver(p.key(), p.attempt())).toList(),
                    batch.holder, settings.deliveryLease()))
                    // A message whose lease ran out while it waited, and that another claimer took over, is that
                    // claimer's to finish (it has its own copy of the event).
                    .chain(held -> handOverBlock(batch, block.stream().filter(p -> held.contains(p.key())).toList(), recorded))
                    .chain(notHandedOver -> {
                        List<Pending> next = new ArrayList<>(notHandedOver);
                        next.addAll(after);
                        return sendLane(batch, lane, next);
                    });
        });
    }

    /**
     * Hands a block's messages to their channel in order, each marked SENT before the next goes, then
     * audits them together. The first that the provider does not take stops the block: it is retried
     * (or given up) the way of a single message, and the messages after it are returned to take budget
     * again.
     */
    private Uni<List<Pending>> handOverBlock(Batch batch, List<Pending> block, long recorded) {
        List<Pending> sent = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        List<Pending> notHandedOver = new ArrayList<>();
        Pending[] failed = new Pending[1];
        Throwable[] failure = new Throwable[1];
        return Multi.createFrom().iterable(block).onItem().transformToUniAndConcatenate(p -> {
            if (failed[0] != null || !sent.isEmpty() && !withinLease(p.message(), recorded)) {
                // After a failure, or too late in the lease for a whole call: budget and lease again.
                // (The first of a block always goes: its lease was just renewed, as for a single message.)
                failed[0] = failed[0] == null ? STOPPED : failed[0];
                notHandedOver.add(p);
                return Uni.createFrom().voidItem();
            }
            return send(p.message()).onItemOrFailure().transformToUni((messageId, f) -> {
                if (f != null) {
                    failed[0] = p;
                    failure[0] = f;
                    return Uni.createFrom().voidItem();
                }
                sent.add(p);
                messageIds.add(messageId);
                return durably(() -> log.sent(p.message().sourceEventId(), p.message().channel(), messageId));
            });
        }).collect().last()
                .chain(() -> {
                    List<Uni<Void>> audits = new ArrayList<>();
                    for (int k = 0; k < sent.size(); k++) {
                        Pending p = sent.get(k);
                        audits.add(batch.settle(p.index(), audit.sent(p.message(), p.message().channel(), p.attempt(), messageIds.get(k))));
                    }
                    return all(audits);
                })
                .chain(() -> failed[0] == null || failed[0] == STOPPED ? Uni.createFrom().voidItem()
                        : batch.settle(failed[0].index(), refused(failed[0].message(), batch.holder, failed[0].attempt(), failure[0])))
                .replaceWith(notHandedOver);
    }

    /** Marks a block stopped short because its lease is too far gone for another call. */
    private static final Pending STOPPED = new Pending(-1, null, 0);

    /**
     * Whether a call for {@code message} begun now ends within the lease renewed at {@code recorded},
     * with a tenth of it to spare: no other claimer may hand the message over while its call can still
     * be under way. The SMS channel says how long a call can take; an e-mail gets half the lease.
     */
    private boolean withinLease(OutgoingMessage message, long recorded) {
        Duration lease = settings.deliveryLease();
        Duration call = EMAIL.equals(message.channel()) ? lease.dividedBy(2) : channels.get().longestCall();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - recorded);
        return elapsed.plus(call).compareTo(lease.minus(lease.dividedBy(10))) < 0;
    }

    private Uni<String> send(OutgoingMessage message) {
        return EMAIL.equals(message.channel())
                ? email.send(message.sourceEventId() + ":" + EMAIL, message.address(), message.subject(), message.text(),
                        message.attachment())
                : channels.get().send(message.sourceEventId() + ":" + SMS, message.address(), message.text());
    }

    private static DeliveryLog.Key key(OutgoingMessage message) {
        return new DeliveryLog.Key(message.sourceEventId(), message.channel());
    }

    private static DeliveryLog.ToClaim toClaim(OutgoingMessage message) {
        return new DeliveryLog.ToClaim(message.sourceEventId(), message.channel(), message.kind(), message.personId());
    }

    /** Every one of {@code work}, subscribed together, then awaited together. */
    private static Uni<Void> all(List<Uni<Void>> work) {
        return work.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(work).andCollectFailures().replaceWithVoid();
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
        return send(message)
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
                ? audit.sentAgain(message, message.channel(), done.attempts(), done.providerMessageId())
                : audit.failedAgain(message, message.channel(), done.attempts(), done.lastError(), false)
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
