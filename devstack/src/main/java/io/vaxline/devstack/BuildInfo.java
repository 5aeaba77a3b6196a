package io.vaxline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/** What this module's build wrote into devstack.properties: where its classes and the unpacked registry are. */
final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    static Path classesDir() {
        return Path.of(PROPERTIES.getProperty("classes.dir"));
    }

    static Path registryHome() {
        return Path.of(PROPERTIES.getProperty("registry.home"));
    }

    /**
     * This module's own run-time class path (its classes and its dependencies, written by the build):
     * what the child JVMs of the infrastructure (the tests' {@link InfraServer}, a cluster's {@link KafkaNode}s) run on.
     */
    static String classPath() throws IOException {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/vaxline/devstack.classpath")) {
            if (in == null) {
                throw new IllegalStateException("devstack.classpath is missing: build the devstack module with Maven");
            }
            return classesDir() + java.io.File.pathSeparator
                    + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    private static Properties load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/devstack.properties")) {
            if (in == null) {
                throw new IllegalStateException("devstack.properties is missing: build the devstack module with Maven");
            }
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("devstack.properties could not be read", e);
        }
    }
}
