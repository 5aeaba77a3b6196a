package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.vaxline.events.ClinicRegistered;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureIT {

    private final Path dataDir = Path.of("target", "infrastructure-test-" + UUID.randomUUID()).toAbsolutePath();

    private Infrastructure infra;

    @BeforeAll
    void start() throws Exception {
        infra = Infrastructure.start(InfraSettings.onFreePorts(dataDir), System.out::println);
    }

    @AfterAll
    void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void createsEveryCatalogueTopicWithItsPartitionsRetentionAndDeadLetterTopic() throws Exception {
        try (Admin admin = admin()) {
            List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();

            for (TopicSpec spec : Topics.ALL) {
                assertThat(described.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
            }
            assertThat(admin.listTopics().names().get())
                    .containsAll(Topics.ALL.stream().map(TopicSpec::deadLetterTopic).toList());
        }
    }

    @Test
    @Order(2)
    void registryRejectsASchemaChangeThatIsNotBackwardCompatible() throws Exception {
        String breaking = """
                {"type": "record", "name": "ClinicRegistered", "namespace": "io.vaxline.events", "doc": "x",
                 "fields": [{"name": "mandatoryNewField", "type": "string", "doc": "x"}]}""";
        String body = "{\"content\": {\"content\": " + quote(breaking) + ", \"contentType\": \"application/json\"}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(infra.endpoints().registryUrl() + "/groups/io.vaxline.events/artifacts/ClinicRegistered/versions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("RuleViolationException").contains("Incompatible artifact");
    }

    @Test
    @Order(3)
    void restartOnTheSameDataFolderResumesTopicsSchemasAndDatabases() throws Exception {
        ClinicRegistered clinic = ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2026-01-01T10:00:00Z")).setClinicId("clinic-restart")
                .setName("Restart Clinic").setAddress("1 Main St").setLatitude(59.3).setLongitude(18.0)
                .setTimeZone("Europe/Stockholm").setServices(List.of("covid-19")).build();
        try (Serde<ClinicRegistered> serde = Topics.CLINICS.valueSerde(infra.endpoints().registryUrl());
                KafkaProducer<String, ClinicRegistered> producer = new KafkaProducer<>(clientProps(),
                        Topics.CLINICS.keySerde().serializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(Topics.CLINICS.name(), clinic.getClinicId(), clinic)).get();
        }
        try (Connection c = DriverManager.getConnection(infra.endpoints().jdbcUrl("booking"), "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survives_restart (id int)");
        }

        infra.close();
        infra = Infrastructure.start(InfraSettings.onFreePorts(dataDir), System.out::println);

        try (Serde<ClinicRegistered> serde = Topics.CLINICS.valueSerde(infra.endpoints().registryUrl());
                KafkaConsumer<String, ClinicRegistered> consumer = new KafkaConsumer<>(consumerProps(),
                        Topics.CLINICS.keySerde().deserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(Topics.CLINICS.name()));
            ClinicRegistered read = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ClinicRegistered> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key().equals("clinic-restart")) {
                        read = r.value();
                    }
                }
            }
            assertThat(read).isEqualTo(clinic);
        }
        try (Connection c = DriverManager.getConnection(infra.endpoints().jdbcUrl("booking"), "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'survives_restart'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /** The TLS listener, as production listens: the same SCRAM logins and ACLs, over TLS a client must trust. */
    @Test
    @Order(2)
    void theTlsListenerTakesTheSameLoginsOverACertificateTheClientTrusts() throws Exception {
        KafkaAccess analyst = new KafkaAccess(infra.kafka().tlsBootstrapServers(), "SASL_SSL", KafkaPrincipals.ANALYST,
                infra.endpoints().kafka(KafkaPrincipals.ANALYST).password(), infra.kafka().truststore().toString(), null);
        Properties config = analyst.properties();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(config)) {
            assertThat(admin.listTopics().names().get()).contains(Topics.BOOKING_EVENTS.name())
                    .doesNotContain(Topics.PEOPLE.name());
        }

        Properties untrusting = new KafkaAccess(infra.kafka().tlsBootstrapServers(), "SASL_SSL", KafkaPrincipals.ANALYST,
                infra.endpoints().kafka(KafkaPrincipals.ANALYST).password(), null, null).properties();
        untrusting.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        untrusting.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class)
                    .hasStackTraceContaining("unable to find valid certification path");
        }
    }

    @Test
    @Order(4)
    void aPortInUseFailsWithTheSettingThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InfraSettings settings = new InfraSettings(dataDir.resolve("other"), taken.getLocalPort(), Ports.free(),
                    Ports.free(), Ports.free(), Ports.free(), Ports.free());

            assertThatThrownBy(() -> Infrastructure.start(settings, line -> { }))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining("Kafka broker")
                    .hasMessageContaining(InfraSettings.KAFKA_PORT);
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.putAll(infra.endpoints().kafkaAdmin().clientConfig());
        return Admin.create(p);
    }

    private Properties clientProps() {
        Properties p = new Properties();
        p.putAll(infra.endpoints().kafkaAdmin().clientConfig());
        return p;
    }

    private Properties consumerProps() {
        Properties p = clientProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
