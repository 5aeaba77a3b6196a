package io.vaxline.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Strimzi resources made from the catalogue: a {@code KafkaTopic} for every topic of {@link Topics} and its
 * dead-letter topic (same partitions and configs, replication factor 3, min.insync.replicas 2), and a {@code KafkaUser}
 * for every principal of {@link KafkaPrincipals} (SCRAM-SHA-512, with its ACLs; the provisioner is the Kafka
 * cluster's one super user and has none). {@link Generate} writes them to {@code deploy/kubernetes/generated/}.
 */
public final class StrimziResources {

    /** The name of the Strimzi {@code Kafka} resource (deploy/kubernetes/kafka/kafka.yaml). */
    public static final String CLUSTER = "vaxline";
    public static final String API_VERSION = "kafka.strimzi.io/v1";
    public static final int REPLICAS = 3;
    public static final int MIN_IN_SYNC_REPLICAS = 2;
    public static final String TOPICS_FILE = "generated/kafka-topics.yaml";
    public static final String USERS_FILE = "generated/kafka-users.yaml";

    private StrimziResources() {
    }

    /** The catalogue's configs of a topic as Kubernetes sets them: the catalogue's, and min.insync.replicas. */
    public static Map<String, String> configs(Map<String, String> catalogue) {
        Map<String, String> configs = new TreeMap<>(catalogue);
        configs.put("min.insync.replicas", String.valueOf(MIN_IN_SYNC_REPLICAS));
        return configs;
    }

    public static List<Map<String, Object>> kafkaTopics() {
        List<Map<String, Object>> topics = new ArrayList<>();
        for (TopicSpec topic : Topics.ALL) {
            topics.add(kafkaTopic(topic.name(), topic.partitions(), topic.configs()));
            topics.add(kafkaTopic(topic.deadLetterTopic(), topic.partitions(),
                    topic.newDeadLetterTopic((short) REPLICAS).configs()));
        }
        return topics;
    }

    private static Map<String, Object> kafkaTopic(String name, int partitions, Map<String, String> catalogue) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("topicName", name);
        spec.put("partitions", partitions);
        spec.put("replicas", REPLICAS);
        spec.put("config", new LinkedHashMap<>(configs(catalogue)));
        return resource("KafkaTopic", name, spec);
    }

    public static List<Map<String, Object>> kafkaUsers() {
        List<Map<String, Object>> users = new ArrayList<>();
        users.add(resource("KafkaUser", KafkaPrincipals.PROVISIONER,
                map("authentication", map("type", "scram-sha-512"))));
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            List<Map<String, Object>> acls = new ArrayList<>();
            for (KafkaPrincipals.Grant grant : principal.grants()) {
                acls.add(map("resource", map("type", resourceType(grant.type()), "name", grant.name(),
                                "patternType", patternType(grant.pattern())),
                        "operations", grant.operations().stream().map(StrimziResources::operation).toList(),
                        "host", "*"));
            }
            users.add(resource("KafkaUser", principal.name(), map(
                    "authentication", map("type", "scram-sha-512"),
                    "authorization", map("type", "simple", "acls", acls))));
        }
        return users;
    }

    /** Strimzi's name of a resource type: topic, group, transactionalId, cluster. */
    public static String resourceType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new IllegalArgumentException("Strimzi has no ACL resource type for " + type);
        };
    }

    /** Strimzi's name of a pattern type: literal, or prefix (Kafka's PREFIXED). */
    public static String patternType(PatternType pattern) {
        return switch (pattern) {
            case LITERAL -> "literal";
            case PREFIXED -> "prefix";
            default -> throw new IllegalArgumentException("Strimzi has no ACL pattern type for " + pattern);
        };
    }

    /** Strimzi's name of an operation: READ is Read, IDEMPOTENT_WRITE is IdempotentWrite. */
    public static String operation(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return name.toString();
    }

    private static Map<String, Object> resource(String kind, String name, Map<String, Object> spec) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("strimzi.io/cluster", CLUSTER);
        labels.put("app.kubernetes.io/part-of", "vaxline");
        return map("apiVersion", API_VERSION, "kind", kind, "metadata", map("name", name, "labels", labels), "spec", spec);
    }

    /** Documents as one multi-document YAML file, with a header saying where they come from. */
    public static String yaml(String what, List<Map<String, Object>> documents) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        options.setExplicitStart(true);
        StringBuilder text = new StringBuilder("# " + what + "\n# Generated from the catalogue (io.vaxline.schemas.Topics, "
                + "KafkaPrincipals) by io.vaxline.deploy.Generate: do not edit.\n# Make it again with "
                + Generate.COMMAND + "\n");
        text.append(new Yaml(options).dumpAll(documents.iterator()));
        return text.toString();
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
