package io.vaxline.devstack;

import java.io.IOException;
import java.util.Map;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.AvroTypeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends one event to a topic from its Avro JSON form, as a clinic system would send it with the
 * Avro serde: {@code ./vaxline send <topic> <RecordType> '<json>'}. For trying the system out and
 * for clinic developers checking their payloads against the schema.
 */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static void main(String[] given) throws IOException {
        String[] args = java.util.Arrays.stream(given).filter(a -> !a.startsWith("--data-dir=") && !a.startsWith("--bootstrap-servers="))
                .toArray(String[]::new);
        if (args.length != 3) {
            System.err.println("usage: ./vaxline send <topic> <RecordType> '<Avro JSON>'\n"
                    + "e.g.   ./vaxline send vaccinations VaccinationAdministered '{\"eventId\": \"...\", ...}'");
            System.exit(2);
        }
        TopicSpec topic = Topics.byName(args[0]);
        Class<? extends SpecificRecord> type = topic.valueTypes().stream()
                .filter(t -> t.getSimpleName().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(args[1] + " does not belong on " + topic.name()
                        + "; it carries " + topic.valueTypes().stream().map(Class::getSimpleName).toList()));
        SpecificRecord record = parse(type, args[2]);
        String key = keyOf(record, topic);

        Map<String, String> env = System.getenv();
        KafkaAccess kafka = TopicReader.kafkaFor(given, KafkaPrincipals.LOCAL_CLINIC);
        String registry = env.getOrDefault("REGISTRY_URL",
                "http://127.0.0.1:" + InfraSettings.port(env, InfraSettings.REGISTRY_PORT, 8084) + "/apis/registry/v3");
        try (TopicClient client = new TopicClient(new Endpoints(kafka.bootstrapServers(), registry, null, 0, null, null, null),
                kafka)) {
            client.send(topic, key, record);
        } catch (IllegalStateException e) {
            if (e.getCause() != null && e.getCause().getCause() instanceof TopicAuthorizationException) {
                throw new IllegalStateException("The broker refuses " + kafka.username() + " to write " + topic.name()
                        + (kafka.username().startsWith(KafkaPrincipals.CLINIC_PREFIX)
                                ? ": a clinic system may only write " + Topics.VACCINATIONS.name() + "." : ".")
                        + " (KAFKA_USERNAME and KAFKA_PASSWORD log in as another principal.)", e);
            }
            throw e;
        }
        System.out.println("Sent " + type.getSimpleName() + " to " + topic.name() + " with key " + key + " as "
                + kafka.username());
    }

    static SpecificRecord parse(Class<? extends SpecificRecord> type, String json) throws IOException {
        Schema schema = SpecificData.get().getSchema(type);
        try {
            return new SpecificDatumReader<SpecificRecord>(schema)
                    .read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (AvroTypeException e) {
            throw new IllegalArgumentException("The JSON does not match " + type.getSimpleName() + ": " + e.getMessage()
                    + " (Avro JSON: optional fields as {\"string\": \"...\"} or null, times as epoch milliseconds)", e);
        }
    }

    /** The record's own value of the topic's key field (personId on vaccinations, clinicId on clinics...). */
    static String keyOf(SpecificRecord record, TopicSpec topic) {
        Schema.Field field = record.getSchema().getField(topic.key());
        if (field == null) {
            throw new IllegalArgumentException(topic.name() + " is keyed by " + topic.key()
                    + ", which " + record.getSchema().getName() + " has no field for");
        }
        return String.valueOf(record.get(field.pos()));
    }
}
