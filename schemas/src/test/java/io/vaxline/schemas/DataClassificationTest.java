package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The explicit list of personal and secret fields ({@link DataClassification}) against the schemas of the catalogue:
 * what it names exists, what sounds personal is decided, and what is personal stays on restricted topics.
 */
class DataClassificationTest {

    private static Map<String, Schema> catalogueSchemas() {
        Map<String, Schema> schemas = new java.util.LinkedHashMap<>();
        Topics.ALL.forEach(t -> t.valueTypes().forEach(type -> {
            Schema schema = SpecificData.get().getSchema(type);
            schemas.put(schema.getFullName(), schema);
        }));
        return schemas;
    }

    @Test
    void everyClassifiedFieldExists() {
        Map<String, Schema> schemas = catalogueSchemas();
        List<String> missing = new ArrayList<>();
        DataClassification.all().forEach((record, fields) -> fields.keySet().forEach(field -> {
            Schema schema = schemas.get(record);
            if (schema == null || schema.getField(field) == null) {
                missing.add(record + "." + field);
            }
        }));
        DataClassification.NOT_PERSONAL.forEach(qualified -> {
            String record = qualified.substring(0, qualified.lastIndexOf('.'));
            String field = qualified.substring(qualified.lastIndexOf('.') + 1);
            if (!schemas.containsKey(record) || schemas.get(record).getField(field) == null) {
                missing.add(qualified);
            }
        });
        assertThat(missing).as("classified fields that no schema of the catalogue has").isEmpty();
    }

    /** A field named like one classified elsewhere, or like personal data, must be decided: classified or not personal. */
    @Test
    void everyFieldThatMayBePersonalIsDecided() {
        Set<String> names = new HashSet<>(DataClassification.NAMES_TO_DECIDE);
        DataClassification.all().values().forEach(fields -> names.addAll(fields.keySet()));
        Set<String> undecided = new TreeSet<>();
        catalogueSchemas().forEach((record, schema) -> schema.getFields().forEach(field -> {
            String qualified = record + "." + field.name();
            boolean named = names.contains(field.name()) || field.name().startsWith("sealed");
            if (named && !DataClassification.fields(record).containsKey(field.name())
                    && !DataClassification.NOT_PERSONAL.contains(qualified)) {
                undecided.add(qualified);
            }
        }));
        assertThat(undecided).as("fields to add to DataClassification (classified, or NOT_PERSONAL)").isEmpty();
    }

    @Test
    void personalAndHealthDataAndLiveSecretsAreOnlyOnRestrictedTopics() {
        List<String> exposed = new ArrayList<>();
        for (TopicSpec topic : Topics.ALL) {
            if (topic.restricted()) {
                continue;
            }
            topic.valueTypes().forEach(type -> {
                Schema schema = SpecificData.get().getSchema(type);
                DataClassification.fields(schema).forEach((field, category) -> {
                    boolean legacy = schema.getField(field).doc().startsWith("No longer written");
                    if (category == DataClassification.Category.PERSONAL || category == DataClassification.Category.HEALTH
                            || (category == DataClassification.Category.SECRET && !legacy)) {
                        exposed.add(topic.name() + ": " + schema.getName() + "." + field + " (" + category.label() + ")");
                    }
                });
            });
        }
        assertThat(exposed).as("personal data or secrets on topics analysts read").isEmpty();
    }
}
