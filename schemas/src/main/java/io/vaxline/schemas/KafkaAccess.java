package io.vaxline.schemas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How a client reaches the broker and who it is there: the bootstrap servers and a SCRAM-SHA-512
 * principal with its password, over SASL_PLAINTEXT on the local stack or SASL_SSL in production
 * (with {@code KAFKA_SSL_TRUSTSTORE_LOCATION} and, when the store has one, its password). The same
 * variables configure every service and tool: {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_USERNAME}, {@code KAFKA_PASSWORD}.
 */
public record KafkaAccess(String bootstrapServers, String securityProtocol, String username, String password,
        String truststoreLocation, String truststorePassword) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String LOCAL_PROTOCOL = "SASL_PLAINTEXT";

    public static KafkaAccess local(String bootstrapServers, String username, String password) {
        return new KafkaAccess(bootstrapServers, LOCAL_PROTOCOL, username, password, null, null);
    }

    /**
     * From the environment; {@code fallbackPassword} is asked only when {@code KAFKA_PASSWORD} is not
     * set (the local tools read it from the stack's data folder).
     */
    public static KafkaAccess fromEnvironment(Map<String, String> env, String defaultBootstrap, String defaultUser,
            java.util.function.Function<String, String> fallbackPassword) {
        String user = env.getOrDefault("KAFKA_USERNAME", defaultUser);
        String password = env.get("KAFKA_PASSWORD");
        if (password == null || password.isBlank()) {
            password = fallbackPassword.apply(user);
        }
        return new KafkaAccess(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", defaultBootstrap),
                env.getOrDefault("KAFKA_SECURITY_PROTOCOL", LOCAL_PROTOCOL), user, password,
                env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"), env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"));
    }

    public KafkaAccess as(String otherUser, String otherPassword) {
        return new KafkaAccess(bootstrapServers, securityProtocol, otherUser, otherPassword, truststoreLocation,
                truststorePassword);
    }

    /** Client settings (bootstrap servers and security) for a producer, consumer or admin client. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.putAll(security());
        return config;
    }

    public Properties properties() {
        Properties p = new Properties();
        p.putAll(clientConfig());
        return p;
    }

    /** The security settings alone. */
    public Map<String, Object> security() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("security.protocol", securityProtocol);
        if (securityProtocol.startsWith("SASL")) {
            if (password == null) {
                throw new IllegalStateException("No Kafka password for " + username
                        + ": set KAFKA_PASSWORD (the local stack keeps its principals' passwords in <data>/secrets/kafka)");
            }
            config.put("sasl.mechanism", MECHANISM);
            config.put("sasl.jaas.config", jaas(username, password));
        }
        if (truststoreLocation != null && !truststoreLocation.isBlank()) {
            config.put("ssl.truststore.location", truststoreLocation);
            if (truststoreLocation.endsWith(".pem") || truststoreLocation.endsWith(".crt")) {
                config.put("ssl.truststore.type", "PEM");
            }
            if (truststorePassword != null) {
                config.put("ssl.truststore.password", truststorePassword);
            }
        }
        return config;
    }

    public static String jaas(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    @Override
    public String toString() {
        return "KafkaAccess[" + bootstrapServers + " as " + username + " over " + securityProtocol + "]";
    }
}
