package io.vaxline.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;

/**
 * Where the running infrastructure can be reached, and the services' secrets.
 * {@link #serviceEnvironment(String)} is the contract with the services: the same variables configure
 * them under the local stack, the tests and docker-compose.
 */
public record Endpoints(
        String kafkaBootstrapServers,
        String registryUrl,
        String dbHost,
        int dbPort,
        String dbUser,
        String dbPassword,
        ServiceSecrets secrets) {

    public String jdbcUrl(String database) {
        return jdbcUrl(dbHost, dbPort, database);
    }

    public static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** How {@code principal} reaches the broker, with the local stack's password for it. */
    public KafkaAccess kafka(String principal) {
        String password = secrets == null ? null : secrets.kafkaPasswords().get(principal);
        return KafkaAccess.local(kafkaBootstrapServers, principal, password);
    }

    /** The provisioner, the one super user: what tests and operators' tools use. */
    public KafkaAccess kafkaAdmin() {
        return kafka(KafkaPrincipals.PROVISIONER);
    }

    /** Environment variables a service reads (see each service's application.properties), logging in to Kafka as {@code principal}. */
    public Map<String, String> serviceEnvironment(String principal) {
        Map<String, String> env = new LinkedHashMap<>();
        // A service without a Kafka principal gets no login.
        String password = kafka(principal).password();
        if (password != null) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
            env.put("KAFKA_SECURITY_PROTOCOL", KafkaAccess.LOCAL_PROTOCOL);
            env.put("KAFKA_USERNAME", principal);
            env.put("KAFKA_PASSWORD", password);
        }
        env.put("REGISTRY_URL", registryUrl);
        env.put("DB_HOST", dbHost);
        env.put("DB_PORT", String.valueOf(dbPort));
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        env.putAll(secrets.environment());
        if (!"notifier".equals(principal)) {
            env.remove("NOTIFIER_PRIVATE_KEYSET"); // only the notifier opens what is sealed for it
        }
        return env;
    }

    /** The same settings as configuration properties, for Quarkus tests running in-process. */
    public Map<String, String> serviceProperties(String principal) {
        Map<String, String> props = new LinkedHashMap<>();
        String password = kafka(principal).password();
        if (password != null) {
            props.put("kafka.bootstrap.servers", kafkaBootstrapServers);
            props.put("vaxline.kafka.username", principal);
            props.put("vaxline.kafka.password", password);
        }
        props.put("vaxline.registry.url", registryUrl);
        props.put("vaxline.db.host", dbHost);
        props.put("vaxline.db.port", String.valueOf(dbPort));
        props.put("vaxline.db.user", dbUser);
        props.put("vaxline.db.password", dbPassword);
        props.putAll(secrets.properties());
        if (!"notifier".equals(principal)) {
            props.remove("vaxline.seal.notifier-private-keyset");
        }
        return props;
    }
}
