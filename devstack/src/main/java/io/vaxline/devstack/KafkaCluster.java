package io.vaxline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of several nodes on this machine, each a child JVM ({@link KafkaNode}) with broker
 * and controller in one process, so that one can be killed with -9 while the others go on. Every
 * node is a controller voter (three voters: the quorum survives one loss), and every node is
 * formatted with the same cluster id and the provisioner's SCRAM credential. Node {@code n} keeps its
 * data in {@code kafka-n} of the data folder and comes back on it after a restart.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    /** Long enough for a controlled shutdown (leadership moved away first) on a busy machine. */
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private final InfraSettings settings;
    private final String provisionerPassword;
    private final Map<Integer, ManagedProcess> nodes = new LinkedHashMap<>();

    KafkaCluster(InfraSettings settings, Path tlsFolder, String provisionerPassword, String controllerPassword)
            throws IOException, InterruptedException {
        this.settings = settings;
        this.provisionerPassword = provisionerPassword;
        Path data = settings.dataDir();
        String clusterId = clusterId(data);
        String voters = java.util.stream.IntStream.rangeClosed(1, settings.brokers())
                .mapToObj(n -> n + "@127.0.0.1:" + settings.kafkaControllerPort(n)).collect(Collectors.joining(","));
        for (int n = 1; n <= settings.brokers(); n++) {
            Path logDir = data.resolve("kafka-" + n);
            List<String> command = List.of(ManagedProcess.currentJava(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                    "-Dvaxline.log.dir=" + data.resolve("logs").resolve("kafka-" + n),
                    "-cp", BuildInfo.classPath(), KafkaNode.class.getName(),
                    String.valueOf(n), String.valueOf(settings.kafkaPort(n)), String.valueOf(settings.kafkaControllerPort(n)),
                    String.valueOf(settings.kafkaTlsPort(n)), tlsFolder.toString(), voters, clusterId,
                    String.valueOf(settings.brokers()),
                    // last, so that the pid file's check of a left-over process matches this node only
                    logDir.toString());
            nodes.put(n, new ManagedProcess("Kafka node " + n, command,
                    Map.of(KafkaNode.PROVISIONER_PASSWORD, provisionerPassword, KafkaNode.CONTROLLER_PASSWORD, controllerPassword),
                    data.resolve("logs").resolve("kafka-" + n + ".log"), data.resolve("pids").resolve("kafka-" + n + ".pid")));
        }
        KafkaBroker.makeCertificate(tlsFolder);
    }

    /** The cluster's id, made once and kept in the data folder: every node is formatted with it. */
    private static String clusterId(Path data) throws IOException {
        Path file = data.resolve("kafka-cluster-id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(data);
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n");
        return id;
    }

    /** Every node's client address: what clients bootstrap from. */
    public String bootstrapServers() {
        return java.util.stream.IntStream.rangeClosed(1, settings.brokers())
                .mapToObj(n -> "127.0.0.1:" + settings.kafkaPort(n)).collect(Collectors.joining(","));
    }

    public int size() {
        return settings.brokers();
    }

    /** Starts every node and waits until all of them are brokers of the cluster. */
    public void start() throws IOException {
        launch();
        awaitStarted();
    }

    /**
     * Starts the nodes' processes without waiting for them. Infrastructure does this before PostgreSQL
     * unpacks its binaries: a process forked while a binary is still open for writing would make
     * running that binary fail with "Text file busy".
     */
    void launch() throws IOException {
        for (ManagedProcess node : nodes.values()) {
            node.start();
        }
    }

    /** Waits until every node is a broker of the cluster. */
    void awaitStarted() {
        awaitBrokers(Set.copyOf(nodes.keySet()), STARTUP);
    }

    /** The node's process, e.g. for its pid. */
    public ManagedProcess node(int nodeId) {
        return nodes.get(nodeId);
    }

    /** SIGKILL to one node: no controlled shutdown, no flush. */
    public void kill(int nodeId) {
        nodes.get(nodeId).kill();
    }

    /** Orderly stop of one node (controlled shutdown: its leaderships move first). */
    public void stop(int nodeId) {
        nodes.get(nodeId).stop(SHUTDOWN);
    }

    /** Starts a stopped or killed node on its data and waits until the cluster counts it as a broker again. */
    public void start(int nodeId) throws IOException {
        nodes.get(nodeId).start();
        awaitBrokers(Set.of(nodeId), STARTUP);
    }

    /** The ids of the brokers the cluster has registered and not fenced now. */
    public Set<Integer> brokers() {
        try (Admin admin = Admin.create(adminConfig())) {
            return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
        } catch (Exception e) {
            return Set.of();
        }
    }

    /** The node leading partition {@code partition} of {@code topic}, or -1 when none does. */
    public int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Node leader = d.partitions().get(partition).leader();
            return leader == null ? -1 : leader.id();
        }
    }

    /** Each topic's partition leaders (node ids, -1 for none), by partition. */
    public Map<String, List<Integer>> leaders(List<String> topics) throws Exception {
        Map<String, List<Integer>> leaders = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> leaders.put(name,
                    d.partitions().stream().map(p -> p.leader() == null ? -1 : p.leader().id()).toList()));
        }
        return leaders;
    }

    /**
     * The active controller's node id: the KRaft quorum's leader (a KRaft broker's metadata answer names
     * a random broker as "controller", so describeCluster() cannot say).
     */
    public int activeController() throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            return admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        }
    }

    /** Partitions of these topics whose in-sync replicas are fewer than their replicas, as "topic-partition". */
    public List<String> underReplicated(List<String> topics) throws Exception {
        List<String> under = new ArrayList<>();
        try (Admin admin = Admin.create(adminConfig())) {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.isr().size() < p.replicas().size()) {
                        under.add(d.name() + "-" + p.partition());
                    }
                }
            }
        }
        return under;
    }

    private Properties adminConfig() {
        Properties config = KafkaAccess.local(bootstrapServers(), KafkaPrincipals.PROVISIONER, provisionerPassword).properties();
        config.put("default.api.timeout.ms", "5000");
        config.put("request.timeout.ms", "3000");
        return config;
    }

    private void awaitBrokers(Set<Integer> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!brokers().containsAll(ids)) {
            for (int id : ids) {
                ManagedProcess node = nodes.get(id);
                if (!node.isAlive()) {
                    throw new IllegalStateException(node.name() + " exited before it joined the cluster. End of "
                            + node.logFile() + ":\n" + node.tail(40));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka nodes " + ids + " did not join the cluster within " + timeout.toSeconds()
                        + " s; the cluster has " + brokers());
            }
            ManagedProcess.sleep(Duration.ofMillis(250));
        }
    }

    /**
     * Node after node, from the last: each controlled shutdown needs a controller quorum, which the
     * others still make. The last node has no quorum left to confirm its own, so it gets a short grace
     * before SIGKILL; its log is recovered on the next start, as after any crash.
     */
    @Override
    public void close() {
        List<ManagedProcess> order = new ArrayList<>(nodes.values());
        java.util.Collections.reverse(order);
        for (int i = 0; i < order.size(); i++) {
            order.get(i).stop(i < order.size() - 1 ? SHUTDOWN : Duration.ofSeconds(10));
        }
    }
}
