package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.await;
import static io.vaxline.bench.drills.DrillContext.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.devstack.Service;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.Topics;

/**
 * The notifier killed in the middle of a burst of texts: each is delivered once, read from the
 * recording channel's journal, and only the few in flight at the kill are handed over again.
 */
final class NotifierCrash implements Drill {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "notifier-crash";
    }

    @Override
    public String title() {
        return "kill -9 the notifier during a burst of 2,000 texts";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        int texts = 2000;
        Path journal = context.stack.dataDir().resolve("notifier").resolve("sms-journal.jsonl");
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < texts; i++) {
            String phone = "+4673" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            OtpRequested otp = OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                    .setPhone(phone).setCode("123456").setLanguage("en").setExpiresAt(Instant.now().plusSeconds(300)).build();
            keys.put(otp.getEventId() + ":sms", phone);
            context.kafka.sendAsync(Topics.ONE_TIME_CODES, phone, otp);
        }
        context.kafka.flush();
        await(() -> handOvers(journal, keys).size() >= texts / 10, Duration.ofMinutes(1), "the burst never started");
        context.stack.process(Service.NOTIFIER).kill();
        context.stack.startService(Service.NOTIFIER);
        await(() -> delivered(handOvers(journal, keys)).size() >= texts, Duration.ofMinutes(3), "texts were lost");
        List<JsonNode> all = handOvers(journal, keys);
        Map<String, Long> perKey = new HashMap<>();
        delivered(all).forEach(n -> perKey.merge(n.path("idempotencyKey").asText(), 1L, Long::sum));
        long again = all.size() - delivered(all).size();
        check(perKey.keySet().equals(keys.keySet()), "not every text delivered");
        check(perKey.values().stream().allMatch(n -> n == 1), "a text delivered twice");
        check(again <= 3, again + " texts handed over again (documented bound: one per consumer per crash, 3)");
        return texts + " texts each delivered once; " + again + " handed over again to the provider (bound: 3 per crash)";
    }

    private static List<JsonNode> handOvers(Path journal, Map<String, String> keys) {
        if (!Files.exists(journal)) {
            return List.of();
        }
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(journal)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && keys.containsKey(n.path("idempotencyKey").asText())) {
                        lines.add(n);
                    }
                } catch (IOException cutShort) {
                    // a line cut short by the kill
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> delivered(List<JsonNode> handOvers) {
        return handOvers.stream().filter(n -> !n.path("repeat").asBoolean()).toList();
    }
}
