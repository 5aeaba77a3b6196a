package io.vaxline.bench.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How long after booking-api sent a booking's command each hop of it became readable. One read_committed consumer
 * reads the topics of the booking path from their ends; for every record it notes the time it was read minus the
 * record's timestamp. booking-api's producer stamps the command when it sends it, and scheduler-stream's guard and
 * ledger give every record they forward its cause's timestamp, so on every topic of the path that difference is the
 * time since the command was sent: readable on booking-commands, past the person guard (its seat request on the
 * repartition topic), decided (booking-events, which booking-api reads to answer), and back at the guard.
 *
 * <p>The reader costs the broker one more consumer's fetches (at most every 10 ms, as the stream's), and the times
 * include its own fetch wait; they are the same machine's clock.
 */
final class HopTimes implements AutoCloseable {

    /** The topics of the booking path, in the order a booking crosses them, with what reaching each means. */
    static final Map<String, String> PATH = path();

    private static Map<String, String> path() {
        Map<String, String> path = new LinkedHashMap<>();
        path.put("booking-commands", "command readable");
        path.put("scheduler-stream-seat-requests-repartition", "past the person guard");
        path.put("booking-events", "decided (booking-api can answer)");
        path.put("scheduler-stream-outcomes-by-person-repartition", "outcome back at the guard");
        return path;
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Recorder> recorders = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    HopTimes(Map<String, Object> clientConfig) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : PATH.keySet()) {
            recorders.put(topic, new Recorder(3));
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::read, "hop-times");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long read = System.currentTimeMillis();
                    recorders.get(record.topic()).recordValue(Math.max(0, read - record.timestamp()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Per topic of the path, since the last call: the records read and the p50, p90, p99 and largest time in ms from
     * the command's send to being readable there.
     */
    Map<String, Map<String, Object>> take() {
        Map<String, Map<String, Object>> taken = new LinkedHashMap<>();
        recorders.forEach((topic, recorder) -> {
            Histogram h = recorder.getIntervalHistogram();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("records", h.getTotalCount());
            s.put("p50Ms", h.getValueAtPercentile(50));
            s.put("p90Ms", h.getValueAtPercentile(90));
            s.put("p99Ms", h.getValueAtPercentile(99));
            s.put("maxMs", h.getMaxValue());
            taken.put(topic, s);
        });
        return taken;
    }

    /** One line: the p50 and p99 of each hop, e.g. {@code guard 21/80, decided 45/160}. */
    static String line(Map<String, Map<String, Object>> taken) {
        List<String> parts = new ArrayList<>();
        String[] names = { "command", "guard", "decided", "back" };
        int i = 0;
        for (Map<String, Object> s : taken.values()) {
            parts.add(names[i++] + " " + s.get("p50Ms") + "/" + s.get("p99Ms"));
        }
        return "ms after the command's send (p50/p99): " + String.join(", ", parts);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
