package io.vaxline.notifier.channel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;

import org.jboss.logging.Logger;

/**
 * The local stand-in for the SMS provider: keeps every message in an inbox per phone number that a
 * person running the stack reads over HTTP (/inbox). Nothing leaves the machine. It is there only when
 * chosen by name (vaxline.sms.channel=recording), and only a local stack may choose it ({@link ChannelChoice}).
 *
 * <p>Like providers that take an idempotency key, it delivers a message handed over twice with the
 * same key once, and counts the repeat. With a journal file configured, every hand-over is appended
 * to it as a JSON line before {@link #send} returns, and the inboxes are read back from it on start,
 * so they survive a restart (or a kill) of the notifier.
 */
@ApplicationScoped
@LookupIfProperty(name = "vaxline.sms.channel", stringValue = "recording")
public class RecordingSmsChannel implements SmsChannel {

    private static final Logger LOG = Logger.getLogger(RecordingSmsChannel.class);

    /** Messages kept per phone number; older ones are dropped first. */
    static final int INBOX_SIZE = 200;

    public record RecordedSms(String messageId, String phone, String text, Instant sentAt, String idempotencyKey) {
    }

    /** One line of the journal: a hand-over, and whether it repeated an earlier key. */
    public record JournalEntry(String idempotencyKey, String messageId, String phone, String text, Instant at,
            boolean repeat) {
    }

    private final Map<String, Deque<RecordedSms>> inboxes = new ConcurrentHashMap<>();
    private final Map<String, String> messageIdByKey = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();

    @Inject
    ObjectMapper json;

    @Inject
    SmsSettings settings;

    private BufferedWriter journal;

    @PostConstruct
    void open() {
        if (settings.recording().journal().isEmpty()) {
            return;
        }
        try {
            Path file = settings.recording().journal().get();
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean cutShort = false;
            if (Files.exists(file)) {
                String journalText = Files.readString(file, StandardCharsets.UTF_8);
                for (String line : journalText.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        replay(json.readValue(line, JournalEntry.class));
                    } catch (IOException e) {
                        LOG.warnf("Skipping a line of the SMS journal %s that a crash cut short", file);
                    }
                }
                cutShort = !journalText.isEmpty() && !journalText.endsWith("\n");
            }
            journal = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (cutShort) {
                journal.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the SMS journal " + settings.recording().journal().get()
                    + ": check the folder is writable or unset SMS_RECORDING_JOURNAL", e);
        }
    }

    @PreDestroy
    void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }

    @Override
    public Uni<String> send(String idempotencyKey, String phone, String text) {
        return Uni.createFrom().item(() -> record(idempotencyKey, phone, text));
    }

    @Override
    public boolean honoursIdempotencyKey() {
        return true;
    }

    private synchronized String record(String key, String phone, String text) {
        String earlier = messageIdByKey.get(key);
        JournalEntry entry = new JournalEntry(key, earlier == null ? UUID.randomUUID().toString() : earlier,
                phone, text, Instant.now(), earlier != null);
        append(entry);
        replay(entry);
        return entry.messageId();
    }

    private void append(JournalEntry entry) {
        if (journal == null) {
            return;
        }
        try {
            journal.write(json.writeValueAsString(entry));
            journal.newLine();
            // Into the operating system before send() returns: a killed process loses nothing it reported sent.
            journal.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the SMS journal " + settings.recording().journal().orElse(null), e);
        }
    }

    private void replay(JournalEntry entry) {
        if (entry.repeat() || messageIdByKey.putIfAbsent(entry.idempotencyKey(), entry.messageId()) != null) {
            repeats.incrementAndGet();
            return;
        }
        Deque<RecordedSms> inbox = inboxes.computeIfAbsent(entry.phone(), p -> new ArrayDeque<>());
        synchronized (inbox) {
            inbox.addLast(new RecordedSms(entry.messageId(), entry.phone(), entry.text(), entry.at(), entry.idempotencyKey()));
            if (inbox.size() > INBOX_SIZE) {
                inbox.removeFirst();
            }
        }
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
        Map<String, Integer> sizes = new TreeMap<>();
        inboxes.forEach((phone, inbox) -> {
            synchronized (inbox) {
                sizes.put(phone, inbox.size());
            }
        });
        return sizes;
    }

    /** Messages handed over again with a key already delivered (absorbed, not delivered twice). */
    public long repeats() {
        return repeats.get();
    }
}
