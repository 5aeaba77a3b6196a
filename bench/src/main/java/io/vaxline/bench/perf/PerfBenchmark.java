package io.vaxline.bench.perf;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import io.vaxline.bench.Results;
import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.OtpRequested;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Every throughput figure of the issue measured one way: the system runs as {@code ./vaxline up}
 * runs it, in processes of its own ({@link StackHost}); this JVM is only the load generator (plus
 * {@code wrk} for reads). Each figure: a warm-up (for decisions, notifications and certificates, whole runs
 * until the rate stops rising), then {@code runs} runs (3 by default), the median
 * reported with every run beside it, and for each run the CPU seconds of every process (from /proc)
 * and the records the whole system wrote (end-offset deltas of every topic, internal ones included).
 * The raw producer runs in the same session, so every figure is also a fraction of it.
 *
 * <p>{@code ./vaxline bench perf [raw,decisions,notifications,certificates,reads,bookings|all] [runs]}.
 */
public final class PerfBenchmark {

    private static final ZoneId ZONE = ZoneId.of(Clinics.ZONE);
    private static final List<String> ALL = List.of("raw", "decisions", "notifications", "certificates", "reads", "bookings");
    /** Figures that run only when named: not part of {@code all}. */
    private static final List<String> EXTRA = List.of("latency");
    /** Booking rates tried in each sweep, per second; a sweep stops at the first rate whose p99 is 250 ms or more. */
    private static final int[] RATES = { 10, 20, 30, 40, 50, 100, 150, 200, 250, 300, 400, 600, 800, 1000, 1300, 1600, 2000, 2500, 3000, 4000, 5000 };
    private static final Duration STEP = Duration.ofSeconds(12);
    private static final double P99_LIMIT_MS = OpenLoop.SLOW_MILLIS;

    private final Properties ready;
    private final Processes processes;
    private final Api api;
    private final String admin;
    private final Path results;
    private final Path work;
    private final KafkaAccess kafka;
    private final Admin kafkaAdmin;
    private final Map<String, Object> producerConfig = new HashMap<>();
    private double raw;

    private PerfBenchmark(Properties ready, Path results, Path work) throws Exception {
        this.ready = ready;
        this.results = results;
        this.work = work;
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("kafka broker (stack host JVM)", Long.parseLong(ready.getProperty("hostPid")));
        Path dataDir = Path.of(ready.getProperty("dataDir"));
        for (String name : ready.stringPropertyNames().stream().filter(k -> k.startsWith("pid.")).sorted().toList()) {
            pids.put(name.substring(4), Long.parseLong(ready.getProperty(name)));
        }
        Path registryPid = dataDir.resolve("pids/schema-registry.pid");
        if (Files.exists(registryPid)) {
            pids.put("schema registry", Long.parseLong(Files.readAllLines(registryPid).get(0).trim()));
        }
        Path postmasterPid = dataDir.resolve("postgres/postmaster.pid");
        long postmaster = Files.exists(postmasterPid) ? Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim()) : -1;
        this.processes = new Processes(pids, postmaster);
        this.api = new Api(ready.getProperty("url.booking-api"), ready.getProperty("url.notifier"),
                ready.getProperty("adminApiKey"), Api.Observer.NONE);
        this.admin = api.adminToken();
        this.kafka = KafkaAccess.local(ready.getProperty("kafka"), KafkaPrincipals.PROVISIONER, ready.getProperty("kafkaPassword"));
        this.kafkaAdmin = Admin.create(kafka.properties());
        producerConfig.putAll(AvroSerdes.config(ready.getProperty("registry")));
        producerConfig.putAll(kafka.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 || args[0].equals("all") ? ALL : List.of(args[0].split(","));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (String figure : which) {
            if (!ALL.contains(figure) && !EXTRA.contains(figure)) {
                throw new IllegalArgumentException("Unknown figure " + figure + "; one of " + ALL + " or " + EXTRA);
            }
        }
        if (which.contains("reads") && !Wrk.installed()) {
            System.err.println("The reads figure needs wrk at " + Wrk.EXECUTABLE + ": sudo apt-get install -y wrk");
            System.exit(2);
        }
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        Path work = repoRoot.resolve("bench/target/perf-" + System.currentTimeMillis());
        Process host = startHost(repoRoot, work.resolve("stack"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.destroy(); // the stack stops its services and infrastructure on SIGTERM
            try {
                host.waitFor(90, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            Properties ready = awaitReady(host);
            PerfBenchmark bench = new PerfBenchmark(ready, repoRoot.resolve("bench/results"), work);
            // The raw producer always runs: it is the yardstick of every other figure.
            bench.rawProducer(runs);
            for (String figure : which) {
                switch (figure) {
                    case "decisions" -> bench.decisions(runs, 8_000);
                    case "notifications" -> bench.notifications(runs, 8_000);
                    case "certificates" -> bench.certificates(runs, 4_000);
                    case "reads" -> bench.reads(runs);
                    case "bookings" -> bench.bookings(runs);
                    case "latency" -> bench.latency(runs);
                    default -> {
                    }
                }
            }
            bench.kafkaAdmin.close();
        } finally {
            host.getOutputStream().close();
            if (!host.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                host.destroyForcibly();
            }
        }
        System.exit(0);
    }

    // ---- the stack in its own JVM ----

    private static Process startHost(Path repoRoot, Path dataDir) throws Exception {
        List<String> command = new ArrayList<>(List.of(io.vaxline.devstack.ManagedProcess.currentJava(), "-Xmx1g"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-Dvaxline.repo.root=" + repoRoot, "-Dvaxline.log.dir=" + dataDir.resolve("logs"),
                "-cp", System.getProperty("java.class.path"), StackHost.class.getName(), dataDir.toString()));
        System.out.println("Starting the whole stack in its own JVM, in " + dataDir + " ...");
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Properties awaitReady(Process host) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Properties ready = new Properties();
                for (String pair : line.substring(6).split(" ")) {
                    int eq = pair.indexOf('=');
                    ready.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
                }
                Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("  [stack] " + l)));
                drain.setDaemon(true);
                drain.start();
                return ready;
            }
            System.out.println(line);
        }
        throw new IllegalStateException("The stack ended before it was ready (exit " + host.waitFor() + ")");
    }

    // ---- what one run measured ----

    /** One run of a figure: its value, the wall time, the CPU seconds by process, and the records written by topic. */
    private record Run(double value, double seconds, Map<String, Double> cpu, Map<String, Long> records, Map<String, Object> extra) {

        long totalRecords() {
            return records.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final class Measure {
        private final Map<String, Double> cpuBefore = processes.cpuSeconds();
        private final Map<String, Long> offsetsBefore = endOffsets();
        private final long started = System.nanoTime();

        Run end(double value, Map<String, Object> extra) {
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Long> written = new TreeMap<>();
            endOffsets().forEach((topic, end) -> {
                long delta = end - offsetsBefore.getOrDefault(topic, 0L);
                if (delta > 0 && !topic.startsWith("bench-")) {
                    written.put(topic, delta);
                }
            });
            return new Run(value, seconds, Processes.difference(cpuBefore, processes.cpuSeconds()), written, extra);
        }
    }

    /** Writes the figure: the median run in full, every run's value, CPU and records. */
    private void report(String name, String title, String unit, List<Run> runs, Map<String, Object> setup, String... notes)
            throws Exception {
        List<Run> sorted = runs.stream().sorted(Comparator.comparingDouble(Run::value)).toList();
        Run median = sorted.get(sorted.size() / 2);
        Results result = new Results(name, title).put("median", Math.round(median.value()) + " " + unit)
                .put("runs", runs.stream().map(r -> Math.round(r.value())).toList());
        if (raw > 0 && !name.equals("raw-producer") && !name.equals("latency")) {
            result.put("fractionOfRawProducer", Math.round(median.value() / raw * 10_000) / 100.0 + " %");
        }
        result.putAll(setup);
        result.put("medianRun", runSummary(median));
        List<Map<String, Object>> each = new ArrayList<>();
        for (Run r : runs) {
            each.add(runSummary(r));
        }
        result.put("everyRun", each);
        result.put("rssMiBAfter", processes.rssMiB());
        for (String note : notes) {
            result.note(note);
        }
        result.write(results);
        System.out.printf("%s: median %,.0f %s (runs %s)%n", title, median.value(), unit,
                runs.stream().map(r -> String.format("%,.0f", r.value())).toList());
    }

    private static Map<String, Object> runSummary(Run r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", Math.round(r.value() * 10) / 10.0);
        s.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        s.put("cpuSeconds", r.cpu());
        s.put("cpuPercentOfOneCore", percentOfCore(r));
        s.put("recordsWritten", r.totalRecords());
        s.put("recordsByTopic", r.records());
        s.putAll(r.extra());
        return s;
    }

    private static Map<String, Long> percentOfCore(Run r) {
        Map<String, Long> pct = new LinkedHashMap<>();
        r.cpu().forEach((name, seconds) -> pct.put(name, Math.round(seconds / r.seconds() * 100)));
        return pct;
    }

    // ---- 7. raw producer ----

    void rawProducer(int runs) throws Exception {
        byte[] value = AvroSerdes.<SpecificRecord>valueSerde(ready.getProperty("registry")).serializer()
                .serialize(Topics.BOOKING_COMMANDS.name(), command("size-probe", "clinic", Instant.now(), 1));
        int records = 400_000;
        String topic = "bench-raw-" + System.currentTimeMillis();
        kafkaAdmin.createTopics(List.of(new NewTopic(topic, Topics.BOOKING_COMMANDS.partitions(), (short) 1))).all().get();
        List<Run> measured = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata before the clock starts
            for (int run = 0; run <= runs; run++) {
                Measure m = new Measure();
                long started = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, "person-" + (i % 100_000), value));
                }
                producer.flush();
                double seconds = (System.nanoTime() - started) / 1e9;
                Run r = m.end(0, Map.of());
                r = new Run(records / seconds, seconds, r.cpu(), r.records(), Map.of("records", records));
                System.out.printf("  raw producer %s: %,.0f records/s%n", run == 0 ? "warm-up" : "run " + run, r.value());
                if (run > 0) {
                    measured.add(r);
                }
            }
        }
        kafkaAdmin.deleteTopics(List.of(topic)).all().get();
        raw = measured.stream().mapToDouble(Run::value).sorted().toArray()[measured.size() / 2];
        report("raw-producer", "Raw Kafka producer: the yardstick", "records/s", measured,
                Map.of("recordBytes", value.length, "recordsPerRun", records),
                "One producer in the load generator's JVM, acks=all, linger 5 ms, batches of 64 KiB, records of a "
                        + "booking command's size, to a topic with booking-commands' partitions; the broker in its own JVM.");
    }

    // ---- 2. decisions ----

    void decisions(int runs, int perRun) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(2);
        List<String> clinics = openClinics(40, day, 32, 1_000);
        List<String> people = registerPeople(perRun * (runs + MAX_WARM_UPS));
        int[] next = { 0 };
        Warmed warmed = warmThenRun(runs, label -> {
            int commands = perRun;
            List<BookAppointment> batch = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                batch.add(command(people.get(next[0]++), clinics.get(i % clinics.size()),
                        Clinics.at(day, 9, 0).plus(Duration.ofMinutes(15L * ThreadLocalRandom.current().nextInt(32))), 1));
            }
            Set<String> waiting = new HashSet<>();
            batch.forEach(c -> waiting.add(c.getRequestId()));
            int[] booked = { 0 };
            try (KafkaConsumer<String, SpecificRecord> reader = readerAtEnd(Topics.BOOKING_EVENTS)) {
                Measure m = new Measure();
                try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                    for (BookAppointment c : batch) {
                        producer.send(new ProducerRecord<>(Topics.BOOKING_COMMANDS.name(), c.getPersonId(), c));
                    }
                }
                double seconds = readUntil(reader, commands, "decided", record -> {
                    String id = BookingOutcome.of(record.value()).map(BookingOutcome::requestId).orElse(null);
                    if (id != null && waiting.remove(id)) {
                        booked[0] += record.value() instanceof AppointmentBooked ? 1 : 0;
                        return true;
                    }
                    return false;
                });
                awaitQuiet();
                Run r = m.end(0, Map.of());
                int decided = commands - waiting.size();
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("commands", commands);
                extra.put("decided", decided);
                extra.put("booked", booked[0]);
                extra.put("secondsToLastOutcome", Math.round(seconds * 10) / 10.0);
                extra.put("recordsPerDecision", Math.round(r.totalRecords() * 10.0 / decided) / 10.0);
                extra.put("cpuMsPerDecision", perDecision(r.cpu(), decided));
                r = new Run(decided / seconds, r.seconds(), r.cpu(), r.records(), extra);
                System.out.printf("  decisions %s: %,.0f/s, %s records and %s CPU-ms per decision%n",
                        label, r.value(), extra.get("recordsPerDecision"),
                        ((Map<?, ?>) extra.get("cpuMsPerDecision")).get("total"));
                return r;
            }
        });
        report("decisions", "Decisions: booking commands on Kafka to outcomes on booking-events", "decisions/s", warmed.runs(),
                Map.of("clinics", clinics.size(), "seats", clinics.size() * 32 * 1_000, "commandsPerRun", perRun,
                        "warmUps", warmed.warmUps()),
                "Every command is a registered person (PersonRegistered on people first) booking dose 1 at one of 40 "
                        + "clinics; all commands of a run are produced at once and the figure is decided commands / "
                        + "seconds from the first send to the last outcome read (read_committed).",
                "CPU and records cover the run until the whole system is quiet again (confirmation texts sent, "
                        + "projections written), so they are the full cost of a decision, not only scheduler-stream's.");
    }

    /** Warm-ups before a figure's runs: at least this many, each a whole run's size. */
    private static final int MIN_WARM_UPS = 2;
    /** ... and at most this many, while each is still this much faster than the one before (the JIT still at work). */
    private static final int MAX_WARM_UPS = 5;
    private static final double STILL_WARMING = 1.10;

    /** One run of a figure, of a whole run's size, printed under {@code label}. */
    private interface OneRun {
        Run run(String label) throws Exception;
    }

    /** A figure's runs, and the values of the warm-ups before them. */
    private record Warmed(List<Run> runs, List<Long> warmUps) {
    }

    /**
     * Warm-ups until the rate stops rising (the last one less than 10 % faster than the one before; 2 to 5 of
     * them), then {@code runs} runs. On 2 cores the services' JIT is still compiling through the first runs: on
     * 2026-12-01 three decisions runs after a quarter-size warm-up gave 355, 579 and 797/s, their CPU per decision
     * falling from 6.1 to 2.9 ms, so the median was a JVM half warm.
     */
    private static Warmed warmThenRun(int runs, OneRun one) throws Exception {
        List<Long> warmUps = new ArrayList<>();
        double previous = 0;
        for (int w = 1; w <= MAX_WARM_UPS; w++) {
            double value = one.run("warm-up " + w).value();
            warmUps.add(Math.round(value));
            if (w >= MIN_WARM_UPS && value < STILL_WARMING * previous) {
                break;
            }
            previous = value;
        }
        List<Run> measured = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            measured.add(one.run("run " + run));
        }
        return new Warmed(measured, warmUps);
    }

    private static Map<String, Double> perDecision(Map<String, Double> cpu, int decided) {
        Map<String, Double> ms = new LinkedHashMap<>();
        cpu.forEach((name, seconds) -> ms.put(name, Math.round(seconds * 1000 / decided * 100) / 100.0));
        return ms;
    }

    // ---- 6. notifications ----

    void notifications(int runs, int perRun) throws Exception {
        Warmed warmed = warmThenRun(runs, label -> {
            int messages = perRun;
            Set<String> waiting = new HashSet<>();
            try (KafkaConsumer<String, SpecificRecord> reader = readerAtEnd(Topics.NOTIFICATIONS)) {
                Measure m = new Measure();
                try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                    for (int i = 0; i < messages; i++) {
                        String phone = "+4673" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
                        OtpRequested otp = OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString())
                                .setOccurredAt(Instant.now()).setPhone(phone).setCode("123456").setLanguage("en")
                                .setExpiresAt(Instant.now().plus(Duration.ofMinutes(5))).build();
                        waiting.add(otp.getEventId());
                        producer.send(new ProducerRecord<>(Topics.ONE_TIME_CODES.name(), phone, otp));
                    }
                }
                double seconds = readUntil(reader, messages, "sent",
                        record -> record.value() instanceof NotificationSent sent && waiting.remove(sent.getSourceEventId()));
                awaitQuiet();
                Run r = m.end(0, Map.of());
                int sent = messages - waiting.size();
                r = new Run(sent / seconds, r.seconds(), r.cpu(), r.records(),
                        Map.of("messages", messages, "sent", sent, "cpuMsPerMessage", perDecision(r.cpu(), sent)));
                System.out.printf("  notifications %s: %,.0f/s%n", label, r.value());
                return r;
            }
        });
        report("notifications", "Notifications: texts through the notifier to the recording channel, dedupe on",
                "messages/s", warmed.runs(), Map.of("messagesPerRun", perRun, "warmUps", warmed.warmUps()),
                "One-time codes (each to a new phone) produced to one-time-codes at once; the figure is NotificationSent "
                        + "audit events read back / seconds from the first send to the last. The notifier's send budget is "
                        + "lifted to 100,000/s for this (the provider's contract, not the notifier, sets it in production).");
    }

    // ---- 5. certificates ----

    void certificates(int runs, int perRun) throws Exception {
        List<String> people = registerPeople(perRun * (runs + MAX_WARM_UPS));
        int[] next = { 0 };
        Warmed warmed = warmThenRun(runs, label -> {
            int events = perRun;
            Set<String> waiting = new HashSet<>();
            try (KafkaConsumer<String, SpecificRecord> reader = readerAtEnd(Topics.CERTIFICATES)) {
                Measure m = new Measure();
                try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                    for (int i = 0; i < events; i++) {
                        String personId = people.get(next[0]++);
                        VaccinationAdministered dose = VaccinationAdministered.newBuilder()
                                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                                .setClinicId("clinic-bench").setTargetDisease("840539006").setVaccineType("J07BX03")
                                .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-1").setDoseNumber(1)
                                .setSeriesDoses(2).setAdministeredAt(Instant.now()).setCountry("SE").setVaccinator("v").build();
                        waiting.add(dose.getEventId());
                        producer.send(new ProducerRecord<>(Topics.VACCINATIONS.name(), personId, dose));
                    }
                }
                double seconds = readUntil(reader, events, "issued", record ->
                        record.value() instanceof CertificateIssued issued && waiting.remove(issued.getVaccinationEventId()));
                awaitQuiet();
                Run r = m.end(0, Map.of());
                int issued = events - waiting.size();
                r = new Run(issued / seconds, r.seconds(), r.cpu(), r.records(),
                        Map.of("events", events, "issued", issued, "cpuMsPerCertificate", perDecision(r.cpu(), issued)));
                System.out.printf("  certificates %s: %,.0f/s%n", label, r.value());
                return r;
            }
        });
        report("certificates", "Certificates: vaccination events to signed, stored certificates", "certificates/s",
                warmed.runs(), Map.of("eventsPerRun", perRun, "warmUps", warmed.warmUps()),
                "Registered people (PersonRegistered first); VaccinationAdministered events produced at once; the figure "
                        + "is CertificateIssued events read back / seconds from the first send to the last. CPU and records "
                        + "include the notifier's 'certificate ready' texts until the system is quiet.");
    }

    // ---- 3. availability reads ----

    void reads(int runs) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(1);
        List<String> clinics = openClinics(20, day, 24, 10);
        List<String> paths = new ArrayList<>();
        for (String clinic : clinics) {
            for (int i = 0; i < 3; i++) {
                paths.add("/clinics/" + clinic + "/slots?date=" + day);
            }
            paths.add("/clinics?near=59.3" + paths.size() % 10 + ",18.0" + paths.size() % 7 + "&date=" + day + "&service=covid-19");
        }
        Path script = Wrk.script(work, paths);
        String base = ready.getProperty("url.booking-api");
        // booking-api's read path needs a long warm-up on 2 cores: with 10 s, three runs after it gave 1,593, 3,051 and
        // 7,848 reads/s, still climbing.
        Wrk.run(base, script, 2, 64, Duration.ofSeconds(60)); // warm-up
        List<Run> measured = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Measure m = new Measure();
            Wrk.Run w = Wrk.run(base, script, 2, 64, Duration.ofSeconds(20));
            Run r = m.end(0, Map.of());
            measured.add(new Run(w.requestsPerSecond(), r.seconds(), r.cpu(), r.records(), Map.of("wrk", w.summary())));
            System.out.printf("  reads run %d: %,.0f/s, p99 %s ms%n", run, w.requestsPerSecond(), w.latencyMs().get("p99Ms"));
        }
        report("reads", "Availability reads from wrk: a clinic-day's slots (3 in 4) and the nearest clinics (1 in 4)",
                "reads/s", measured, Map.of("connections", 64, "wrkThreads", 2, "secondsPerRun", 20, "paths", paths.size()),
                "wrk keeps 64 connections busy (closed loop), so the figure is the throughput at saturation and the "
                        + "latency percentiles are those at that load; wrk's own CPU is in the load generator's line.");
    }

    // ---- 1. bookings through REST ----

    void bookings(int runs) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        List<String> clinics = openClinics(40, day, 32, 1_000);
        Seats seats = new Seats(clinics, day);
        String base = ready.getProperty("url.booking-api");
        OpenLoop loop = new OpenLoop();
        HopTimes hops = new HopTimes(kafka.clientConfig());
        // Whole sweeps warm the stack up until the figure stops rising: after a fixed 60 s at 25/s the three measured
        // sweeps of one session passed 30, 50 and 200/s (2026-12-01 10:08), each warmer than the one before.
        Warmed warmed = warmThenRun(runs, label -> {
            List<Map<String, Object>> steps = new ArrayList<>();
            int best = 0;
            double p50At50 = -1;
            Map<String, Double> cpuAtBest = Map.of();
            Map<String, Long> recordsAtBest = Map.of();
            double secondsAtBest = 0;
            boolean failed = false;
            // The sweep before ended past saturation, with outcomes still on their way (decided seconds late): they
            // would be measured with this sweep's first steps, and a person's next dose asked while the last is pending.
            awaitQuiet();
            for (int rate : RATES) {
                seats.ensure((int) (rate * STEP.toSeconds()));
                Measure m = new Measure();
                hops.take();
                OpenLoop.Step step = loop.run(rate, STEP, Duration.ofSeconds(30), i -> seats.request(base), seats::answered);
                Run r = m.end(0, Map.of());
                Map<String, Map<String, Object>> hopTimes = hops.take();
                Map<String, Object> summary = step.summary();
                summary.put("hops", hopTimes);
                summary.put("confirmedPerSecond", Math.round(step.status(201) / step.seconds()));
                summary.put("cpuSeconds", r.cpu());
                summary.put("recordsWritten", r.totalRecords());
                steps.add(summary);
                boolean passed = step.millis(99) < P99_LIMIT_MS && step.status(201) == step.sent();
                System.out.printf("  sweep %s, %,d/s: p50 %.1f ms, p99 %.1f ms, %s%s%n", label, rate, step.millis(50),
                        step.millis(99), step.statuses(), passed ? "" : "  <- over the limit");
                System.out.println("    " + HopTimes.line(hopTimes));
                if (rate == 50) {
                    p50At50 = step.millis(50);
                }
                if (!passed) {
                    failed = true;
                }
                if (step.millis(99) >= 2_000 || step.status(201) != step.sent()) {
                    break; // past saturation: the steps so far show where it was
                }
                if (failed) {
                    continue; // the figure is settled; the next rates show how latency grows towards saturation
                }
                best = rate;
                cpuAtBest = r.cpu();
                recordsAtBest = r.records();
                secondsAtBest = r.seconds();
            }
            System.out.printf("  sweep %s: %,d bookings/s%n", label, best);
            return new Run(best, secondsAtBest, cpuAtBest, recordsAtBest, Map.of("p50MsAt50PerSecond", p50At50, "steps", steps));
        });
        hops.close();
        List<Run> measured = warmed.runs();
        List<Double> p50s = measured.stream().map(r -> (Double) r.extra().get("p50MsAt50PerSecond")).sorted().toList();
        report("bookings", "Confirmed bookings through REST, open loop, p99 under 250 ms", "bookings/s", measured,
                Map.of("p50MsAt50PerSecondMedian", p50s.get(p50s.size() / 2), "stepSeconds", STEP.toSeconds(),
                        "clinics", clinics.size(), "seatsPerClinic", 32 * 1_000, "warmUps", warmed.warmUps()),
                "Whole sweeps warm the stack up first, until a sweep's figure is less than 10 % above the one before "
                        + "(" + MIN_WARM_UPS + " to " + MAX_WARM_UPS + " of them; their figures are warmUps). "
                        + "Each sweep tries the rates " + java.util.Arrays.toString(RATES) + " per second for " + STEP.toSeconds()
                        + " s each and stops at the first whose p99 (timed from each request's intended start) reaches 250 ms "
                        + "or that is not all 201; the figure is the highest rate that passed. The sweep goes on past it until "
                        + "p99 reaches 2 s, to show how latency grows towards saturation. Every request is a logged-in "
                        + "person (one-time code read from the notifier's inbox before the sweep) booking a dose they do not "
                        + "hold yet, at one of 40 clinics with 32,000 seats each, from its own X-Forwarded-For address.",
                "CPU seconds and records of the median sweep are those of its highest passing step.",
                "Each step's hops: for the records read (read_committed) on booking-commands, the guard's seat requests, "
                        + "booking-events and the outcomes back at the guard, the ms from booking-api's send of the command "
                        + "(the records' timestamp, which the stream carries through) to the bench reading them.");
    }

    /**
     * One booking at a time on an otherwise idle stack: the floor under every booking's latency, where the
     * open-loop sweep shows how it grows with the rate. Each run books 100 doses of different people, 50 ms apart,
     * each timed from its send to its answer.
     */
    void latency(int runs) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        List<String> clinics = openClinics(12, day, 32, 1_000);
        Seats seats = new Seats(clinics, day);
        String base = ready.getProperty("url.booking-api");
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        seats.ensure(40);
        System.out.println("Latency: warm-up of 40 bookings one at a time...");
        for (int i = 0; i < 40; i++) {
            HttpRequest warming = seats.request(base);
            seats.answered(warming, client.send(warming, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            Thread.sleep(50);
        }
        List<Run> measured = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            org.HdrHistogram.Histogram latency = new org.HdrHistogram.Histogram(3);
            Map<Integer, Integer> statuses = new TreeMap<>();
            seats.ensure(100);
            Measure m = new Measure();
            for (int i = 0; i < 100; i++) {
                long sent = System.nanoTime();
                HttpRequest booking = seats.request(base);
                int status = client.send(booking, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                seats.answered(booking, status);
                latency.recordValue(System.nanoTime() - sent);
                statuses.merge(status, 1, Integer::sum);
                Thread.sleep(50);
            }
            double p50 = latency.getValueAtPercentile(50) / 1e6;
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("p50Ms", p50);
            extra.put("p90Ms", latency.getValueAtPercentile(90) / 1e6);
            extra.put("p99Ms", latency.getValueAtPercentile(99) / 1e6);
            extra.put("maxMs", latency.getMaxValue() / 1e6);
            extra.put("over1s", latency.getCountBetweenValues(1_000_000_000L, Long.MAX_VALUE));
            extra.put("statuses", statuses);
            System.out.printf("  run %d: p50 %.1f ms, p90 %.1f ms, max %.1f ms, %s%n", run, p50,
                    latency.getValueAtPercentile(90) / 1e6, latency.getMaxValue() / 1e6, statuses);
            measured.add(m.end(p50, extra));
        }
        report("latency", "One booking at a time through REST, send to answer", "ms (p50)", measured,
                Map.of("bookingsPerRun", 100, "pauseMs", 50, "clinics", clinics.size()),
                "Each run books 100 doses of different logged-in people one after another, 50 ms apart, after a "
                        + "warm-up of 40; each is timed from its send to its answer. The value is the run's p50; the median "
                        + "run is the one with the middle p50. 202 means the outcome had not come within booking-api's wait.");
    }

    /**
     * Logged-in people and the doses they can still book (each login adds 4 people, each with 10 doses). A step's
     * requests come from as many different people: the person guard refuses a person's next dose while their
     * previous one is still on its way (ALREADY_BOOKED), so one person's doses are a step apart.
     */
    private final class Seats {
        private record Pair(Person person, int dose) {
        }

        private static final class Person {
            final String token;
            final String personId;
            final String address;
            int nextDose = 1;

            Person(String token, String personId, String address) {
                this.token = token;
                this.personId = personId;
                this.address = address;
            }

            /** Never asked again: what they hold is not known to the bench. */
            void retire() {
                nextDose = Integer.MAX_VALUE;
            }
        }

        private final List<Person> people = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ConcurrentLinkedQueue<Pair> free = new ConcurrentLinkedQueue<>();
        private final Map<HttpRequest, Person> asked = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
        private final List<String> clinics;
        private final LocalDate day;

        Seats(List<String> clinics, LocalDate day) {
            this.clinics = clinics;
            this.day = day;
            // Each person books ten doses: the bench's covid-19 is a series of ten with no interval, each dose in a later
            // slot than the one before (request() below), so every request is one the person guard grants. Without the
            // definition the service is one dose, and every dose after the first would be ALREADY_BOOKED.
            Api.require(api.call("PUT", "/services/covid-19", "{\"doses\": 10, \"minIntervalDays\": 0}", admin, Api.newAddress(),
                    null), 200);
        }

        /** Makes the next {@code requests} requests, each of a different person's next dose. */
        void ensure(int requests) throws Exception {
            Pair unused;
            while ((unused = free.poll()) != null) {
                unused.person().nextDose = Math.min(unused.person().nextDose, unused.dose());
            }
            // Still unanswered after the step's patience: as unknown as a 202 (answered() below).
            synchronized (asked) {
                asked.values().forEach(Person::retire);
                asked.clear();
            }
            long available = people.stream().filter(p -> p.nextDose <= 10).count();
            int logins = (int) ((requests - available + 3) / 4);
            if (logins > 0) {
                System.out.printf("  logging in %,d more phones with one-time codes (4 people each)...%n", logins);
                ExecutorService pool = Executors.newFixedThreadPool(32);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < logins; i++) {
                    done.add(pool.submit(() -> {
                        String address = Api.newAddress();
                        String token = api.login(Api.newPhone(), address);
                        for (int p = 0; p < 4; p++) {
                            people.add(new Person(token, api.addPerson(token, "Bench Person", 1970), address));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                // The logins' texts and projections finish before the next step, so that step measures bookings only.
                awaitQuiet();
            }
            List<Person> next = new ArrayList<>(people.stream().filter(p -> p.nextDose <= 10).toList());
            java.util.Collections.shuffle(next);
            next.sort(Comparator.comparingInt(p -> p.nextDose));
            for (Person person : next.subList(0, Math.min(requests, next.size()))) {
                free.add(new Pair(person, person.nextDose++));
            }
        }

        HttpRequest request(String base) {
            Pair p = free.poll();
            if (p == null) {
                throw new IllegalStateException("Ran out of people to book for");
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String body = """
                    {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s", "doseNumber": %d}"""
                    .formatted(p.person().personId, clinics.get(random.nextInt(clinics.size())),
                            Clinics.at(day, 9, 0).plus(Duration.ofMinutes(15L * (3 * (p.dose() - 1) + random.nextInt(3)))), p.dose());
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/appointments"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + p.person().token)
                    .header("X-Forwarded-For", p.person().address)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            asked.put(request, p.person());
            return request;
        }

        /**
         * A person whose booking was not answered 201 is not asked again: after a 202 the dose may be booked later or
         * not, and a 409 says the bench's count of their doses is wrong. Asked for their next dose, they would be refused
         * (the dose before still being made, or not the dose due) in every sweep after (2026-12-02: 8 such refusals in
         * each sweep after a warm-up that was answered 202).
         */
        void answered(HttpRequest request, int status) {
            Person person = asked.remove(request);
            if (person != null && status != 201) {
                person.retire();
            }
        }
    }

    // ---- shared ----

    private List<String> openClinics(int count, LocalDate day, int slots, int seats) throws Exception {
        System.out.printf("Opening %d clinics on %s (%d slots x %,d seats)...%n", count, day, slots, seats);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opened.add(pool.submit(() -> Clinics.open(api, admin, day, slots, seats)));
        }
        List<String> clinics = new ArrayList<>();
        for (Future<String> f : opened) {
            clinics.add(f.get());
        }
        pool.shutdown();
        return clinics;
    }

    /** People on the people topic, as booking-api registers them; waits until every consumer of it has read them. */
    private List<String> registerPeople(int count) throws Exception {
        System.out.printf("Registering %,d people on the people topic...%n", count);
        List<String> people = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (int i = 0; i < count; i++) {
                String personId = "bench-" + UUID.randomUUID();
                people.add(personId);
                producer.send(new ProducerRecord<>(Topics.PEOPLE.name(), personId, PersonRegistered.newBuilder()
                        .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                        .setPhone("+4670" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999))
                        .setName("Bench Person " + i).setBirthDate(LocalDate.of(1970, 1, 1)).setBirthYear(1970).build()));
            }
        }
        awaitCaughtUp(Topics.PEOPLE.name());
        return people;
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        return new KafkaProducer<>(producerConfig, new StringSerializer(),
                AvroSerdes.<SpecificRecord>valueSerde(ready.getProperty("registry")).serializer());
    }

    private KafkaConsumer<String, SpecificRecord> readerAtEnd(TopicSpec topic) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.config(ready.getProperty("registry")));
        config.putAll(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<String, SpecificRecord> reader = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.<SpecificRecord>valueSerde(ready.getProperty("registry")).deserializer());
        List<TopicPartition> partitions = reader.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
        reader.assign(partitions);
        reader.seekToEnd(partitions);
        partitions.forEach(reader::position);
        return reader;
    }

    /** Reads until {@code wanted} records matched (at most 10 minutes); the seconds from now to the last match. */
    private static double readUntil(KafkaConsumer<String, SpecificRecord> reader, int wanted, String what,
            Predicate<ConsumerRecord<String, SpecificRecord>> matches) {
        long started = System.nanoTime();
        long last = started;
        long lastReport = started;
        int seen = 0;
        long deadline = started + Duration.ofMinutes(10).toNanos();
        while (seen < wanted && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, SpecificRecord> record : reader.poll(Duration.ofMillis(100))) {
                if (matches.test(record)) {
                    seen++;
                    last = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("    %,d of %,d %s%n", seen, wanted, what);
            }
        }
        return (last - started) / 1e9;
    }

    /** End offsets of every topic, internal ones included, summed over partitions. */
    private Map<String, Long> endOffsets() {
        try {
            Set<String> topics = kafkaAdmin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            Map<String, TopicDescription> described = kafkaAdmin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()),
                    OffsetSpec.latest())));
            Map<String, Long> ends = new TreeMap<>();
            kafkaAdmin.listOffsets(request).all().get().forEach((tp, info) -> ends.merge(tp.topic(), info.offset(), Long::sum));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("Could not read end offsets", e);
        }
    }

    /**
     * Waits until no topic grows for 2 s (at most 2 minutes): the system is done. Kafka's own topics do not count:
     * consumers commit offsets and the stream commits (empty) transactions on a timer whether or not work remains.
     */
    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long previous = -1;
        while (System.nanoTime() < deadline) {
            long sum = endOffsets().entrySet().stream().filter(e -> !e.getKey().startsWith("__"))
                    .mapToLong(Map.Entry::getValue).sum();
            if (sum == previous) {
                return;
            }
            previous = sum;
            Thread.sleep(2_000);
        }
    }

    /** Waits until every consumer group with a member reading {@code topic} has committed its end (at most 10 minutes). */
    private void awaitCaughtUp(String topic) throws Exception {
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            TopicDescription d = kafkaAdmin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            kafkaAdmin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            long lag = 0;
            List<String> groups = kafkaAdmin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).toList();
            for (var group : kafkaAdmin.describeConsumerGroups(groups).all().get().values()) {
                boolean reads = group.members().stream().anyMatch(m -> m.assignment().topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().equals(topic)));
                if (!reads) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = kafkaAdmin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                boolean commits = committed.keySet().stream().anyMatch(tp -> tp.topic().equals(topic));
                if (!commits && System.nanoTime() - started > Duration.ofSeconds(30).toNanos()) {
                    continue; // a reader that keeps no offsets (e.g. the web dashboard's): nothing to wait for
                }
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    lag += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
                }
            }
            if (lag == 0) {
                return;
            }
            Thread.sleep(500);
        }
        System.out.println("  (the consumers of " + topic + " did not catch up within 10 minutes; going on)");
    }

    private static BookAppointment command(String personId, String clinicId, Instant slotStart, int dose) {
        return BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString()).setRequestId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(slotStart).setDoseNumber(dose).setPriority(false).setAgeYears(56).build();
    }
}
