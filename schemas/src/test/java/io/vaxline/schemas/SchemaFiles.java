package io.vaxline.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;

/** Reads a folder of .avsc files into schemas by full name. */
final class SchemaFiles {

    static final Path CURRENT = Path.of("src/main/avro");
    static final Path BASELINE = Path.of("baseline");

    private SchemaFiles() {
    }

    static Map<String, Schema> read(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            Map<String, Schema> schemas = new TreeMap<>();
            files.filter(f -> f.toString().endsWith(".avsc")).forEach(f -> {
                Schema schema = parse(f);
                if (schemas.put(schema.getFullName(), schema) != null) {
                    throw new IllegalStateException(schema.getFullName() + " is defined twice under " + folder);
                }
            });
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
