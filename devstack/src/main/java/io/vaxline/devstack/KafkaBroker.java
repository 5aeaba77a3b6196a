package io.vaxline.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Kafka 4.1 broker in KRaft mode (broker and controller in one process), running in
 * this JVM. Its log folder survives restarts; the first start formats it like
 * {@code kafka-storage.sh format} would.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public KafkaBroker(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        Files.createDirectories(logDir);
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        format();
        KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
    }

    /** Orderly shutdown; {@link #start()} brings the broker back on the same data. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Broker settings for one node; the replication settings are why exactly_once_v2 works with one broker. */
    Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "6");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.check.interval.ms", "60000");
        return p;
    }

    private void format() throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (IOException e) {
            throw new IOException("Could not format the Kafka log folder " + logDir + ": " + output, e);
        }
    }
}
