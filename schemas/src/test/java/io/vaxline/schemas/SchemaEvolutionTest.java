package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema must stay BACKWARD compatible with its committed baseline (schemas/baseline), the
 * same rule the registry enforces: consumers on the new schema must read every record already on
 * the topics. When a schema change ships, copy the new .avsc into baseline/ in the same commit.
 */
class SchemaEvolutionTest {

    @Test
    void everySchemaCanReadWhatItsBaselineWrote() {
        Map<String, Schema> current = SchemaFiles.read(SchemaFiles.CURRENT);
        Map<String, Schema> baseline = SchemaFiles.read(SchemaFiles.BASELINE);

        List<String> problems = new ArrayList<>();
        baseline.forEach((name, old) -> {
            Schema now = current.get(name);
            if (now == null) {
                problems.add(name + " was removed; consumers still read records written with it");
            } else if (!backwardCompatible(now, old)) {
                problems.add(name + " is not BACKWARD compatible with baseline/" + name + ".avsc: "
                        + SchemaCompatibility.checkReaderWriterCompatibility(now, old).getResult()
                                .getIncompatibilities().stream()
                                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                                .toList());
            }
        });
        current.keySet().stream().filter(name -> !baseline.containsKey(name))
                .forEach(name -> problems.add(name + " has no baseline; copy it to schemas/baseline/" + name + ".avsc"));

        assertThat(problems).isEmpty();
    }

    @Test
    void catchesAFieldAddedWithoutDefault() {
        Schema old = record("""
                {"name": "a", "type": "string", "doc": "a"}""");
        Schema withRequiredField = record("""
                {"name": "a", "type": "string", "doc": "a"},
                {"name": "b", "type": "int", "doc": "b"}""");
        Schema withOptionalField = record("""
                {"name": "a", "type": "string", "doc": "a"},
                {"name": "b", "type": ["null", "int"], "default": null, "doc": "b"}""");

        assertThat(backwardCompatible(withRequiredField, old)).isFalse();
        assertThat(backwardCompatible(withOptionalField, old)).isTrue();
    }

    @Test
    void catchesAChangedFieldType() {
        Schema old = record("""
                {"name": "a", "type": "string", "doc": "a"}""");
        Schema changed = record("""
                {"name": "a", "type": "int", "doc": "a"}""");

        assertThat(backwardCompatible(changed, old)).isFalse();
    }

    static boolean backwardCompatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Probe", "namespace": "test", "doc": "probe", "fields": [%s]}"""
                .formatted(fields));
    }
}
