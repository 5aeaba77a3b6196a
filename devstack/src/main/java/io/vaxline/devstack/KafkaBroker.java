package io.vaxline.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Kafka 4.1 broker in KRaft mode (broker and controller in one process), running in
 * this JVM. Its log folder survives restarts; the first start formats it like
 * {@code kafka-storage.sh format} would, with the provisioner's SCRAM-SHA-512 credential in its
 * bootstrap metadata (SCRAM users live in the cluster's metadata, so the first super user must be
 * there before anyone can log in to create the others).
 *
 * <p>Clients authenticate with SASL SCRAM-SHA-512 on the one client listener and the KRaft
 * authorizer ({@code StandardAuthorizer}) allows only what {@code KafkaPrincipals} grants; the
 * provisioner is the only super user. The controller listener, which only this process's own broker
 * uses, authenticates with PLAIN and a password of its own.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "SASL_PLAINTEXT";
    private static final String CONTROLLER_USER = "controller";
    /** Written beside meta.properties by a format that added the provisioner's credential. */
    private static final String AUTHENTICATED_MARK = "vaxline-scram";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final String provisionerPassword;
    private final String controllerPassword;
    /** This node's id, 1 for the single node; a cluster's nodes are 1..n. */
    private int nodeId = 1;
    /** {@code controller.quorum.voters}: every controller's {@code id@host:port}. */
    private String voters;
    /** The cluster's id, the same on every node's format; a single node makes its own. */
    private String clusterId;
    /** How many brokers the cluster has: the internal topics' replication follows from it. */
    private int clusterSize = 1;
    private KafkaRaftServer server;
    private int tlsPort;
    private Path tlsFolder;

    public KafkaBroker(Path logDir, int port, int controllerPort, String provisionerPassword, String controllerPassword) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.provisionerPassword = provisionerPassword;
        this.controllerPassword = controllerPassword;
    }

    /**
     * Makes this one node of a cluster of {@code clusterSize} combined broker+controller nodes (each in its
     * own process): the same cluster id on every node's format, every node a controller voter, and
     * replication factor 3 with min ISR 2 for the internal topics (offsets, transactions, share state)
     * and as the default for every topic.
     */
    public KafkaBroker asClusterNode(int nodeId, String voters, String clusterId, int clusterSize) {
        this.nodeId = nodeId;
        this.voters = voters;
        this.clusterId = clusterId;
        this.clusterSize = clusterSize;
        return this;
    }

    /** The replication factor topics get on a cluster of this many brokers: 1 alone, else up to 3. */
    public static short replicationFactor(int brokers) {
        return (short) Math.min(3, brokers);
    }

    /** The min ISR that goes with {@link #replicationFactor}: 2 when there are three copies (one broker may be down). */
    public static int minInsyncReplicas(int brokers) {
        return replicationFactor(brokers) >= 3 ? 2 : 1;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Adds a SASL_SSL listener on {@code tlsPort}, the way production listens: the same SCRAM logins,
     * over TLS with a certificate made on first start (keytool; EC P-256, for 127.0.0.1 and localhost)
     * into {@code folder}, whose public half clients trust ({@link #truststore()}).
     */
    public KafkaBroker withTls(int tlsPort, Path folder) {
        this.tlsPort = tlsPort;
        this.tlsFolder = folder;
        return this;
    }

    public String tlsBootstrapServers() {
        return "127.0.0.1:" + tlsPort;
    }

    /** The broker's certificate (PEM), for clients of the TLS listener to trust. */
    public Path truststore() {
        return tlsFolder.resolve("broker-certificate.pem");
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        Files.createDirectories(logDir);
        if (tlsFolder != null) {
            makeCertificate();
        }
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
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters != null ? voters : nodeId + "@127.0.0.1:" + controllerPort);
        p.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", KafkaAccess.MECHANISM);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                KafkaAccess.jaas(KafkaPrincipals.PROVISIONER, provisionerPassword));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"" + CONTROLLER_USER + "\" password=\"" + controllerPassword + "\" user_" + CONTROLLER_USER
                + "=\"" + controllerPassword + "\";");
        if (tlsFolder != null) {
            p.put("listeners", p.get("listeners") + ",SASL_SSL://127.0.0.1:" + tlsPort);
            p.put("advertised.listeners", p.get("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + tlsPort);
            p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    KafkaAccess.jaas(KafkaPrincipals.PROVISIONER, provisionerPassword));
            p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.put("listener.name.sasl_ssl.ssl.keystore.location", tlsFolder.resolve("broker.p12").toString());
            p.put("listener.name.sasl_ssl.ssl.keystore.password", keystorePassword());
        }
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + KafkaPrincipals.PROVISIONER + ";User:" + CONTROLLER_USER);
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "6");
        String replicas = String.valueOf(replicationFactor(clusterSize));
        String minIsr = String.valueOf(minInsyncReplicas(clusterSize));
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.check.interval.ms", "60000");
        return p;
    }

    private String keystorePassword() {
        try {
            return Files.readString(tlsFolder.resolve("broker.p12.password")).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void makeCertificate() throws IOException, InterruptedException {
        makeCertificate(tlsFolder);
    }

    /**
     * The brokers' key and self-signed certificate (for 127.0.0.1), made once with the JDK's keytool into
     * {@code tlsFolder}; a cluster's nodes share it, made before they start.
     */
    static synchronized void makeCertificate(Path tlsFolder) throws IOException, InterruptedException {
        Path keystore = tlsFolder.resolve("broker.p12");
        Path truststore = tlsFolder.resolve("broker-certificate.pem");
        if (Files.exists(keystore) && Files.exists(truststore)) {
            return;
        }
        Files.createDirectories(tlsFolder);
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(tlsFolder.resolve("broker.p12.password"), password);
        Files.deleteIfExists(keystore);
        String keytool = Path.of(ManagedProcess.currentJava()).resolveSibling("keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", password, "-file", truststore.toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed to make the broker's TLS certificate: " + output);
        }
    }

    private void format() throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            if (!Files.exists(logDir.resolve(AUTHENTICATED_MARK))) {
                throw new IllegalStateException("The Kafka data in " + logDir + " was made before the broker asked for "
                        + "authentication, so it has no provisioner to log in as. Start on a fresh data folder: "
                        + "./vaxline up --wipe (or delete " + logDir + ").");
            }
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId != null ? clusterId : Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setScramArguments(List.of(KafkaAccess.MECHANISM + "=[name=" + KafkaPrincipals.PROVISIONER
                            + ",password=" + provisionerPassword + "]"))
                    .run();
            Files.writeString(logDir.resolve(AUTHENTICATED_MARK), KafkaAccess.MECHANISM + "\n");
        } catch (IOException e) {
            throw new IOException("Could not format the Kafka log folder " + logDir + ": " + output, e);
        }
    }
}
