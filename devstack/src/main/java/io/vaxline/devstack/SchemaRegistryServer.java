package io.vaxline.devstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry 3 (the Quarkus app unpacked from Maven Central by this module's build) in a
 * child JVM, storing its artifacts in the local PostgreSQL so schema ids stay valid across restarts.
 */
final class SchemaRegistryServer {

    private SchemaRegistryServer() {
    }

    static ManagedProcess process(int port, int managementPort, String jdbcUrl, String user, String password,
            Path workDir, Path logFile, Path pidFile) {
        Path runner = BuildInfo.registryHome().resolve("quarkus-run.jar");
        if (!Files.exists(runner)) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + BuildInfo.registryHome()
                    + "; build the devstack module first: ./mvnw -pl devstack -am package -DskipTests");
        }
        List<String> command = List.of(ManagedProcess.currentJava(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.http.access-log.enabled=false",
                "-Dapicurio.storage.kind=sql",
                "-Dapicurio.storage.sql.kind=postgresql",
                "-Dapicurio.datasource.url=" + jdbcUrl,
                "-Dapicurio.datasource.username=" + user,
                "-Dapicurio.datasource.password=" + password,
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=20",
                "-Dapicurio.storage.snapshot.location=" + workDir,
                "-Dapicurio.import.work-dir=" + workDir,
                "-jar", runner.toString());
        return new ManagedProcess("schema registry", command, Map.of(), logFile, pidFile);
    }

    static URI readyUrl(int port) {
        return URI.create(apiUrl(port) + "/system/info");
    }

    static String apiUrl(int port) {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }
}
