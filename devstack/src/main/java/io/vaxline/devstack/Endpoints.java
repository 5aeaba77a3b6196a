package io.vaxline.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the running infrastructure can be reached, and the services' secrets.
 * {@link #serviceEnvironment()} is the contract with the services: the same variables configure
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

    /** Environment variables every service reads (see each service's application.properties). */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("REGISTRY_URL", registryUrl);
        env.put("DB_HOST", dbHost);
        env.put("DB_PORT", String.valueOf(dbPort));
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        env.putAll(secrets.environment());
        return env;
    }

    /** The same settings as configuration properties, for Quarkus tests running in-process. */
    public Map<String, String> serviceProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        props.put("vaxline.registry.url", registryUrl);
        props.put("vaxline.db.host", dbHost);
        props.put("vaxline.db.port", String.valueOf(dbPort));
        props.put("vaxline.db.user", dbUser);
        props.put("vaxline.db.password", dbPassword);
        props.putAll(secrets.properties());
        return props;
    }
}
