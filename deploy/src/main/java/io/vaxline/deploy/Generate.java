package io.vaxline.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vaxline.schemas.AsyncApiDocument;

/**
 * Writes everything made from the catalogue that is kept in the repository: {@code docs/asyncapi.yaml} and the
 * Strimzi {@code KafkaTopic}s and {@code KafkaUser}s of {@code deploy/kubernetes/generated/}. Run as {@value #COMMAND}
 * (the argument is the repository's root); the tests fail while a committed file differs from what this makes.
 */
public final class Generate {

    public static final String COMMAND = AsyncApiDocument.REGENERATE;
    public static final String KUBERNETES = "deploy/kubernetes";

    private Generate() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        for (Map.Entry<String, String> file : files().entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            boolean changed = !Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            System.out.println((changed ? "Wrote     " : "Unchanged ") + root.relativize(target));
        }
    }

    /** Each generated file (path from the repository's root) with its content. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("docs/asyncapi.yaml", AsyncApiDocument.yaml());
        files.put(KUBERNETES + "/" + StrimziResources.TOPICS_FILE, StrimziResources.yaml(
                "A KafkaTopic for every topic of the catalogue and its dead-letter topic.", StrimziResources.kafkaTopics()));
        files.put(KUBERNETES + "/" + StrimziResources.USERS_FILE, StrimziResources.yaml(
                "A KafkaUser (SCRAM-SHA-512) for every principal of KafkaPrincipals, with its ACLs.", StrimziResources.kafkaUsers()));
        return files;
    }
}
