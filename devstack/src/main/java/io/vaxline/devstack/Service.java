package io.vaxline.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Vaxline services as the local stack runs them: each the packaged Quarkus app of its module. */
public enum Service {
    BOOKING_API("booking-api", 8080),
    SCHEDULER_STREAM("scheduler-stream", 8081),
    NOTIFIER("notifier", 8082),
    CERTIFICATE_SERVICE("certificate-service", 8083),
    RECORDS("records", 8087),
    WEB("web", 8085),
    CARE("care", 8086);

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Environment variable that moves the service's HTTP port, e.g. VAXLINE_BOOKING_API_PORT. */
    public String portVariable() {
        return "VAXLINE_" + name() + "_PORT";
    }

    public Path runner(Path repoRoot) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static URI readyUrl(int port) {
        return URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    }

    ManagedProcess process(Path repoRoot, Endpoints endpoints, int port, Path dataDir, Map<String, String> extra)
            throws IOException {
        Path runner = runner(repoRoot);
        if (!Files.exists(runner)) {
            throw new IllegalStateException(module + " is not built (" + runner + " is missing). Build it with "
                    + "./mvnw package -DskipTests, or start everything with ./vaxline up, which builds first.");
        }
        Map<String, String> env = new LinkedHashMap<>(endpoints.serviceEnvironment(module));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Path serviceData = dataDir.resolve(module);
        switch (this) {
            case SCHEDULER_STREAM -> env.put("KAFKA_STREAMS_STATE_DIR", serviceData.resolve("state").toString());
            case CERTIFICATE_SERVICE -> {
                env.put("CERTIFICATE_KEYSTORE", serviceData.resolve("signing-key.p12").toString());
                // The local stack makes its own signing key on first start; production brings its keystore.
                env.put("CERTIFICATE_CREATE_KEYSTORE", "true");
            }
            case RECORDS -> {
                env.put("RECORDS_SIGNING_KEY", serviceData.resolve("prescription-signing-key.jwk").toString());
                // The local stack makes its own prescription signing key on first start; production brings its key.
                env.put("RECORDS_CREATE_SIGNING_KEY", "true");
                // Documents in the data folder, encrypted with a keyset made there on first start.
                env.put("DOCUMENTS_FOLDER", serviceData.resolve("documents").toString());
                env.put("DOCUMENTS_KEYSET", serviceData.resolve("documents-keyset.json").toString());
                env.put("RECORDS_CREATE_DOCUMENTS_KEYSET", "true");
            }
            case NOTIFIER -> {
                // Texts and e-mails go to the local inboxes, chosen explicitly: production refuses them.
                env.put("VAXLINE_LOCAL_STACK", "true");
                env.put("SMS_CHANNEL", "recording");
                env.put("MAIL_MOCK", "true");
                // The recording channel's inboxes survive restarts of the notifier.
                env.put("SMS_RECORDING_JOURNAL", serviceData.resolve("sms-journal.jsonl").toString());
            }
            default -> {
            }
        }
        Files.createDirectories(serviceData.resolve("tmp"));
        env.putAll(extra);
        // Class data sharing for the application's classes: the first run writes the archive when it
        // exits, later starts map it instead of loading and verifying every class again, which is most
        // of a restarted scheduler-stream's time to decide again.
        List<String> command = new java.util.ArrayList<>(niceness(System.getenv("VAXLINE_BACKGROUND_NICE")));
        command.addAll(List.of(ManagedProcess.currentJava(), "-Xmx512m"));
        command.addAll(javaOptions(System.getenv("VAXLINE_SERVICE_JAVA_OPTIONS")));
        // A JVM writing the archive records no flight recording: a service being profiled goes without it.
        if (!env.getOrDefault("JAVA_TOOL_OPTIONS", "").contains("StartFlightRecording")) {
            command.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + serviceData.resolve("classes.jsa"),
                    // Writing the archive warns about every class it cannot keep (proxies, JFR events): noise in the log.
                    "-Xlog:cds*=off"));
        }
        command.addAll(List.of("-Djava.io.tmpdir=" + serviceData.resolve("tmp"), "-jar", runner.toString()));
        return new ManagedProcess(module, command, env, dataDir.resolve("logs").resolve(module + ".log"),
                dataDir.resolve("pids").resolve(module + ".pid"));
    }

    /** Whether the service lies off the path a booking takes before its caller is answered. */
    boolean background() {
        return this == NOTIFIER || this == CERTIFICATE_SERVICE || this == RECORDS || this == CARE;
    }

    /** {@code nice -n N} before a background service's command when N is configured, else nothing. */
    private List<String> niceness(String configured) {
        if (!background() || configured == null || configured.isBlank() || !Files.isExecutable(Path.of("/usr/bin/nice"))) {
            return List.of();
        }
        return List.of("/usr/bin/nice", "-n", String.valueOf(Integer.parseInt(configured.strip())));
    }

    /**
     * Further JVM options for every service, from {@code VAXLINE_SERVICE_JAVA_OPTIONS} (words separated by
     * spaces), else none: the JVM's default collector, G1. In paired benchmark sessions on 2026-12-01
     * (bench/REPORT.md) booking-api, scheduler-stream and the notifier used a fifth less CPU per decision on
     * the serial collector ({@code -XX:+UseSerialGC}), but the three-broker kill drill failed twice in a row
     * with it (and passed on G1 the same morning), so it is not the default until that is understood.
     */
    static List<String> javaOptions(String configured) {
        return configured == null || configured.isBlank() ? List.of() : List.of(configured.strip().split("\\s+"));
    }
}
