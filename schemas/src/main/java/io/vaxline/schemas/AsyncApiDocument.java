package io.vaxline.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The AsyncAPI 3.0.0 contract of the topics, made from the catalogue ({@link Topics}), the Avro schemas of its value
 * types, who may write and read each topic ({@link KafkaPrincipals}) and which fields are personal or secret
 * ({@link DataClassification}). Nothing in it is written by hand, so a topic or an event added to the catalogue is in
 * the contract once it is made again.
 *
 * <p>The build writes it into the schemas jar ({@code asyncapi/asyncapi.yaml}, which booking-api serves at
 * {@code GET /asyncapi.yaml}); {@code docs/asyncapi.yaml} is the same document kept in the repository, and
 * {@code AsyncApiDocumentTest} fails when it differs from what this class makes now. Make it again with
 * {@value #REGENERATE}.
 */
public final class AsyncApiDocument {

    /** The command that writes docs/asyncapi.yaml (and the Kubernetes manifests made from the catalogue). */
    public static final String REGENERATE = "./mvnw -q -pl deploy -am -Pgenerate process-classes";
    public static final String AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0";
    /** Apicurio 3's framing: a magic byte and the schema's 4-byte content id before the Avro binary. */
    public static final String SCHEMA_ID_ENCODING = "apicurio-new";
    static final String KAFKA_BINDING = "0.5.0";
    /** The name clinic systems are given in the contract: each is a principal of its own, {@code clinic-<name>}. */
    static final String CLINIC_SYSTEMS = KafkaPrincipals.CLINIC_PREFIX + "<name>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AsyncApiDocument() {
    }

    /** Writes the document to the file given (docs/asyncapi.yaml, or the jar's copy during the build). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: AsyncApiDocument <file to write>");
        }
        Path file = Path.of(args[0]);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, yaml(), StandardCharsets.UTF_8);
    }

    /** The document as YAML, the same bytes every time for the same catalogue and schemas. */
    public static String yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(110);
        options.setAllowUnicode(true);
        options.setSplitLines(true);
        options.setDereferenceAliases(true);
        return "# The contract of Vaxline's topics. Generated from the topic catalogue (io.vaxline.schemas.Topics), the Avro\n"
                + "# schemas, KafkaPrincipals and DataClassification: do not edit. Make it again with\n"
                + "#   " + REGENERATE + "\n"
                + new Yaml(options).dump(document());
    }

    /** The document as nested maps and lists. */
    public static Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put("info", info());
        doc.put("defaultContentType", "avro/binary");
        doc.put("servers", servers());
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        for (TopicSpec topic : Topics.ALL) {
            channels.put(topic.name(), channel(topic));
            for (Class<?> type : topic.valueTypes()) {
                Schema schema = SpecificData.get().getSchema(type);
                messages.put(schema.getName(), message(topic, schema));
            }
            operations.putAll(operations(topic, topic.name(), messageNames(topic)));
        }
        for (TopicSpec topic : Topics.ALL) {
            channels.put(topic.deadLetterTopic(), deadLetterChannel(topic));
            operations.putAll(operations(topic, topic.deadLetterTopic(), List.of(DEAD_LETTER)));
        }
        messages.put(DEAD_LETTER, deadLetterMessage());
        doc.put("channels", channels);
        doc.put("operations", operations);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("messages", messages);
        components.put("securitySchemes", Map.of("scram", map(
                "type", "scramSha512",
                "description", "SASL SCRAM-SHA-512: every client logs in as a principal of KafkaPrincipals, which allows "
                        + "it only the operations below (the broker's StandardAuthorizer refuses the rest).")));
        doc.put("components", components);
        return doc;
    }

    private static final String DEAD_LETTER = "DeadLetter";

    private static Map<String, Object> info() {
        StringBuilder text = new StringBuilder();
        text.append("""
                Every topic Vaxline writes, as the catalogue `io.vaxline.schemas.Topics` defines it. Keys are strings \
                (the key of each channel is named in it). Values are Avro, framed as Apicurio Registry 3 frames them \
                (a magic byte, the schema's 4-byte content id, the Avro binary) and resolved per record type \
                (`RecordIdStrategy`): the schema of a message is the artifact `<namespace>/<record name>` of the \
                registry, e.g. `GET /apis/registry/v3/groups/io.vaxline.events/artifacts/AppointmentBooked/versions/branch=latest/content`, \
                and each message below names its group and artifact (`x-registry`) and carries the schema inline.

                Restricted topics hold personal data or secrets: analysts may not read them nor their dead-letter topics. \
                Each message lists its classified fields in `x-data-classification`:
                """);
        for (DataClassification.Category category : DataClassification.Category.values()) {
            text.append("\n- `").append(category.label()).append("`: ").append(category.meaning());
        }
        text.append("""


                Operations are what each principal of `KafkaPrincipals` may do on a topic: `send` where it may write, \
                `receive` where it may read. The provisioner (the one super user) and scheduler-stream's internal \
                topics (`scheduler-stream-*`) are left out. Every topic has a dead-letter topic `<topic>-dlq` with the \
                same key and partitions, holding records a consumer could not use, as they were, with the reason in \
                headers.""");
        return map("title", "Vaxline topics",
                "version", "1.0.0",
                "description", text.toString(),
                "license", map("name", "Apache-2.0"));
    }

    private static Map<String, Object> servers() {
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("local", map("host", "127.0.0.1:9092", "protocol", "kafka",
                "description", "The broker of `./vaxline up` (SASL_PLAINTEXT; SASL_SSL on port 9094).",
                "security", List.of(map("$ref", "#/components/securitySchemes/scram"))));
        servers.put("kubernetes", map("host", "vaxline-kafka-bootstrap.vaxline.svc:9093", "protocol", "kafka-secure",
                "description", "The Strimzi cluster of deploy/kubernetes (SASL_SSL with the cluster CA; SASL_PLAINTEXT "
                        + "on port 9092 inside the namespace).",
                "security", List.of(map("$ref", "#/components/securitySchemes/scram"))));
        return servers;
    }

    private static List<String> messageNames(TopicSpec topic) {
        return topic.valueTypes().stream().map(t -> SpecificData.get().getSchema(t).getName()).toList();
    }

    private static Map<String, Object> channel(TopicSpec topic) {
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("address", topic.name());
        channel.put("title", topic.name());
        channel.put("description", describe(topic));
        Map<String, Object> messages = new LinkedHashMap<>();
        for (String name : messageNames(topic)) {
            messages.put(name, ref("#/components/messages/" + name));
        }
        channel.put("messages", messages);
        channel.put("bindings", Map.of("kafka", kafkaBinding(topic.name(), topic.partitions(), topic.configs())));
        channel.put("x-vaxline", facts(topic, topic.name(), topic.configs()));
        return channel;
    }

    private static Map<String, Object> deadLetterChannel(TopicSpec topic) {
        Map<String, String> configs = topic.newDeadLetterTopic((short) 1).configs();
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("address", topic.deadLetterTopic());
        channel.put("title", topic.deadLetterTopic());
        channel.put("description", "Records of `" + topic.name() + "` that a consumer could not use, parked as they were "
                + "(same key, the original bytes) with the reason in headers; `./vaxline redrive " + topic.deadLetterTopic()
                + "` puts them back once the cause is fixed. " + retention(configs) + "."
                + (topic.restricted() ? " Restricted, like its topic." : ""));
        channel.put("messages", Map.of(DEAD_LETTER, ref("#/components/messages/" + DEAD_LETTER)));
        channel.put("bindings", Map.of("kafka", kafkaBinding(topic.deadLetterTopic(), topic.partitions(), configs)));
        channel.put("x-vaxline", facts(topic, topic.deadLetterTopic(), configs));
        return channel;
    }

    private static String describe(TopicSpec topic) {
        StringBuilder text = new StringBuilder();
        text.append("Key: `").append(topic.key()).append("`. ").append(topic.partitions()).append(" partitions. ");
        text.append(topic.compacted() ? "Compacted: the latest record per key is kept." : retention(topic.configs()) + ".");
        if (topic.restricted()) {
            text.append(" Restricted: it holds personal data or secrets; analysts may not read it.");
        }
        text.append(" Written by ").append(String.join(", ", principals(topic.name(), AclOperation.WRITE)))
                .append("; read by ").append(String.join(", ", principals(topic.name(), AclOperation.READ))).append('.');
        return text.toString();
    }

    private static String retention(Map<String, String> configs) {
        String ms = configs.get("retention.ms");
        if (ms == null) {
            return "Kept as long as the broker's default retention";
        }
        long millis = Long.parseLong(ms);
        if (millis < 0) {
            return "Kept forever";
        }
        long hours = millis / 3_600_000L;
        return hours % 24 == 0 ? "Kept " + hours / 24 + (hours == 24 ? " day" : " days")
                : "Kept " + hours + (hours == 1 ? " hour" : " hours");
    }

    private static Map<String, Object> kafkaBinding(String topic, int partitions, Map<String, String> configs) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("topic", topic);
        binding.put("partitions", partitions);
        Map<String, Object> configuration = new LinkedHashMap<>();
        new java.util.TreeMap<>(configs).forEach((key, value) -> {
            if (key.equals("cleanup.policy")) {
                configuration.put(key, List.of(value.split(",")));
            } else if (value.matches("-?\\d+")) {
                configuration.put(key, Long.parseLong(value));
            } else {
                configuration.put(key, value);
            }
        });
        configuration.putIfAbsent("cleanup.policy", List.of("delete"));
        binding.put("topicConfiguration", configuration);
        binding.put("bindingVersion", KAFKA_BINDING);
        return binding;
    }

    /** The catalogue's facts of a topic in plain fields, for tools that read the contract. */
    private static Map<String, Object> facts(TopicSpec topic, String name, Map<String, String> configs) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("key", topic.key());
        facts.put("restricted", topic.restricted());
        facts.put("compacted", "compact".equals(configs.get("cleanup.policy")));
        facts.put("retentionMs", configs.containsKey("retention.ms") ? Long.parseLong(configs.get("retention.ms")) : null);
        if (name.equals(topic.name())) {
            facts.put("deadLetterTopic", topic.deadLetterTopic());
        } else {
            facts.put("deadLettersOf", topic.name());
        }
        facts.put("writers", principals(name, AclOperation.WRITE));
        facts.put("readers", principals(name, AclOperation.READ));
        return facts;
    }

    private static Map<String, Object> message(TopicSpec topic, Schema schema) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", schema.getName());
        message.put("title", schema.getName());
        message.put("summary", firstSentence(schema.getDoc()));
        message.put("description", schema.getDoc());
        message.put("contentType", "avro/binary");
        Map<String, DataClassification.Category> classified = DataClassification.fields(schema);
        if (!classified.isEmpty()) {
            List<Map<String, Object>> tags = new ArrayList<>();
            classified.values().stream().distinct().sorted()
                    .forEach(c -> tags.add(map("name", c.label(), "description", c.meaning())));
            message.put("tags", tags);
        }
        message.put("payload", map("schemaFormat", AVRO_FORMAT, "schema", avro(schema)));
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("key", map("type", "string", "description", "`" + topic.key() + "`"));
        binding.put("schemaIdLocation", "payload");
        binding.put("schemaIdPayloadEncoding", SCHEMA_ID_ENCODING);
        binding.put("schemaLookupStrategy", "RecordIdStrategy");
        binding.put("bindingVersion", KAFKA_BINDING);
        message.put("bindings", Map.of("kafka", binding));
        message.put("x-registry", map("groupId", schema.getNamespace(), "artifactId", schema.getName(),
                "artifactType", "AVRO",
                "path", "/apis/registry/v3/groups/" + schema.getNamespace() + "/artifacts/" + schema.getName()));
        message.put("x-topic", topic.name());
        Map<String, Object> classification = new LinkedHashMap<>();
        classified.forEach((field, category) -> classification.put(field, category.label()));
        message.put("x-data-classification", classification);
        return message;
    }

    private static Map<String, Object> deadLetterMessage() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(DeadLetters.REASON, map("type", "string", "description", "Why the record was parked."));
        headers.put(DeadLetters.CAUSE, map("type", "string", "description", "The exception behind it, if any."));
        headers.put(DeadLetters.TOPIC, map("type", "string", "description", "The topic it was read from (or is to go back to)."));
        headers.put(DeadLetters.PARTITION, map("type", "string", "description", "Its partition there."));
        headers.put(DeadLetters.OFFSET, map("type", "string", "description", "Its offset there."));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", DEAD_LETTER);
        message.put("title", "A parked record");
        message.put("summary", "A record a consumer could not use, kept as it was with the reason.");
        message.put("contentType", "application/octet-stream");
        message.put("headers", map("type", "object", "properties", headers));
        message.put("payload", map("type", "string", "format", "binary",
                "description", "The original value's bytes: usually Avro framed for the registry, as on its topic; "
                        + "possibly bytes that are not (that is often why it was parked)."));
        message.put("bindings", Map.of("kafka", map("key", map("type", "string", "description", "The original key."),
                "bindingVersion", KAFKA_BINDING)));
        return message;
    }

    /** What each principal may do on the topic {@code name}: a send where it may write, a receive where it may read. */
    private static Map<String, Object> operations(TopicSpec topic, String name, List<String> messages) {
        Map<String, Object> operations = new LinkedHashMap<>();
        for (AclOperation what : List.of(AclOperation.WRITE, AclOperation.READ)) {
            for (String principal : principals(name, what)) {
                String action = what == AclOperation.WRITE ? "send" : "receive";
                Map<String, Object> operation = new LinkedHashMap<>();
                operation.put("action", action);
                operation.put("channel", ref("#/channels/" + escape(name)));
                operation.put("title", principal + (what == AclOperation.WRITE ? " writes " : " reads ") + name);
                operation.put("messages", messages.stream()
                        .map(m -> ref("#/channels/" + escape(name) + "/messages/" + m)).toList());
                operation.put("x-principal", principal);
                String id = (principal.equals(CLINIC_SYSTEMS) ? "clinic-systems" : principal) + "." + action + "." + name;
                operations.put(id, operation);
            }
        }
        return operations;
    }

    /** The principals granted {@code what} on the topic {@code name} (literally or by a prefix), as named in the contract. */
    static List<String> principals(String name, AclOperation what) {
        return KafkaPrincipals.ALL.stream()
                .filter(p -> p.grants().stream().anyMatch(g -> g.type() == ResourceType.TOPIC
                        && (g.operations().contains(what) || g.operations().contains(AclOperation.ALL))
                        && (g.pattern() == PatternType.LITERAL ? g.name().equals(name) : name.startsWith(g.name()))))
                .map(p -> p == KafkaPrincipals.LOCAL_CLINIC_PRINCIPAL ? CLINIC_SYSTEMS : p.name())
                .collect(Collectors.toList());
    }

    private static Object avro(Schema schema) {
        try {
            return JSON.readValue(schema.toString(), new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstSentence(String doc) {
        int end = doc.indexOf(". ");
        return end < 0 ? doc : doc.substring(0, end + 1);
    }

    /** A JSON pointer segment: '/' and '~' escaped (topic names have neither, but keep the pointer right). */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static Map<String, Object> ref(String pointer) {
        return map("$ref", pointer);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
