package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Analysts read the topics through the registry: every record and field must say what it means. */
class SchemaDocumentationTest {

    @Test
    void everyRecordAndFieldHasADoc() {
        List<String> undocumented = new ArrayList<>();
        SchemaFiles.read(SchemaFiles.CURRENT).values().forEach(schema -> collectUndocumented(schema, undocumented));
        assertThat(undocumented).isEmpty();
    }

    @Test
    void optionalFieldsDefaultToNull() {
        List<String> wrong = new ArrayList<>();
        SchemaFiles.read(SchemaFiles.CURRENT).values().forEach(schema -> schema.getFields().forEach(field -> {
            Schema type = field.schema();
            if (type.isUnion() && type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)
                    && (type.getTypes().get(0).getType() != Schema.Type.NULL || !field.hasDefaultValue())) {
                wrong.add(schema.getFullName() + "." + field.name());
            }
        }));
        assertThat(wrong).as("optional fields must be [\"null\", T] with default null").isEmpty();
    }

    private static void collectUndocumented(Schema schema, List<String> undocumented) {
        switch (schema.getType()) {
            case RECORD -> {
                if (isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        undocumented.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), undocumented);
                }
            }
            case ENUM -> {
                if (isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented);
            case MAP -> collectUndocumented(schema.getValueType(), undocumented);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented));
            default -> {
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
