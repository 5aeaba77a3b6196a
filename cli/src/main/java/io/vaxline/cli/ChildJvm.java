package io.vaxline.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vaxline.devstack.ManagedProcess;

/**
 * A Java program run in a child JVM on this JVM's JDK, with its own heap and class path, in the
 * repository's folder, its output on this terminal.
 */
final class ChildJvm {

    private final Path repoRoot;
    private final String heap;
    private final List<String> classPath;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    ChildJvm(Path repoRoot, String heap, List<String> classPath) {
        this.repoRoot = repoRoot;
        this.heap = heap;
        this.classPath = List.copyOf(classPath);
        systemProperties.put("vaxline.repo.root", repoRoot.toString());
    }

    /** {@code <module>/target/classes} and the class path its build wrote beside them (see the module's pom). */
    static List<String> moduleClassPath(Path repoRoot, String module) throws IOException {
        Path classes = repoRoot.resolve(module).resolve("target/classes");
        Path recorded = classes.resolve("META-INF/vaxline/" + module + ".classpath");
        if (!Files.exists(recorded)) {
            throw new IllegalStateException(module + " is not built (" + recorded + " is missing): ./vaxline builds it.");
        }
        return List.of(classes.toString(), Files.readString(recorded).trim());
    }

    ChildJvm systemProperty(String name, String value) {
        systemProperties.put(name, value);
        return this;
    }

    ChildJvm environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Runs {@code mainClass} and returns its exit code. */
    int run(String mainClass, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.currentJava());
        command.add("-Xmx" + heap);
        if (Runtime.version().feature() >= 24) {
            // Kafka's clients and broker would warn about sun.misc.Unsafe on every start.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot.toFile()).inheritIO();
        builder.environment().putAll(environment);
        return builder.start().waitFor();
    }
}
