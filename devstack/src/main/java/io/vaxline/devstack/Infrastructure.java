package io.vaxline.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Provisioner;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * The real infrastructure Vaxline runs on, started without Docker: PostgreSQL, a Kafka broker in
 * KRaft mode (in this JVM) and Apicurio Registry (a child JVM), then provisioned with the topic
 * catalogue and the registry's rules.
 */
public final class Infrastructure implements AutoCloseable {

    /** Databases of the local PostgreSQL: one per owner. */
    public static final List<String> DATABASES = List.of("registry", "booking", "certificates", "notifier", "records", "care");

    private final InfraSettings settings;
    private final PostgresServer postgres;
    /** The broker in this JVM, when there is one broker; else null. */
    private final KafkaBroker kafka;
    /** The brokers in processes of their own, when there are several; else null. */
    private final KafkaCluster cluster;
    private final ManagedProcess registry;
    private final ServiceSecrets secrets;

    private Infrastructure(InfraSettings settings, PostgresServer postgres, KafkaBroker kafka, KafkaCluster cluster,
            ManagedProcess registry, ServiceSecrets secrets) {
        this.settings = settings;
        this.postgres = postgres;
        this.kafka = kafka;
        this.cluster = cluster;
        this.registry = registry;
        this.secrets = secrets;
    }

    public static Infrastructure start(InfraSettings settings, Consumer<String> progress) throws Exception {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("The schema registry needs Java 21 or newer; this is Java "
                    + Runtime.version() + ". Set JAVA_HOME to a JDK 21+.");
        }
        settings.requirePortsFree();
        Path data = settings.dataDir();
        Path logs = data.resolve("logs");
        routeLogsTo(logs);

        long started = System.nanoTime();
        ServiceSecrets secrets = ServiceSecrets.loadOrCreate(ServiceSecrets.folder(data));
        requireSameBrokerCount(data, settings.brokers());
        String provisionerPassword = secrets.kafkaPasswords().get(KafkaPrincipals.PROVISIONER);
        String controllerPassword = secrets.kafkaPasswords().get(ServiceSecrets.KAFKA_CONTROLLER);
        Path tlsFolder = ServiceSecrets.folder(data).resolve("kafka-tls");
        KafkaCluster cluster = settings.brokers() > 1
                ? new KafkaCluster(settings, tlsFolder, provisionerPassword, controllerPassword) : null;
        if (cluster != null) {
            // Forked before PostgreSQL unpacks its binaries (see KafkaCluster.launch).
            cluster.launch();
        }
        CompletableFuture<PostgresServer> postgresStarting = CompletableFuture.supplyAsync(() -> unchecked(() -> {
            PostgresServer pg = PostgresServer.start(data.resolve("postgres"), data.resolve("postgres-binaries"),
                    settings.postgresPort(), logs.resolve("postgres.log"));
            pg.createDatabases(DATABASES);
            progress.accept(line("PostgreSQL", "127.0.0.1:" + pg.port(), started));
            return pg;
        }));
        KafkaBroker kafka = settings.brokers() > 1 ? null
                : new KafkaBroker(data.resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort(),
                        provisionerPassword, controllerPassword).withTls(settings.kafkaTlsPort(), tlsFolder);
        CompletableFuture<Void> kafkaStarting = CompletableFuture.runAsync(() -> unchecked(() -> {
            if (cluster != null) {
                cluster.awaitStarted();
                progress.accept(line("Kafka cluster (" + cluster.size() + ")", cluster.bootstrapServers(), started));
            } else {
                kafka.start();
                progress.accept(line("Kafka broker", kafka.bootstrapServers(), started));
            }
            return null;
        }));

        PostgresServer postgres;
        try {
            postgres = join(postgresStarting);
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close(); // child processes would outlive this JVM
            }
            throw e;
        }
        ManagedProcess registry = SchemaRegistryServer.process(settings.registryPort(), settings.registryManagementPort(),
                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/registry", PostgresServer.USER,
                PostgresServer.PASSWORD, data.resolve("registry"), logs.resolve("schema-registry.log"),
                data.resolve("pids").resolve("schema-registry.pid"));
        Infrastructure infra = new Infrastructure(settings, postgres, kafka, cluster, registry, secrets);
        try {
            registry.start();
            registry.awaitReady(SchemaRegistryServer.readyUrl(settings.registryPort()), Duration.ofSeconds(120));
            progress.accept(line("Schema registry", SchemaRegistryServer.apiUrl(settings.registryPort()), started));
            join(kafkaStarting);
            KafkaAccess admin = infra.endpoints().kafkaAdmin();
            Provisioner.provisionTopics(admin, KafkaBroker.replicationFactor(settings.brokers()));
            Map<String, String> principals = new LinkedHashMap<>(secrets.kafkaPasswords());
            principals.remove(KafkaPrincipals.PROVISIONER);
            principals.remove(ServiceSecrets.KAFKA_CONTROLLER);
            Provisioner.provisionPrincipals(admin, principals);
            Provisioner.provisionRegistry(SchemaRegistryServer.apiUrl(settings.registryPort()));
            progress.accept(line("Topics, principals, schemas", "provisioned", started));
            return infra;
        } catch (Exception | Error e) {
            infra.close();
            throw e;
        }
    }

    public Endpoints endpoints() {
        return new Endpoints(cluster != null ? cluster.bootstrapServers() : kafka.bootstrapServers(), SchemaRegistryServer.apiUrl(settings.registryPort()),
                "127.0.0.1", postgres.port(), PostgresServer.USER, PostgresServer.PASSWORD, secrets);
    }

    /** The broker, for drills that stop and restart it; there is none in this JVM when there are several ({@link #kafkaCluster()}). */
    public KafkaBroker kafka() {
        if (kafka == null) {
            throw new IllegalStateException("The brokers run as a cluster of " + settings.brokers() + " processes: kafkaCluster()");
        }
        return kafka;
    }

    /** The brokers when there are several, each its own process, for drills that kill one; null with one broker. */
    public KafkaCluster kafkaCluster() {
        return cluster;
    }

    /**
     * A data folder holds one broker's log or a cluster's; starting the other kind on it would begin an
     * empty event log under the services' databases and state, so it is refused.
     */
    private static void requireSameBrokerCount(Path data, int brokers) {
        boolean single = java.nio.file.Files.exists(data.resolve("kafka"));
        boolean several = java.nio.file.Files.exists(data.resolve("kafka-1"));
        if (brokers > 1 && single || brokers == 1 && several) {
            throw new IllegalStateException("The data in " + data + " was made with " + (single ? "one Kafka broker" : "a cluster of brokers")
                    + "; this start asks for " + brokers + ". Start with the same number of brokers, or on a fresh data folder "
                    + "(./vaxline up --wipe).");
        }
    }

    public InfraSettings settings() {
        return settings;
    }

    /** Stops PostgreSQL, keeping its data, for drills and tests of an outage; the registry keeps its schemas there too. */
    public void stopPostgres() throws IOException {
        postgres.stop();
    }

    public void startPostgres() throws IOException {
        postgres.start();
    }

    /** Stops the one broker (orderly, keeping its log) until {@link #startKafka()}: an outage of the event log. */
    public void stopKafka() {
        kafka().stop();
    }

    /** Starts the broker again on the same data and port. */
    public void startKafka() throws Exception {
        kafka().start();
    }

    /** Stops the schema registry, as an outage would: its clients' connections are refused until {@link #startRegistry()}. */
    public void stopRegistry() {
        registry.stop(Duration.ofSeconds(20));
    }

    /** Starts the registry again and waits until it answers. */
    public void startRegistry() throws IOException {
        registry.start();
        registry.awaitReady(SchemaRegistryServer.readyUrl(settings.registryPort()), Duration.ofSeconds(120));
    }

    @Override
    public void close() {
        registry.close();
        if (cluster != null) {
            cluster.close();
        } else {
            kafka.close();
        }
        try {
            postgres.close();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
        }
    }

    /** Kafka's and zonky's logging (log4j2) goes to a file in the data folder, not to the console. */
    private static void routeLogsTo(Path logs) {
        System.setProperty("vaxline.log.dir", logs.toString());
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    private static String line(String what, String where, long startedNanos) {
        return String.format("  %-20s %-45s %5.1f s", what, where, (System.nanoTime() - startedNanos) / 1e9);
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Step<T> step) {
        try {
            return step.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
