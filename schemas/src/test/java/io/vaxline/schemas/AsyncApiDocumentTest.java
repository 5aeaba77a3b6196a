package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The committed contract of the topics, docs/asyncapi.yaml: it is what {@link AsyncApiDocument} makes from the
 * catalogue now, it names every topic and every message type of the catalogue with its facts, and it is a valid
 * AsyncAPI 3.0.0 document by AsyncAPI's own JSON Schema.
 */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
    private static final Path COMMITTED = ROOT.resolve("docs/asyncapi.yaml");

    private static String committedText;
    private static Map<String, Object> committed;

    @BeforeAll
    static void read() throws IOException {
        assertThat(COMMITTED).as(COMMITTED + " is missing: make it with " + AsyncApiDocument.REGENERATE).exists();
        committedText = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        committed = new Yaml().load(committedText);
    }

    @Test
    void theCommittedDocumentIsWhatTheGeneratorMakesNow() {
        assertThat(committedText)
                .as("docs/asyncapi.yaml differs from the catalogue and schemas of now: make it again with "
                        + AsyncApiDocument.REGENERATE + " and commit it")
                .isEqualTo(AsyncApiDocument.yaml());
    }

    @Test
    void everyTopicAndEveryMessageTypeOfTheCatalogueIsInIt() {
        Map<String, Object> channels = map(committed, "channels");
        Map<String, Object> messages = map(map(committed, "components"), "messages");
        List<String> missing = new ArrayList<>();
        for (TopicSpec topic : Topics.ALL) {
            for (String name : List.of(topic.name(), topic.deadLetterTopic())) {
                if (!channels.containsKey(name)) {
                    missing.add("channel " + name);
                }
            }
            if (!channels.containsKey(topic.name())) {
                continue;
            }
            Map<String, Object> channel = map(channels, topic.name());
            Map<String, Object> kafka = map(map(channel, "bindings"), "kafka");
            assertThat(channel.get("address")).isEqualTo(topic.name());
            assertThat(kafka.get("partitions")).as(topic.name() + " partitions").isEqualTo(topic.partitions());
            Map<String, Object> configuration = map(kafka, "topicConfiguration");
            assertThat(configuration.get("cleanup.policy")).as(topic.name() + " cleanup.policy")
                    .isEqualTo(List.of(topic.compacted() ? "compact" : "delete"));
            if (topic.configs().containsKey("retention.ms")) {
                assertThat(((Number) configuration.get("retention.ms")).longValue()).as(topic.name() + " retention.ms")
                        .isEqualTo(Long.parseLong(topic.configs().get("retention.ms")));
            }
            Map<String, Object> facts = map(channel, "x-vaxline");
            assertThat(facts.get("key")).as(topic.name() + " key").isEqualTo(topic.key());
            assertThat(facts.get("restricted")).as(topic.name() + " restricted").isEqualTo(topic.restricted());
            for (Class<?> type : topic.valueTypes()) {
                Schema schema = SpecificData.get().getSchema(type);
                if (!map(channel, "messages").containsKey(schema.getName()) || !messages.containsKey(schema.getName())) {
                    missing.add("message " + schema.getName() + " on " + topic.name());
                    continue;
                }
                Map<String, Object> message = map(messages, schema.getName());
                Map<String, Object> payload = map(message, "payload");
                assertThat(payload.get("schemaFormat")).isEqualTo("application/vnd.apache.avro;version=1.9.0");
                // The schema as the services register it: same content, group = namespace, artifact = record name.
                assertThat(new Schema.Parser().parse(json(payload.get("schema")))).as(schema.getName()).isEqualTo(schema);
                Map<String, Object> registry = map(message, "x-registry");
                assertThat(registry).containsEntry("groupId", schema.getNamespace()).containsEntry("artifactId", schema.getName());
                Map<String, Object> classification = map(message, "x-data-classification");
                DataClassification.fields(schema).forEach((field, category) -> assertThat(classification)
                        .as(schema.getName() + " classification").containsEntry(field, category.label()));
            }
        }
        assertThat(missing).as("missing from docs/asyncapi.yaml: make it again with " + AsyncApiDocument.REGENERATE).isEmpty();
    }

    @Test
    void operationsAreWhatEachPrincipalMayDo() {
        Map<String, Object> operations = map(committed, "operations");
        Set<String> expected = new TreeSet<>();
        Set<String> found = new TreeSet<>();
        for (TopicSpec topic : Topics.ALL) {
            for (String name : List.of(topic.name(), topic.deadLetterTopic())) {
                AsyncApiDocument.principals(name, AclOperation.WRITE).forEach(p -> expected.add(p + " send " + name));
                AsyncApiDocument.principals(name, AclOperation.READ).forEach(p -> expected.add(p + " receive " + name));
            }
        }
        operations.values().forEach(o -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> operation = (Map<String, Object>) o;
            String channel = (String) map(operation, "channel").get("$ref");
            found.add(operation.get("x-principal") + " " + operation.get("action") + " " + channel.substring("#/channels/".length()));
        });
        assertThat(found).isEqualTo(expected);
        // Spot checks against the least-privilege table: analysts never read restricted topics; writers of the log.
        assertThat(found).contains("scheduler-stream send booking-events", "booking-api send booking-commands",
                "clinic-<name> send vaccinations", "analyst receive booking-events", "notifier receive people");
        Topics.ALL.stream().filter(TopicSpec::restricted)
                .forEach(t -> assertThat(found).doesNotContain("analyst receive " + t.name(), "analyst receive " + t.deadLetterTopic()));
    }

    @Test
    void everyReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        collectRefs(committed, dangling);
        assertThat(dangling).isEmpty();
    }

    @Test
    void isAValidAsyncApi3Document() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            schema = factory.getSchema(in);
        }
        JsonNode document = new ObjectMapper().valueToTree(committed);
        Set<ValidationMessage> errors = schema.validate(document);
        assertThat(errors).as("AsyncAPI 3.0.0 JSON Schema errors").isEmpty();
        // The validator does see mistakes: an operation with an action AsyncAPI 3 does not have.
        JsonNode broken = document.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("operations").elements().next()).put("action", "publish");
        assertThat(schema.validate(broken)).isNotEmpty();
        assertThat(committed.get("asyncapi")).isEqualTo("3.0.0");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void collectRefs(Object node, List<String> dangling) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String pointer && pointer.startsWith("#/") && resolve(pointer) == null) {
                dangling.add(pointer);
            }
            map.values().forEach(v -> collectRefs(v, dangling));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectRefs(v, dangling));
        }
    }

    private static Object resolve(String pointer) {
        Object node = committed;
        for (String segment : pointer.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(segment.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
