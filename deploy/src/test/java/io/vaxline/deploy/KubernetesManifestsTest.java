package io.vaxline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vaxline.schemas.AsyncApiDocument;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No cluster runs where the tests run, so deploy/kubernetes is checked statically, as DockerComposeConfigTest checks
 * docker-compose.yml: every file parses and kustomize lists it; the generated files are what the catalogue makes now;
 * every catalogue topic has its KafkaTopic with its partitions and configs (replication factor 3, min.insync.replicas 2)
 * and every principal its KafkaUser with its ACLs; each service gets only variables it reads, every one it cannot
 * start without, and everything docker-compose gives it; it logs in to Kafka as its own principal and to PostgreSQL as
 * the owner of its database; it has probes on its Quarkus health endpoints, resources and a PodDisruptionBudget;
 * scheduler-stream is a StatefulSet with its state directory on a volume of its own; secrets come from Secrets that
 * make-secrets.sh or Strimzi make.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
    private static final Path KUBERNETES = ROOT.resolve(Generate.KUBERNETES);
    private static final List<String> SERVICES = List.of("booking-api", "scheduler-stream", "notifier", "certificate-service", "records",
            "care", "web");
    /** The Kafka of the services' clients and of docker-compose.yml's broker. */
    private static final String KAFKA_VERSION = org.apache.kafka.common.utils.AppInfoParser.getVersion();
    /**
     * Variables docker-compose gives a service that Kubernetes does not, and why: LocalStack's SNS endpoint and its
     * dummy keys (on AWS the SNS client takes its credentials from the default chain).
     */
    private static final Map<String, Set<String>> COMPOSE_ONLY = Map.of("notifier",
            Set.of("SNS_ENDPOINT", "SNS_ACCESS_KEY_ID", "SNS_SECRET_ACCESS_KEY"),
            // records' replicas share an S3 bucket on Kubernetes; compose keeps documents in a volume.
            "records", Set.of("DOCUMENTS_FOLDER"));

    /** Every document of every manifest file, by file (relative to deploy/kubernetes). */
    private static final Map<String, List<Map<String, Object>>> FILES = new TreeMap<>();
    private static Map<String, Object> kustomization;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Stream<Path> walk = Files.walk(KUBERNETES)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                List<Map<String, Object>> documents = new ArrayList<>();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            assertThat(document).as(file + " holds a mapping per document").isInstanceOf(Map.class);
                            documents.add((Map<String, Object>) document);
                        }
                    }
                }
                FILES.put(KUBERNETES.relativize(file).toString(), documents);
            }
        }
        kustomization = FILES.get("kustomization.yaml").getFirst();
    }

    // --- files ------------------------------------------------------------------------------------------------------

    @Test
    void everyManifestParsesAndKustomizeListsIt() {
        assertThat(FILES).containsKeys("kustomization.yaml", StrimziResources.TOPICS_FILE, StrimziResources.USERS_FILE);
        List<String> resources = strings(kustomization.get("resources"));
        Set<String> manifests = new TreeSet<>(FILES.keySet());
        manifests.remove("kustomization.yaml");
        assertThat(new TreeSet<>(resources)).as("kustomization.yaml's resources, and the manifest files")
                .isEqualTo(manifests);
        FILES.forEach((file, documents) -> {
            if (file.equals("kustomization.yaml")) {
                return;
            }
            assertThat(documents).as(file).isNotEmpty();
            documents.forEach(d -> {
                assertThat(d).as(file).containsKeys("apiVersion", "kind", "metadata");
                assertThat(map(d, "metadata").get("name")).as(file + " metadata.name").isInstanceOf(String.class);
            });
        });
        assertThat(kustomization.get("namespace")).isEqualTo("vaxline");
    }

    @Test
    void theGeneratedFilesAreWhatTheCatalogueMakesNow() throws IOException {
        for (Map.Entry<String, String> file : Generate.files().entrySet()) {
            Path path = ROOT.resolve(file.getKey());
            assertThat(path).as(file.getKey() + " is missing: make it with " + Generate.COMMAND).exists();
            assertThat(Files.readString(path, StandardCharsets.UTF_8))
                    .as(file.getKey() + " differs from what the catalogue makes now: make it again with " + Generate.COMMAND
                            + " and commit it")
                    .isEqualTo(file.getValue());
        }
    }

    // --- Kafka ------------------------------------------------------------------------------------------------------

    @Test
    void everyCatalogueTopicHasItsKafkaTopic() {
        Map<String, Map<String, Object>> topics = byName("KafkaTopic");
        Set<String> expected = new TreeSet<>();
        for (TopicSpec topic : Topics.ALL) {
            expected.add(topic.name());
            expected.add(topic.deadLetterTopic());
            checkTopic(topics.get(topic.name()), topic.name(), topic.partitions(), topic.configs());
            checkTopic(topics.get(topic.deadLetterTopic()), topic.deadLetterTopic(), topic.partitions(),
                    topic.newDeadLetterTopic((short) 3).configs());
        }
        assertThat(topics.keySet()).as("KafkaTopics: the catalogue's and their dead-letter topics, no others")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void checkTopic(Map<String, Object> resource, String name, int partitions, Map<String, String> configs) {
        assertThat(resource).as("KafkaTopic " + name + " (make it with " + Generate.COMMAND + ")").isNotNull();
        assertThat(map(map(resource, "metadata"), "labels")).as(name)
                .containsEntry("strimzi.io/cluster", map(kafka(), "metadata").get("name"));
        Map<String, Object> spec = map(resource, "spec");
        assertThat(spec.get("topicName")).isEqualTo(name);
        assertThat(spec.get("partitions")).as(name + " partitions").isEqualTo(partitions);
        assertThat(spec.get("replicas")).as(name + " replicas").isEqualTo(3);
        Map<String, String> expected = new TreeMap<>(configs);
        expected.put("min.insync.replicas", "2");
        Map<String, String> actual = new TreeMap<>();
        map(spec, "config").forEach((k, v) -> actual.put(k, String.valueOf(v)));
        assertThat(actual).as(name + " config").isEqualTo(expected);
    }

    @Test
    void everyPrincipalHasItsKafkaUserWithItsAcls() {
        Map<String, Map<String, Object>> users = byName("KafkaUser");
        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(KafkaPrincipals.names());
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            Map<String, Object> spec = map(users.get(principal.name()), "spec");
            assertThat(map(spec, "authentication").get("type")).as(principal.name()).isEqualTo("scram-sha-512");
            Map<String, Object> authorization = map(spec, "authorization");
            assertThat(authorization.get("type")).isEqualTo("simple");
            Set<AclBinding> acls = new HashSet<>();
            for (Object rule : (List<?>) authorization.get("acls")) {
                Map<String, Object> acl = cast(rule);
                Map<String, Object> resource = map(acl, "resource");
                assertThat(acl.get("host")).isEqualTo("*");
                ResourcePattern pattern = new ResourcePattern(resourceType((String) resource.get("type")),
                        (String) resource.get("name"), patternType((String) resource.get("patternType")));
                for (String operation : strings(acl.get("operations"))) {
                    acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + principal.name(), "*",
                            operation(operation), AclPermissionType.ALLOW)));
                }
            }
            assertThat(acls).as(principal.name() + " ACLs").isEqualTo(new HashSet<>(principal.acls()));
        }
        // The provisioner is the super user: a login, no ACLs.
        Map<String, Object> provisioner = map(users.get(KafkaPrincipals.PROVISIONER), "spec");
        assertThat(map(provisioner, "authentication").get("type")).isEqualTo("scram-sha-512");
        assertThat(provisioner).doesNotContainKey("authorization");
    }

    @Test
    void kafkaIsAThreeBrokerKraftClusterThatAsksEveryClientToLogIn() {
        Map<String, Object> kafka = kafka();
        // Strimzi's v1 API (Strimzi 1.0), whose Kafka clusters are KRaft clusters of node pools.
        assertThat(kafka.get("apiVersion")).isEqualTo(StrimziResources.API_VERSION);
        assertThat(map(map(kafka, "spec"), "kafka").get("version")).isEqualTo(KAFKA_VERSION);
        Map<String, Object> spec = map(map(kafka, "spec"), "kafka");
        for (Object listener : (List<?>) spec.get("listeners")) {
            assertThat(map(cast(listener), "authentication").get("type")).as("listener " + cast(listener).get("name"))
                    .isEqualTo("scram-sha-512");
        }
        Map<String, Object> authorization = map(spec, "authorization");
        assertThat(authorization.get("type")).isEqualTo("simple");
        assertThat(authorization.get("superUsers")).isEqualTo(List.of(KafkaPrincipals.PROVISIONER));
        Map<String, Object> config = map(spec, "config");
        assertThat(config).containsEntry("min.insync.replicas", 2).containsEntry("default.replication.factor", 3)
                .containsEntry("offsets.topic.replication.factor", 3).containsEntry("transaction.state.log.replication.factor", 3)
                .containsEntry("transaction.state.log.min.isr", 2).containsEntry("auto.create.topics.enable", false)
                .containsEntry("num.partitions", Topics.PARTITIONS);
        // Three brokers and three controllers, in node pools of this cluster.
        int brokers = 0;
        int controllers = 0;
        for (Map<String, Object> pool : all("KafkaNodePool")) {
            assertThat(map(map(pool, "metadata"), "labels")).containsEntry("strimzi.io/cluster", map(kafka, "metadata").get("name"));
            Map<String, Object> poolSpec = map(pool, "spec");
            List<String> roles = strings(poolSpec.get("roles"));
            int replicas = (Integer) poolSpec.get("replicas");
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
            assertThat(pool.get("apiVersion")).isEqualTo(StrimziResources.API_VERSION);
            assertThat(map(poolSpec, "storage").get("type")).isEqualTo("jbod");
        }
        assertThat(brokers).isEqualTo(3);
        assertThat(controllers).isEqualTo(3);
        // What every client is told: the platform's bootstrap servers and protocol are the plain SCRAM listener's.
        Map<String, Object> platform = data(configMaps().get("vaxline-platform"));
        Map<String, Object> plain = listener(spec, "plain");
        assertThat(plain.get("tls")).isEqualTo(false);
        assertThat(platform).containsEntry("KAFKA_BOOTSTRAP_SERVERS", map(kafka, "metadata").get("name") + "-kafka-bootstrap:" + plain.get("port"))
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        // The AsyncAPI contract names the tls listener of this cluster in this namespace.
        Map<String, Object> tls = listener(spec, "tls");
        assertThat(AsyncApiDocument.yaml()).contains("host: " + map(kafka, "metadata").get("name") + "-kafka-bootstrap."
                + kustomization.get("namespace") + ".svc:" + tls.get("port"));
    }

    /**
     * Strimzi's and CloudNativePG's own schemas of their resources (test resources crds/): a field the operator does not
     * know, or a value it does not take (an ACL pattern type "prefixed" for its "prefix"), fails here, not in the cluster.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyCustomResourceMatchesItsOperatorsSchema() throws IOException {
        Map<String, com.networknt.schema.JsonSchema> schemas = new TreeMap<>();
        com.networknt.schema.JsonSchemaFactory factory = com.networknt.schema.JsonSchemaFactory
                .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String crd : List.of("strimzi-1.0.1-kafka", "strimzi-1.0.1-kafkatopic", "strimzi-1.0.1-kafkauser",
                "strimzi-1.0.1-kafkanodepool", "cloudnative-pg-1.29.2-databases")) {
            Map<String, Object> definition;
            try (var in = getClass().getResourceAsStream("/crds/" + crd + ".yaml")) {
                definition = new Yaml().load(in);
            }
            Map<String, Object> spec = map(definition, "spec");
            for (Object version : (List<?>) spec.get("versions")) {
                Map<String, Object> v = cast(version);
                Object schema = map(map(v, "schema"), "openAPIV3Schema");
                schemas.put(spec.get("group") + "/" + v.get("name") + " " + map(spec, "names").get("kind"),
                        factory.getSchema(json.valueToTree(schema)));
            }
        }
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        for (Map<String, Object> document : FILES.values().stream().flatMap(List::stream).toList()) {
            com.networknt.schema.JsonSchema schema = schemas.get(document.get("apiVersion") + " " + document.get("kind"));
            if (schema == null) {
                continue;
            }
            checked++;
            schema.validate(json.valueToTree(document)).forEach(m -> invalid.add(document.get("kind") + " "
                    + map(document, "metadata").get("name") + ": " + m.getMessage()));
        }
        assertThat(invalid).isEmpty();
        assertThat(checked).as("custom resources checked").isEqualTo(all("Kafka").size() + all("KafkaNodePool").size()
                + all("KafkaTopic").size() + all("KafkaUser").size() + all("Database").size());
        assertThat(checked).isGreaterThan(2 * Topics.ALL.size() + KafkaPrincipals.ALL.size());
    }

    // --- the services -----------------------------------------------------------------------------------------------

    @Test
    void everyVariableGivenToAServiceIsReadByThatService() throws IOException {
        List<String> unread = new ArrayList<>();
        for (String service : SERVICES) {
            String properties = properties(service);
            for (String variable : environment(service).keySet()) {
                if (!readsVariable(properties, variable)) {
                    unread.add(service + ": " + variable);
                }
            }
        }
        Set<String> provisionerReads = provisionerVariables();
        for (String variable : environment(container(workload("Job", "provision"))).keySet()) {
            if (!provisionerReads.contains(variable)) {
                unread.add("provision: " + variable);
            }
        }
        assertThat(unread).as("variables in deploy/kubernetes that no application.properties (or the Provisioner) reads")
                .isEmpty();
    }

    /** A variable read without a default (${NAME}) stops the service at start-up when it is missing. */
    @Test
    void everyVariableAServiceRequiresIsGiven() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            Matcher required = Pattern.compile("^[^#%][^=]*=.*?\\$\\{([A-Z][A-Z0-9_]*)}", Pattern.MULTILINE)
                    .matcher(properties(service));
            while (required.find()) {
                if (!environment(service).containsKey(required.group(1))) {
                    missing.add(service + ": " + required.group(1));
                }
            }
        }
        assertThat(missing).as("variables a service cannot start without").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableDockerComposeGivesAServiceIsGivenToo() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            Set<String> given = environment(service).keySet();
            for (String variable : ((Map<String, Object>) services.get(service).get("environment")).keySet()) {
                if (!given.contains(variable) && !COMPOSE_ONLY.getOrDefault(service, Set.of()).contains(variable)) {
                    missing.add(service + ": " + variable);
                }
            }
        }
        assertThat(missing).as("variables docker-compose.yml gives a service that deploy/kubernetes does not "
                + "(add them, or to COMPOSE_ONLY with the reason)").isEmpty();
    }

    @Test
    void everyServiceLogsInToKafkaAsItsOwnPrincipal() {
        for (String service : SERVICES) {
            Map<String, Object> env = environment(service);
            assertThat(env.get("KAFKA_USERNAME")).as(service + " KAFKA_USERNAME").isEqualTo(service);
            assertThat(KafkaPrincipals.byName(service)).as(service + " in KafkaPrincipals").isNotNull();
            // Strimzi's User Operator keeps each KafkaUser's password in a Secret of the user's name.
            assertThat(env.get("KAFKA_PASSWORD")).as(service + " KAFKA_PASSWORD")
                    .isEqualTo(new SecretRef(service, "password"));
        }
        Map<String, Object> provision = environment(container(workload("Job", "provision")));
        assertThat(provision).containsEntry("KAFKA_USERNAME", KafkaPrincipals.PROVISIONER)
                .containsEntry("KAFKA_PASSWORD", new SecretRef(KafkaPrincipals.PROVISIONER, "password"))
                .containsEntry("KAFKA_REPLICATION_FACTOR", "3")
                .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "REGISTRY_URL");
        assertThat(strings(container(workload("Job", "provision")).get("command")))
                .containsExactly("java", "-cp", "/deployments/lib/main/*", "io.vaxline.schemas.Provisioner");
        assertThat(environment("scheduler-stream")).containsEntry("KAFKA_REPLICATION_FACTOR", "3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachServiceLogsInToPostgresAsTheOwnerOfItsDatabase() {
        Map<String, Object> cluster = all("Cluster").getFirst();
        String host = map(cluster, "metadata").get("name") + "-rw";
        Map<String, String> owners = new LinkedHashMap<>();
        Map<String, Object> initdb = map(map(map(cluster, "spec"), "bootstrap"), "initdb");
        owners.put((String) initdb.get("database"), (String) initdb.get("owner"));
        Map<String, String> passwordSecrets = new LinkedHashMap<>();
        passwordSecrets.put((String) initdb.get("owner"), (String) map(initdb, "secret").get("name"));
        for (Object role : (List<?>) map(map(cluster, "spec"), "managed").get("roles")) {
            Map<String, Object> r = cast(role);
            passwordSecrets.put((String) r.get("name"), (String) map(r, "passwordSecret").get("name"));
        }
        for (Map<String, Object> database : all("Database")) {
            Map<String, Object> spec = map(database, "spec");
            assertThat(map(spec, "cluster").get("name")).isEqualTo(map(cluster, "metadata").get("name"));
            owners.put((String) spec.get("name"), (String) spec.get("owner"));
        }
        Set<String> users = new HashSet<>();
        for (String service : SERVICES) {
            Map<String, Object> env = environment(service);
            if (!env.containsKey("DB_NAME")) {
                continue;
            }
            assertThat(env).as(service).containsEntry("DB_HOST", host).containsEntry("DB_PORT", "5432");
            String database = (String) env.get("DB_NAME");
            assertThat(owners).as(service + "'s database").containsEntry(database, (String) env.get("DB_USER"));
            assertThat(env.get("DB_PASSWORD")).as(service + " DB_PASSWORD")
                    .isEqualTo(new SecretRef(passwordSecrets.get((String) env.get("DB_USER")), "password"));
            assertThat(users.add((String) env.get("DB_USER"))).as(service + " has a database user of its own").isTrue();
        }
        assertThat(users).containsExactlyInAnyOrder("booking", "notifier", "certificates", "records", "care");
        Map<String, Object> registry = environment(container(workload("Deployment", "registry")));
        assertThat(registry).containsEntry("APICURIO_DATASOURCE_URL", "jdbc:postgresql://" + host + ":5432/registry")
                .containsEntry("APICURIO_DATASOURCE_USERNAME", "registry")
                .containsEntry("APICURIO_DATASOURCE_PASSWORD", new SecretRef(passwordSecrets.get("registry"), "password"));
        assertThat(owners).containsEntry("registry", "registry");
        assertThat(new HashSet<>(passwordSecrets.values())).as("a password each").hasSize(passwordSecrets.size());
    }

    @Test
    void everyServiceHasProbesResourcesAndADisruptionBudget() throws IOException {
        List<Map<String, Object>> budgets = all("PodDisruptionBudget");
        for (String service : Stream.concat(SERVICES.stream(), Stream.of("registry")).toList()) {
            Map<String, Object> workload = workload(service.equals("scheduler-stream") ? "StatefulSet" : "Deployment", service);
            Map<String, Object> container = container(workload);
            String port = null;
            for (Object p : (List<?>) container.get("ports")) {
                if ("http".equals(cast(p).get("name"))) {
                    port = String.valueOf(cast(p).get("containerPort"));
                }
            }
            assertThat(port).as(service + " http port").isEqualTo("8080");
            if (SERVICES.contains(service)) {
                assertThat(environment(service)).as(service).containsEntry("QUARKUS_HTTP_PORT", port);
                // Quarkus SmallRye Health's endpoints, on the HTTP port (no management interface is enabled).
                assertThat(Files.readString(ROOT.resolve(service).resolve("pom.xml"))).contains("<artifactId>quarkus-smallrye-health</artifactId>");
                assertThat(properties(service)).doesNotContain("quarkus.management.enabled=true");
                assertThat(probe(container, "readinessProbe")).as(service).isEqualTo("/q/health/ready@http");
                assertThat(probe(container, "livenessProbe")).as(service).isEqualTo("/q/health/live@http");
                assertThat(strings(List.of(container.get("image")))).as(service).containsExactly("vaxline/" + service);
                assertThat(((List<?>) kustomization.get("images")).stream().map(i -> cast(i).get("name")))
                        .contains("vaxline/" + service);
                Map<String, Object> security = map(map(map(workload, "spec"), "template"), "spec");
                assertThat(map(security, "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 185);
            } else {
                assertThat(probe(container, "readinessProbe")).isNotNull();
                assertThat(probe(container, "livenessProbe")).isNotNull();
            }
            Map<String, Object> resources = map(container, "resources");
            assertThat(map(resources, "requests")).as(service + " requests").containsKeys("cpu", "memory");
            assertThat(map(resources, "limits")).as(service + " limits").containsKey("memory");
            Map<String, Object> labels = map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
            assertThat(budgets).as(service + " PodDisruptionBudget").anyMatch(b -> {
                Map<String, Object> spec = map(b, "spec");
                return labels.entrySet().containsAll(map(map(spec, "selector"), "matchLabels").entrySet())
                        && (spec.containsKey("minAvailable") || spec.containsKey("maxUnavailable"));
            });
            int replicas = (Integer) map(workload, "spec").get("replicas");
            assertThat(replicas).as(service + " replicas: a disruption leaves one").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void schedulerStreamIsAStatefulSetWithItsStateOnAVolumeOfItsOwn() throws IOException {
        Map<String, Object> statefulSet = workload("StatefulSet", "scheduler-stream");
        Map<String, Object> spec = map(statefulSet, "spec");
        List<Map<String, Object>> claims = (List<Map<String, Object>>) spec.get("volumeClaimTemplates");
        assertThat(claims).hasSize(1);
        String claim = (String) map(claims.getFirst(), "metadata").get("name");
        assertThat(strings(map(claims.getFirst(), "spec").get("accessModes"))).containsExactly("ReadWriteOnce");
        Object stateDir = environment("scheduler-stream").get("KAFKA_STREAMS_STATE_DIR");
        assertThat((List<?>) container(statefulSet).get("volumeMounts")).as("the state directory on the claim")
                .anyMatch(m -> claim.equals(cast(m).get("name")) && stateDir.equals(cast(m).get("mountPath")));
        // Its governing service exists (stable host names: each instance's static membership id is its host name).
        assertThat(byName("Service")).containsKey((String) spec.get("serviceName"));
        assertThat(properties("scheduler-stream")).contains("${STREAM_INSTANCE_ID:${HOSTNAME:");
        assertThat(map(map(map(spec, "template"), "spec"), "securityContext")).containsEntry("fsGroup", 185);
    }

    @Test
    void secretsComeFromSecretsThatMakeSecretsOrStrimziMake() throws IOException {
        String script = Files.readString(KUBERNETES.resolve("secrets/make-secrets.sh"));
        Set<String> made = new TreeSet<>(byName("KafkaUser").keySet());
        Matcher make = Pattern.compile("^\\s*make\\s+\"?([a-z0-9-]+|postgres-\\$database)\"?\\s", Pattern.MULTILINE).matcher(script);
        while (make.find()) {
            made.add(make.group(1));
        }
        if (made.remove("postgres-$database")) {
            Matcher loop = Pattern.compile("for database in ([a-z ]+); do").matcher(script);
            assertThat(loop.find()).isTrue();
            for (String database : loop.group(1).trim().split(" ")) {
                made.add("postgres-" + database);
            }
        }
        List<String> unknown = new ArrayList<>();
        List<String> inClear = new ArrayList<>();
        Pattern secretName = Pattern.compile(".*(PASSWORD|API_KEY|PEPPER|SECRET).*");
        for (Map<String, Object> workload : workloads()) {
            String name = (String) map(workload, "metadata").get("name");
            Map<String, Object> podSpec = podSpec(workload);
            for (Object c : (List<?>) podSpec.get("containers")) {
                Map<String, Object> container = cast(c);
                environment(container).forEach((variable, value) -> {
                    if (value instanceof SecretRef ref && !ref.optional() && !made.contains(ref.name())) {
                        unknown.add(name + ": " + variable + " from " + ref.name());
                    }
                    if (secretName.matcher(variable).matches() && !(value instanceof SecretRef)) {
                        inClear.add(name + ": " + variable);
                    }
                });
                Set<String> volumes = new HashSet<>();
                if (podSpec.get("volumes") != null) {
                    ((List<?>) podSpec.get("volumes")).forEach(v -> volumes.add((String) cast(v).get("name")));
                }
                if (map(workload, "spec").get("volumeClaimTemplates") instanceof List<?> claims) {
                    claims.forEach(t -> volumes.add((String) map(cast(t), "metadata").get("name")));
                }
                if (container.get("volumeMounts") != null) {
                    ((List<?>) container.get("volumeMounts")).forEach(m -> assertThat(volumes)
                            .as(name + " mounts " + cast(m).get("name")).contains((String) cast(m).get("name")));
                }
                // A file a variable names is on a mounted volume.
                environment(container).forEach((variable, value) -> {
                    if (value instanceof String path && path.startsWith("/secrets/")) {
                        assertThat((List<?>) container.get("volumeMounts")).as(name + " " + variable + " " + path)
                                .anyMatch(m -> path.startsWith(cast(m).get("mountPath") + "/"));
                    }
                });
            }
            if (podSpec.get("volumes") != null) {
                for (Object v : (List<?>) podSpec.get("volumes")) {
                    if (cast(v).get("secret") instanceof Map<?, ?> secret && !made.contains((String) secret.get("secretName"))) {
                        unknown.add(name + ": volume from " + secret.get("secretName"));
                    }
                }
            }
        }
        assertThat(unknown).as("Secrets that neither make-secrets.sh nor Strimzi makes").isEmpty();
        assertThat(inClear).as("secrets given in clear").isEmpty();
        // No Secret with a value is committed.
        assertThat(FILES.values().stream().flatMap(List::stream).map(d -> d.get("kind"))).doesNotContain("Secret");
    }

    @Test
    void theTokenSigningKeyAndTheNotifiersPrivateKeysetAreMountedWhereTheyBelongAlone() {
        for (Map<String, Object> workload : workloads()) {
            String name = (String) map(workload, "metadata").get("name");
            Map<String, Object> podSpec = podSpec(workload);
            if (podSpec.get("volumes") == null) {
                continue;
            }
            for (Object v : (List<?>) podSpec.get("volumes")) {
                if (cast(v).get("secret") instanceof Map<?, ?> secret) {
                    Object secretName = secret.get("secretName");
                    if ("jwt-private-key".equals(secretName)) {
                        assertThat(name).isEqualTo("booking-api");
                    }
                    if ("notifier-private-keyset".equals(secretName)) {
                        assertThat(name).isEqualTo("notifier");
                    }
                    if ("certificate-signing-key".equals(secretName)) {
                        assertThat(name).isEqualTo("certificate-service");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A variable's value taken from a Secret. */
    record SecretRef(String name, String key, boolean optional) {
        SecretRef(String name, String key) {
            this(name, key, false);
        }
    }

    private static List<Map<String, Object>> all(String kind) {
        return FILES.values().stream().flatMap(List::stream).filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Map<String, Object>> byName(String kind) {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        all(kind).forEach(d -> assertThat(byName.put((String) map(d, "metadata").get("name"), d))
                .as("two " + kind + "s named " + map(d, "metadata").get("name")).isNull());
        return byName;
    }

    private static Map<String, Object> kafka() {
        List<Map<String, Object>> kafkas = all("Kafka");
        assertThat(kafkas).hasSize(1);
        return kafkas.getFirst();
    }

    private static Map<String, Object> listener(Map<String, Object> kafkaSpec, String name) {
        return ((List<?>) kafkaSpec.get("listeners")).stream().map(KubernetesManifestsTest::cast)
                .filter(l -> name.equals(l.get("name"))).findFirst().orElseThrow();
    }

    private static Map<String, Map<String, Object>> configMaps() {
        return byName("ConfigMap");
    }

    private static Map<String, Object> data(Map<String, Object> configMap) {
        assertThat(configMap).isNotNull();
        return map(configMap, "data");
    }

    private static List<Map<String, Object>> workloads() {
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
            workloads.addAll(all(kind));
        }
        return workloads;
    }

    private static Map<String, Object> workload(String kind, String name) {
        Map<String, Object> workload = byName(kind).get(name);
        assertThat(workload).as(kind + " " + name).isNotNull();
        return workload;
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload, "spec"), "template"), "spec");
    }

    private static Map<String, Object> container(Map<String, Object> workload) {
        List<?> containers = (List<?>) podSpec(workload).get("containers");
        assertThat(containers).hasSize(1);
        return cast(containers.getFirst());
    }

    /** The variables a service's container is given: its ConfigMaps' (envFrom) and its own, by name. */
    private static Map<String, Object> environment(String service) {
        String kind = service.equals("scheduler-stream") ? "StatefulSet" : "Deployment";
        return environment(container(workload(kind, service)));
    }

    private static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (container.get("envFrom") != null) {
            for (Object from : (List<?>) container.get("envFrom")) {
                String name = (String) map(cast(from), "configMapRef").get("name");
                Map<String, Object> configMap = configMaps().get(name);
                assertThat(configMap).as("ConfigMap " + name).isNotNull();
                data(configMap).forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        if (container.get("env") != null) {
            for (Object e : (List<?>) container.get("env")) {
                Map<String, Object> variable = cast(e);
                Object value = variable.get("value");
                if (variable.get("valueFrom") instanceof Map<?, ?> from) {
                    Map<String, Object> ref = cast(from.get("secretKeyRef"));
                    assertThat(ref).as("valueFrom of " + variable.get("name") + " is a secretKeyRef").isNotNull();
                    value = new SecretRef((String) ref.get("name"), (String) ref.get("key"), Boolean.TRUE.equals(ref.get("optional")));
                }
                assertThat(env.put((String) variable.get("name"), value)).as(variable.get("name") + " given twice").isNull();
            }
        }
        return env;
    }

    private static String probe(Map<String, Object> container, String which) {
        Map<String, Object> probe = cast(container.get(which));
        if (probe == null) {
            return null;
        }
        Map<String, Object> get = map(probe, "httpGet");
        return get.get("path") + "@" + get.get("port");
    }

    /** Read as ${VARIABLE...} in a value, or as the environment form of a property key (QUARKUS_HTTP_PORT). */
    private static boolean readsVariable(String properties, String variable) {
        if (properties.contains("${" + variable + ":") || properties.contains("${" + variable + "}")) {
            return true;
        }
        return properties.lines()
                .map(String::strip)
                .filter(line -> !line.startsWith("#") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')).strip())
                .map(key -> key.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .anyMatch(variable::equals);
    }

    /** What the Provisioner's main reads from the environment, itself and through KafkaAccess. */
    private static Set<String> provisionerVariables() throws IOException {
        Set<String> variables = new TreeSet<>();
        Path sources = ROOT.resolve("schemas/src/main/java/io/vaxline/schemas");
        String provisioner = Files.readString(sources.resolve("Provisioner.java"));
        for (String source : List.of(provisioner, Files.readString(sources.resolve("KafkaAccess.java")))) {
            Matcher read = Pattern.compile("env\\.(?:get|getOrDefault)\\(\"([A-Z_]+)\"").matcher(source);
            while (read.find()) {
                variables.add(read.group(1));
            }
        }
        return variables;
    }

    private static String properties(String service) throws IOException {
        return Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
    }

    private static ResourceType resourceType(String strimzi) {
        for (ResourceType type : ResourceType.values()) {
            if (type != ResourceType.UNKNOWN && type != ResourceType.ANY) {
                try {
                    if (StrimziResources.resourceType(type).equals(strimzi)) {
                        return type;
                    }
                } catch (IllegalArgumentException notInStrimzi) {
                    // a Kafka resource type Strimzi has no name for
                }
            }
        }
        throw new IllegalArgumentException("Not a Strimzi ACL resource type: " + strimzi);
    }

    private static PatternType patternType(String strimzi) {
        for (PatternType pattern : List.of(PatternType.LITERAL, PatternType.PREFIXED)) {
            if (StrimziResources.patternType(pattern).equals(strimzi)) {
                return pattern;
            }
        }
        throw new IllegalArgumentException("Not a Strimzi ACL pattern type: " + strimzi);
    }

    private static AclOperation operation(String strimzi) {
        for (AclOperation operation : AclOperation.values()) {
            if (operation != AclOperation.UNKNOWN && operation != AclOperation.ANY
                    && StrimziResources.operation(operation).equals(strimzi)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Not a Strimzi ACL operation: " + strimzi);
    }

    private static List<String> strings(Object list) {
        assertThat(list).isInstanceOf(List.class);
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return cast(value);
    }
}
