package io.vaxline.devstack;

import java.nio.file.Path;
import java.util.Map;

import io.vaxline.schemas.KafkaAccess;

/**
 * Where the infrastructure keeps its data and which ports it listens on (all on 127.0.0.1).
 *
 * @param dataDir one folder for everything, so a restart resumes where it was and a wipe is one delete
 * @param brokers 1 (a broker in the launcher's JVM) or 3 (a KRaft cluster of three processes)
 * @param otherNodePorts for a cluster, the client, controller and TLS ports of nodes 2, 3, ... in turn
 *        (node 1 has {@code kafkaPort}, {@code kafkaControllerPort} and {@code kafkaTlsPort})
 */
public record InfraSettings(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int registryPort,
        int registryManagementPort,
        int postgresPort,
        int kafkaTlsPort,
        int brokers,
        java.util.List<Integer> otherNodePorts) {

    public InfraSettings {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("The local stack runs 1 or 3 Kafka brokers, not " + brokers);
        }
        otherNodePorts = java.util.List.copyOf(otherNodePorts);
        if (otherNodePorts.size() != 3 * (brokers - 1)) {
            throw new IllegalArgumentException("3 ports for each node after the first: " + otherNodePorts);
        }
    }

    /** One broker. */
    public InfraSettings(Path dataDir, int kafkaPort, int kafkaControllerPort, int registryPort, int registryManagementPort,
            int postgresPort, int kafkaTlsPort) {
        this(dataDir, kafkaPort, kafkaControllerPort, registryPort, registryManagementPort, postgresPort, kafkaTlsPort, 1,
                java.util.List.of());
    }

    /**
     * The same with {@code brokers} Kafka nodes. On the documented ports node {@code n} listens on node 1's
     * ports plus {@code 10 * (n - 1)} (9102/9103/9104 and 9112/9113/9114 by default); on free ports, on more free ports.
     */
    private InfraSettings withBrokers(int brokers, boolean free) {
        if (brokers == this.brokers) {
            return this;
        }
        java.util.List<Integer> others = new java.util.ArrayList<>();
        for (int n = 2; n <= brokers; n++) {
            others.add(free ? Ports.free() : kafkaPort + 10 * (n - 1));
            others.add(free ? Ports.free() : kafkaControllerPort + 10 * (n - 1));
            others.add(free ? Ports.free() : kafkaTlsPort + 10 * (n - 1));
        }
        return new InfraSettings(dataDir, kafkaPort, kafkaControllerPort, registryPort, registryManagementPort, postgresPort,
                kafkaTlsPort, brokers, others);
    }

    /** Node {@code n}'s (1-based) client port. */
    public int kafkaPort(int n) {
        return n == 1 ? kafkaPort : otherNodePorts.get(3 * (n - 2));
    }

    public int kafkaControllerPort(int n) {
        return n == 1 ? kafkaControllerPort : otherNodePorts.get(3 * (n - 2) + 1);
    }

    public int kafkaTlsPort(int n) {
        return n == 1 ? kafkaTlsPort : otherNodePorts.get(3 * (n - 2) + 2);
    }

    public static final String KAFKA_PORT = "VAXLINE_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "VAXLINE_KAFKA_CONTROLLER_PORT";
    public static final String REGISTRY_PORT = "VAXLINE_REGISTRY_PORT";
    public static final String REGISTRY_MANAGEMENT_PORT = "VAXLINE_REGISTRY_MANAGEMENT_PORT";
    public static final String POSTGRES_PORT = "VAXLINE_POSTGRES_PORT";
    public static final String KAFKA_TLS_PORT = "VAXLINE_KAFKA_TLS_PORT";

    /** Fixed, documented ports for the local stack; each can be moved by its environment variable. */
    public static InfraSettings fromEnvironment(Path dataDir, Map<String, String> env) {
        return new InfraSettings(dataDir,
                port(env, KAFKA_PORT, 9092),
                port(env, KAFKA_CONTROLLER_PORT, 9093),
                port(env, REGISTRY_PORT, 8084),
                port(env, REGISTRY_MANAGEMENT_PORT, 9084),
                port(env, POSTGRES_PORT, 5433),
                port(env, KAFKA_TLS_PORT, 9094));
    }

    /** {@link #fromEnvironment(Path, Map)} with {@code brokers} Kafka nodes. */
    public static InfraSettings fromEnvironment(Path dataDir, Map<String, String> env, int brokers) {
        return fromEnvironment(dataDir, env).withBrokers(brokers, false);
    }

    /** {@link #onFreePorts(Path)} with {@code brokers} Kafka nodes. */
    public static InfraSettings onFreePorts(Path dataDir, int brokers) {
        return onFreePorts(dataDir).withBrokers(brokers, true);
    }

    /** Free ports, for tests that must not collide with a running stack or with each other. */
    public static InfraSettings onFreePorts(Path dataDir) {
        return new InfraSettings(dataDir, Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free());
    }

    public void requirePortsFree() {
        Ports.requireFree(kafkaPort, "Kafka broker", KAFKA_PORT);
        Ports.requireFree(kafkaControllerPort, "Kafka controller", KAFKA_CONTROLLER_PORT);
        Ports.requireFree(registryPort, "schema registry", REGISTRY_PORT);
        Ports.requireFree(registryManagementPort, "schema registry management", REGISTRY_MANAGEMENT_PORT);
        Ports.requireFree(postgresPort, "PostgreSQL", POSTGRES_PORT);
        Ports.requireFree(kafkaTlsPort, "Kafka broker (TLS)", KAFKA_TLS_PORT);
        for (int n = 2; n <= brokers; n++) {
            String moved = " (node " + n + ": node 1's port + " + 10 * (n - 1) + ")";
            Ports.requireFree(kafkaPort(n), "Kafka broker" + moved, KAFKA_PORT);
            Ports.requireFree(kafkaControllerPort(n), "Kafka controller" + moved, KAFKA_CONTROLLER_PORT);
            Ports.requireFree(kafkaTlsPort(n), "Kafka broker (TLS)" + moved, KAFKA_TLS_PORT);
        }
    }

    static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a port number (1-65535)");
        }
    }

    /**
     * How a local tool reaches the broker as {@code principal}: {@code KAFKA_BOOTSTRAP_SERVERS} (else the
     * local stack's port) and {@code KAFKA_USERNAME}/{@code KAFKA_PASSWORD} when set, else the password
     * the local stack keeps in {@code dataDir}.
     */
    public static KafkaAccess kafkaFor(Map<String, String> env, Path dataDir, String principal) {
        return KafkaAccess.fromEnvironment(env, "127.0.0.1:" + port(env, KAFKA_PORT, 9092), principal,
                user -> ServiceSecrets.kafkaPassword(dataDir, user));
    }
}
