package io.vaxline.notifier.channel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;

/**
 * The local stand-in for the SMS provider: keeps every message in an inbox per phone number that a
 * person running the stack reads over HTTP (/inbox). Nothing leaves the machine.
 */
@ApplicationScoped
@LookupIfProperty(name = "vaxline.sms.channel", stringValue = "recording", lookupIfMissing = true)
public class RecordingSmsChannel implements SmsChannel {

    /** Messages kept per phone number; older ones are dropped first. */
    static final int INBOX_SIZE = 200;

    public record RecordedSms(String messageId, String phone, String text, Instant sentAt) {
    }

    private final Map<String, Deque<RecordedSms>> inboxes = new ConcurrentHashMap<>();

    @Override
    public Uni<String> send(String phone, String text) {
        RecordedSms sms = new RecordedSms(UUID.randomUUID().toString(), phone, text, Instant.now());
        Deque<RecordedSms> inbox = inboxes.computeIfAbsent(phone, p -> new ArrayDeque<>());
        synchronized (inbox) {
            inbox.addLast(sms);
            if (inbox.size() > INBOX_SIZE) {
                inbox.removeFirst();
            }
        }
        return Uni.createFrom().item(sms.messageId());
    }

    public List<RecordedSms> inbox(String phone) {
        Deque<RecordedSms> inbox = inboxes.get(phone);
        if (inbox == null) {
            return List.of();
        }
        synchronized (inbox) {
            return List.copyOf(inbox);
        }
    }

    public Map<String, Integer> inboxSizes() {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        inboxes.forEach((phone, inbox) -> {
            synchronized (inbox) {
                sizes.put(phone, inbox.size());
            }
        });
        return sizes;
    }
}
