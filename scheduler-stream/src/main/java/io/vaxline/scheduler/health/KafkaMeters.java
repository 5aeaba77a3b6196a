package io.vaxline.scheduler.health;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.Arc;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.jboss.logging.Logger;

/**
 * The Kafka Streams client's metrics an operator charts, at {@code /q/metrics}, and nothing else: scheduler-stream's
 * {@code metric.reporters} (it replaces Kafka's JMX reporter, and Micrometer's Kafka binders are off for this service).
 *
 * <p>Why not Micrometer's {@code KafkaStreamsMetrics}: it polls every metric of every client of the stream (per task,
 * per node, per partition: thousands) and compares each with every meter of its name, and Kafka's JMX reporter builds
 * an MBean again for every metric added; under a booking burst the two took 31 % of scheduler-stream's CPU samples
 * (bench/REPORT.md). A reporter is told of each metric as Kafka adds or removes it, so this costs one set lookup per
 * metric change and one read per scrape of the few it keeps.
 *
 * <p>Each metric kept has a fixed set of tags (Prometheus wants one label set per name); the same name with other
 * tags (e.g. per topic or partition) is left out. The names are Micrometer's own for these metrics
 * ({@code kafka.<group without -metrics>.<name>}, dashes as dots), so dashboards and alerts read them unchanged.
 */
public class KafkaMeters implements MetricsReporter {

    private static final Logger LOG = Logger.getLogger(KafkaMeters.class);

    /** group / name → the tag keys it must have. */
    static final Map<String, Set<String>> KEPT = Map.ofEntries(
            thread("commit-latency-avg"), thread("commit-latency-max"), thread("commit-total"), thread("commit-ratio"),
            thread("process-latency-avg"), thread("process-latency-max"), thread("process-rate"), thread("process-total"),
            thread("process-ratio"), thread("poll-ratio"), thread("punctuate-ratio"), thread("punctuate-latency-avg"),
            thread("blocked-time-ns-total"), thread("task-created-total"), thread("task-closed-total"),
            Map.entry("stream-metrics/alive-stream-threads", Set.of("client-id")),
            Map.entry("stream-metrics/failed-stream-threads", Set.of("client-id")),
            Map.entry("stream-state-metrics/estimate-num-keys", Set.of("thread-id", "task-id", "rocksdb-state-id")),
            client("consumer-fetch-manager-metrics/records-lag-max"), client("consumer-fetch-manager-metrics/records-consumed-total"),
            client("consumer-fetch-manager-metrics/fetch-latency-avg"),
            client("consumer-coordinator-metrics/rebalance-total"), client("consumer-coordinator-metrics/rebalance-latency-avg"),
            client("consumer-coordinator-metrics/last-rebalance-seconds-ago"),
            client("producer-metrics/record-send-total"), client("producer-metrics/record-error-total"),
            client("producer-metrics/record-retry-total"), client("producer-metrics/request-latency-avg"),
            client("producer-metrics/txn-commit-time-ns-total"), client("producer-metrics/buffer-available-bytes"));

    private final Map<MetricName, Meter> meters = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    @Override
    public void configure(Map<String, ?> configs) {
        registry = Arc.container() == null ? null : Arc.container().instance(MeterRegistry.class).get();
        if (registry == null) {
            LOG.warn("No meter registry: Kafka's metrics are not shown at /q/metrics");
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        MetricName name = metric.metricName();
        Set<String> keys = KEPT.get(name.group() + "/" + name.name());
        if (registry == null || keys == null || !keys.equals(name.tags().keySet())) {
            return;
        }
        metricRemoval(metric);
        meters.put(name, register(registry, metric));
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        Meter meter = meters.remove(metric.metricName());
        if (meter != null) {
            registry.remove(meter);
        }
    }

    @Override
    public void close() {
        meters.values().forEach(registry::remove);
        meters.clear();
    }

    static String meterName(MetricName name) {
        return ("kafka." + name.group().replace("-metrics", "") + "." + name.name()).replace('-', '.');
    }

    private static Meter register(MeterRegistry registry, KafkaMetric metric) {
        MetricName name = metric.metricName();
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> tag : name.tags().entrySet()) {
            tags = tags.and(tag.getKey().replace('-', '.'), tag.getValue());
        }
        String meterName = meterName(name);
        if (name.name().endsWith("-total")) {
            return FunctionCounter.builder(meterName, metric, KafkaMeters::value).tags(tags)
                    .description(name.description()).register(registry);
        }
        return Gauge.builder(meterName, metric, KafkaMeters::value).tags(tags).description(name.description())
                .register(registry);
    }

    private static double value(KafkaMetric metric) {
        try {
            return metric.metricValue() instanceof Number number ? number.doubleValue() : Double.NaN;
        } catch (RuntimeException e) {
            // A store's metric read while the store closes (a task moving away).
            return Double.NaN;
        }
    }

    private static Map.Entry<String, Set<String>> thread(String name) {
        return Map.entry("stream-thread-metrics/" + name, Set.of("thread-id"));
    }

    private static Map.Entry<String, Set<String>> client(String groupAndName) {
        return Map.entry(groupAndName, Set.of("client-id"));
    }
}
