package io.vaxline.devstack;

import java.nio.file.Path;
import java.util.Map;

import io.vaxline.schemas.KafkaAccess;

/**
 * Where the infrastructure keeps its data and which ports it listens on (all on 127.0.0.1).
 *
 * @param dataDir one folder for everything, so a restart resumes where it was and a wipe is one delete
 */
public record InfraSettings(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int registryPort,
        int registryManagementPort,
        int postgresPort,
        int kafkaTlsPort) {

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
