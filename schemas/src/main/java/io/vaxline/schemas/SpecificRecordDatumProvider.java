package io.vaxline.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.AvroDatumProvider;

import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads every record into the generated class of its schema, loaded by the class loader of this
 * module, and resolves the writer's schema against that class's own schema (schema evolution).
 *
 * <p>Avro's own {@link SpecificData} instances look classes up through Avro's class loader. Where
 * Avro sits in a parent loader of the application's (Quarkus tests and dev mode), that loader finds
 * another copy of the generated classes, and the records cannot be used as the application's types.
 * So reading uses a model bound to this module's loader, with the conversions the generated classes
 * register for their logical types.
 */
public final class SpecificRecordDatumProvider<T> implements AvroDatumProvider<T> {

    private static final ClassLoader LOADER = SpecificRecordDatumProvider.class.getClassLoader();
    private static final SpecificData MODEL = model();

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<Class<?>, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return writers.computeIfAbsent(data.getClass(),
                type -> new SpecificDatumWriter<>(schema, SpecificData.getForClass(type)));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        return readers.computeIfAbsent(writerSchema, schema -> {
            Class<?> type = generatedClass(schema);
            return new SpecificDatumReader<>(schema, MODEL.getSchema(type), MODEL);
        });
    }

    @Override
    public Schema toSchema(T data) {
        return ((SpecificRecord) data).getSchema();
    }

    private static SpecificData model() {
        SpecificData model = new SpecificData(LOADER);
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        return model;
    }

    private static Class<?> generatedClass(Schema schema) {
        try {
            return Class.forName(schema.getFullName(), true, LOADER);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("No generated class for schema " + schema.getFullName()
                    + ": it is not a Vaxline record type", e);
        }
    }
}
