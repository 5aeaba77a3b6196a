package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where these tests run, so docker-compose.yml is checked statically: it parses,
 * each service's environment only uses settings that service reads, and its build files exist.
 */
class DockerComposeConfigTest {

    private static final Path ROOT = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("booking-api", "scheduler-stream", "notifier", "certificate-service", "web");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void runsTheInfrastructureTheFourServicesAndTheWebPages() {
        assertThat(services).containsKeys("kafka", "postgres", "registry", "localstack", "provision");
        assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
    }

    @Test
    void everyVariableGivenToAServiceIsReadByThatService() throws IOException {
        List<String> unread = new ArrayList<>();
        for (String service : SERVICES) {
            String properties = Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
            for (String variable : environment(service).keySet()) {
                if (!readsVariable(properties, variable)) {
                    unread.add(service + ": " + variable);
                }
            }
        }
        assertThat(unread).as("variables in docker-compose.yml that no application.properties reads").isEmpty();
    }

    @Test
    void everyVariableTheLocalStackGivesIsInComposeToo() throws IOException {
        List<String> variables = new ArrayList<>();
        for (String source : List.of("Endpoints.java", "ServiceSecrets.java")) {
            Matcher variable = Pattern.compile("env\\.put\\(\"([A-Z_]+)\"")
                    .matcher(Files.readString(ROOT.resolve("devstack/src/main/java/io/vaxline/devstack/" + source)));
            while (variable.find()) {
                variables.add(variable.group(1));
            }
        }
        assertThat(variables).contains("KAFKA_BOOTSTRAP_SERVERS", "REGISTRY_URL", "JWT_PUBLIC_KEY", "SECRET_PEPPER");
        // booking-api reads every one of them
        assertThat(environment("booking-api")).containsKeys(variables.toArray(String[]::new));
    }

    @Test
    void eachServiceIsBuiltFromItsOwnDockerfile() {
        for (String service : SERVICES) {
            Map<?, ?> build = (Map<?, ?>) services.get(service).get("build");
            Path context = ROOT.resolve((String) build.get("context")).normalize();
            assertThat(context).isEqualTo(ROOT.resolve(service));
            assertThat(context.resolve((String) build.get("dockerfile"))).isRegularFile();
        }
    }

    @Test
    void infrastructureImagesMatchTheVersionsTheBuildUses() throws IOException {
        Properties versions = rootProperties();
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + versions.getProperty("kafka.version"));
        assertThat(services.get("registry").get("image"))
                .isEqualTo("apicurio/apicurio-registry:" + versions.getProperty("apicurio-registry.version"));
    }

    @Test
    void dependenciesPointAtServicesOfTheFile() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof Map<?, ?> map) {
                assertThat(services).as(name + " depends_on").containsKeys(map.keySet().toArray(String[]::new));
            }
        });
    }

    /** Read as ${VARIABLE...} in a value, or as the environment form of a property key (QUARKUS_HTTP_PORT). */
    private static boolean readsVariable(String properties, String variable) {
        if (properties.contains("${" + variable + ":") || properties.contains("${" + variable + "}")) {
            return true;
        }
        return properties.lines()
                .map(String::strip)
                .filter(line -> !line.startsWith("#") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')).strip())
                .map(key -> key.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .anyMatch(variable::equals);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    private static Properties rootProperties() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Properties properties = new Properties();
        Matcher property = Pattern.compile("<([a-z0-9.-]+\\.version)>([^<]+)</").matcher(pom);
        while (property.find()) {
            properties.setProperty(property.group(1), property.group(2));
        }
        return properties;
    }
}
