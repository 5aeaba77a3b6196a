package io.vaxline.schemas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Makes a Kafka cluster and a registry ready for Vaxline: every topic of the catalogue (and its
 * dead-letter topic) with its partitions and retention, a BACKWARD compatibility rule in the
 * registry, and every schema registered so analysts can read them before the first event.
 * Idempotent: running it again changes nothing.
 *
 * <p>Also a command ({@code main}) for docker-compose's one-shot provisioning container, which runs it
 * from booking-api's image: {@code java -cp '/deployments/lib/main/*' io.vaxline.schemas.Provisioner}.
 */
public final class Provisioner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Provisioner() {
    }

    /**
     * Reads {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_PASSWORD} (the provisioner's), a password for
     * each principal of the catalogue in {@code KAFKA_PASSWORD_<NAME>} (e.g.
     * {@code KAFKA_PASSWORD_BOOKING_API}; a principal without one is left as it is), and the clinic
     * systems' principals in {@code KAFKA_CLINIC_PRINCIPALS} ({@code clinic-a:password,clinic-b:password}).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        KafkaAccess kafka = KafkaAccess.fromEnvironment(env, "127.0.0.1:9092", KafkaPrincipals.PROVISIONER, user -> null);
        String registry = env.getOrDefault("REGISTRY_URL", "http://127.0.0.1:8084/apis/registry/v3");
        short replicationFactor = Short.parseShort(env.getOrDefault("KAFKA_REPLICATION_FACTOR", "1"));
        provisionTopics(kafka, replicationFactor);
        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            String password = env.get("KAFKA_PASSWORD_" + principal.name().toUpperCase().replace('-', '_'));
            if (password != null && !password.isBlank()) {
                passwords.put(principal.name(), password);
            }
        }
        for (String clinic : env.getOrDefault("KAFKA_CLINIC_PRINCIPALS", "").split(",")) {
            if (!clinic.isBlank()) {
                String[] nameAndPassword = clinic.trim().split(":", 2);
                if (nameAndPassword.length != 2 || nameAndPassword[1].isBlank()) {
                    throw new IllegalArgumentException("KAFKA_CLINIC_PRINCIPALS is clinic-<name>:<password>,...; '"
                            + nameAndPassword[0] + "' has no password");
                }
                passwords.put(nameAndPassword[0], nameAndPassword[1]);
            }
        }
        provisionPrincipals(kafka, passwords);
        provisionRegistry(registry);
        System.out.println("Provisioned " + Topics.ALL.size() + " topics and " + passwords.size() + " principals on "
                + kafka.bootstrapServers() + " and the schemas in " + registry);
    }

    /**
     * Gives each named principal its SCRAM-SHA-512 password and the ACLs of the catalogue
     * ({@link KafkaPrincipals}); a name starting {@code clinic-} is a clinic system. Idempotent.
     */
    public static void provisionPrincipals(KafkaAccess provisioner, Map<String, String> passwords)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(provisioner.properties())) {
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> credentials = new ArrayList<>();
            List<org.apache.kafka.common.acl.AclBinding> acls = new ArrayList<>();
            passwords.forEach((name, password) -> {
                KafkaPrincipals.Principal principal = KafkaPrincipals.byName(name);
                if (principal == null) {
                    throw new IllegalArgumentException("No principal " + name + " in the catalogue (KafkaPrincipals); "
                            + "clinic systems are named " + KafkaPrincipals.CLINIC_PREFIX + "<name>");
                }
                credentials.add(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(name,
                        new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192), password));
                acls.addAll(principal.acls());
            });
            if (!credentials.isEmpty()) {
                admin.alterUserScramCredentials(credentials).all().get();
                admin.createAcls(acls).all().get();
                awaitLogins(provisioner, passwords);
            }
        }
    }

    /**
     * The broker learns of new credentials from the metadata log a moment after the controller took
     * them: wait until each principal can log in, so no service starts into a refused login.
     */
    private static void awaitLogins(KafkaAccess provisioner, Map<String, String> passwords) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        for (Map.Entry<String, String> principal : passwords.entrySet()) {
            java.util.Properties config = provisioner.as(principal.getKey(), principal.getValue()).properties();
            config.put("default.api.timeout.ms", "5000");
            config.put("request.timeout.ms", "5000");
            while (true) {
                try (Admin as = Admin.create(config)) {
                    as.describeCluster().clusterId().get();
                    break;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The broker still refuses the login as " + principal.getKey()
                                + " a minute after its credential was made: " + e.getCause(), e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    public static void provisionTopics(KafkaAccess kafka, short replicationFactor)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafka.properties())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(withMinInsyncReplicas(spec.newTopic(replicationFactor), replicationFactor));
                }
                if (!existing.contains(spec.deadLetterTopic())) {
                    missing.add(withMinInsyncReplicas(spec.newDeadLetterTopic(replicationFactor), replicationFactor));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            Map<String, TopicDescription> described = describeWhenKnown(admin, Topics.ALL.stream().map(TopicSpec::name).toList());
            for (TopicSpec spec : Topics.ALL) {
                int partitions = described.get(spec.name()).partitions().size();
                if (partitions != spec.partitions()) {
                    throw new IllegalStateException("Topic " + spec.name() + " has " + partitions + " partitions, the "
                            + "catalogue says " + spec.partitions() + "; keyed state would land on the wrong partitions. "
                            + "Recreate it (./vaxline up --wipe for the local stack).");
                }
            }
        }
    }

    /**
     * On several brokers the one asked may not have learnt of topics created a moment ago (the
     * controller's metadata reaches each broker on its own time): ask again for up to a minute.
     */
    private static Map<String, TopicDescription> describeWhenKnown(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * With three or more copies a write (acks=all) needs two of them: one broker may be down without
     * stopping writes or losing an acknowledged record. Set on each topic, not left to the brokers'
     * default, so the catalogue's topics say it wherever they are made.
     */
    static NewTopic withMinInsyncReplicas(NewTopic topic, short replicationFactor) {
        if (replicationFactor < 3) {
            return topic;
        }
        Map<String, String> configs = new java.util.HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
        configs.putIfAbsent("min.insync.replicas", "2");
        return topic.configs(configs);
    }

    public static void provisionRegistry(String registryUrl) throws IOException, InterruptedException {
        setGlobalRule(registryUrl, "COMPATIBILITY", "BACKWARD");
        setGlobalRule(registryUrl, "VALIDITY", "FULL");
        for (TopicSpec spec : Topics.ALL) {
            for (Class<?> type : spec.valueTypes()) {
                register(registryUrl, SpecificData.get().getSchema(type));
            }
        }
    }

    private static void setGlobalRule(String registryUrl, String type, String config)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("ruleType", type, "config", config));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(registryUrl + "/admin/rules"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (created.statusCode() == 409) {
            HttpResponse<String> updated = send(HttpRequest.newBuilder(URI.create(registryUrl + "/admin/rules/" + type))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
            requireSuccess(updated, "set the registry's " + type + " rule");
        } else {
            requireSuccess(created, "set the registry's " + type + " rule");
        }
    }

    private static void register(String registryUrl, Schema schema) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of(
                "artifactId", schema.getName(),
                "artifactType", "AVRO",
                "firstVersion", Map.of("content", Map.of(
                        "content", schema.toString(),
                        "contentType", "application/json"))));
        URI uri = URI.create(registryUrl + "/groups/" + schema.getNamespace() + "/artifacts?ifExists=FIND_OR_CREATE_VERSION");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.body().contains("RuleViolationException")) {
            throw new IllegalStateException("Schema " + schema.getFullName() + " was rejected by the registry's rules "
                    + "(it must stay BACKWARD compatible with the registered versions): " + response.body());
        }
        requireSuccess(response, "register schema " + schema.getFullName());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void requireSuccess(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Could not " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
