package io.vaxline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmarks that need the whole system, on one stack started once, in this order: the raw
 * Kafka producer (the physical limit), scheduler-stream decisions from commands produced straight
 * to Kafka, notifications through the notifier, availability reads, and the booking rush through
 * REST. {@code ./vaxline bench stack [raw|decisions|notifications|reads|rush|all, or several with commas]}.
 */
public final class StackBenchmark {

    private static final ZoneId ZONE = ZoneId.of(Clinics.ZONE);

    private final VaxlineStack stack;
    private final Endpoints endpoints;
    private final Api api;
    private final Path results;
    private final Properties producerConfig = new Properties();
    private String admin;

    private StackBenchmark(VaxlineStack stack, Path results) {
        this.stack = stack;
        this.endpoints = stack.infrastructure().endpoints();
        this.api = new Api(stack);
        this.results = results;
        producerConfig.putAll(AvroSerdes.config(endpoints.registryUrl()));
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    }

    public static void main(String[] args) throws Exception {
        Set<String> which = Set.of((args.length > 0 ? args[0] : "all").split(","));
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        Path dataDir = repoRoot.resolve("bench/target/stack-" + System.currentTimeMillis());
        System.out.println("Starting the whole stack in " + dataDir + " ...");
        Map<Service, Map<String, String>> environment = new java.util.EnumMap<>(Service.class);
        environment.put(Service.BOOKING_API, new HashMap<>(Map.of("PROXY_ADDRESS_FORWARDING", "true", "BOOKING_REPLY_TIMEOUT", "PT10S")));
        environment.put(Service.NOTIFIER, new HashMap<>(Map.of("NOTIFIER_MESSAGES_PER_SECOND", "100000")));
        // STREAM_* variables of this process (e.g. STREAM_COMMIT_INTERVAL_MS) go to scheduler-stream, to compare settings.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("STREAM_")) {
                environment.computeIfAbsent(Service.SCHEDULER_STREAM, s -> new HashMap<>()).put(name, value);
            }
        });
        // VAXLINE_BENCH_JFR=scheduler-stream,notifier records a JFR profile of those services, written when they stop.
        for (String module : System.getProperty("vaxline.bench.jfr", System.getenv().getOrDefault("VAXLINE_BENCH_JFR", "")).split(",")) {
            for (Service service : Service.values()) {
                if (service.module().equals(module.strip())) {
                    Path recording = repoRoot.resolve("bench/target/" + module + "-" + System.currentTimeMillis() + ".jfr");
                    environment.computeIfAbsent(service, s -> new HashMap<>()).put("JAVA_TOOL_OPTIONS",
                            "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
                    System.out.println("Profiling " + module + " into " + recording);
                }
            }
        }
        try (VaxlineStack stack = VaxlineStack.startForTest(repoRoot, dataDir, environment, line -> System.out.println("  " + line))) {
            StackBenchmark bench = new StackBenchmark(stack, repoRoot.resolve("bench/results"));
            bench.admin = bench.api.adminToken();
            double raw = 0;
            if (which.contains("all") || which.contains("raw")) {
                raw = bench.rawProducer(300_000);
            }
            if (which.contains("all") || which.contains("decisions")) {
                bench.decisions(50_000, raw);
            }
            if (which.contains("all") || which.contains("notifications")) {
                bench.notifications(20_000, raw);
            }
            if (which.contains("all") || which.contains("reads")) {
                bench.reads(Duration.ofSeconds(30), 32);
            }
            if (which.contains("all") || which.contains("rush")) {
                bench.rush(50, Duration.ofSeconds(60), Duration.ofSeconds(60), 64);
            }
        }
    }

    /** 7. The physical limit: records of a booking command's size, acks=all, as fast as one producer goes. */
    double rawProducer(int records) throws Exception {
        byte[] value = AvroSerdes.<SpecificRecord>valueSerde(endpoints.registryUrl()).serializer()
                .serialize(Topics.BOOKING_COMMANDS.name(), command("size-probe", "clinic", Instant.now()));
        String topic = "bench-raw-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.BOOKING_COMMANDS.partitions(), (short) 1))).all().get();
        }
        System.out.printf("Raw producer: %,d records of %d bytes...%n", records, value.length);
        Latencies acks = new Latencies();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "person-" + (i % 100_000), value), (m, e) -> acks.record(System.nanoTime() - sent));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = records / seconds;
        write(new Results("raw-producer", "Raw Kafka producer: the physical limit of this machine")
                .put("records", records).put("recordBytes", value.length).put("seconds", round(seconds))
                .put("recordsPerSecond", Math.round(perSecond)).put("megabytesPerSecond", round(perSecond * value.length / 1e6))
                .put("ackLatency", acks.percentiles()).put("rssMiB", Results.rssOf(stack))
                .note("One producer, acks=all, linger 5 ms, batches of 64 KiB, to a topic with the partitions of "
                        + "booking-commands; the broker runs in the benchmark's JVM on the same 2 cores."));
        return perSecond;
    }

    /** 2. Decisions only: booking commands straight to Kafka, outcomes read back from booking-events. */
    void decisions(int commands, double raw) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(1);
        List<String> clinics = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clinics.add(Clinics.open(api, admin, day, 12, 500));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latency = new Latencies();
        AtomicInteger outcomes = new AtomicInteger();
        AtomicInteger booked = new AtomicInteger();
        try (KafkaConsumer<String, SpecificRecord> reader = reader()) {
            List<TopicPartition> partitions = partitions(reader, Topics.BOOKING_EVENTS.name());
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            System.out.printf("Decisions: %,d booking commands straight to Kafka...%n", commands);
            long started = System.nanoTime();
            try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                for (int i = 0; i < commands; i++) {
                    String clinic = clinics.get(i % clinics.size());
                    BookAppointment command = command("bench-" + UUID.randomUUID(), clinic,
                            Clinics.at(day, 9, 0).plus(Duration.ofMinutes(15L * ThreadLocalRandom.current().nextInt(12))));
                    sentAt.put(command.getRequestId(), System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.BOOKING_COMMANDS.name(), command.getPersonId(), command));
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long lastReport = System.nanoTime();
            while (outcomes.get() < commands && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : reader.poll(Duration.ofMillis(200))) {
                    String requestId = BookingOutcome.of(record.value()).map(BookingOutcome::requestId).orElse(null);
                    Long sent = requestId == null ? null : sentAt.remove(requestId);
                    if (sent != null) {
                        latency.record(System.nanoTime() - sent);
                        outcomes.incrementAndGet();
                        if (record.value() instanceof AppointmentBooked) {
                            booked.incrementAndGet();
                        }
                    }
                }
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("  %,d of %,d decided (%.0f%%)%n", outcomes.get(), commands, 100.0 * outcomes.get() / commands);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            write(new Results("decisions", "Decisions only: booking commands produced to Kafka, decided by scheduler-stream")
                    .put("commands", commands).put("decided", outcomes.get()).put("booked", booked.get())
                    .put("seconds", round(seconds)).put("decisionsPerSecond", Math.round(outcomes.get() / seconds))
                    .put("fractionOfRawProducer", raw == 0 ? "not measured" : round(outcomes.get() / seconds / raw * 100) + " %")
                    .put("commandToOutcome", latency.percentiles()).put("rssMiB", Results.rssOf(stack))
                    .note("10 clinics x 12 slots x 500 seats; each command is a new person. Latency is from the send to "
                            + "reading the committed outcome (read_committed), so it includes the Streams transaction commit interval."));
        }
    }

    /** 6. Notifications: one-time codes to the notifier, texts through the recording channel with dedupe on. */
    void notifications(int messages, double raw) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latency = new Latencies();
        int delivered = 0;
        try (KafkaConsumer<String, SpecificRecord> reader = reader()) {
            List<TopicPartition> partitions = partitions(reader, Topics.NOTIFICATIONS.name());
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            System.out.printf("Notifications: %,d one-time codes...%n", messages);
            long started = System.nanoTime();
            try (KafkaProducer<String, SpecificRecord> producer = producer()) {
                for (int i = 0; i < messages; i++) {
                    String phone = "+4672" + String.format("%07d", i);
                    OtpRequested otp = OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString())
                            .setOccurredAt(Instant.now()).setPhone(phone).setCode("123456").setLanguage("en")
                            .setExpiresAt(Instant.now().plus(Duration.ofMinutes(5))).build();
                    sentAt.put(otp.getEventId(), System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.ONE_TIME_CODES.name(), phone, otp));
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long lastReport = System.nanoTime();
            while (delivered < messages && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof NotificationSent sent && sentAt.containsKey(sent.getSourceEventId())) {
                        latency.record(System.nanoTime() - sentAt.remove(sent.getSourceEventId()));
                        delivered++;
                    }
                }
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("  %,d of %,d sent (%.0f%%)%n", delivered, messages, 100.0 * delivered / messages);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            write(new Results("notifications", "Notifications: one-time codes through the notifier to the recording channel")
                    .put("messages", messages).put("sent", delivered).put("seconds", round(seconds))
                    .put("messagesPerSecond", Math.round(delivered / seconds))
                    .put("fractionOfRawProducer", raw == 0 ? "not measured" : round(delivered / seconds / raw * 100) + " %")
                    .put("requestToSent", latency.percentiles()).put("rssMiB", Results.rssOf(stack))
                    .note("Each message claims its idempotency record in PostgreSQL, passes the rate limiter (set to "
                            + "100,000/s here), is written to the recording channel's journal and audited as NotificationSent."));
        }
    }

    /** 3. Availability reads: a clinic's slots and the nearest-clinics search, from many threads at once. */
    void reads(Duration duration, int threads) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(1);
        List<String> clinics = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clinics.add(Clinics.open(api, admin, day, 12, 10));
        }
        Latencies slots = new Latencies();
        Latencies nearest = new Latencies();
        AtomicLong errors = new AtomicLong();
        System.out.printf("Reads: %d threads for %d s...%n", threads, duration.toSeconds());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    boolean search = random.nextInt(4) == 0;
                    String path = search ? "/clinics?near=59.3" + random.nextInt(10) + ",18.0" + random.nextInt(10)
                            + "&date=" + day + "&service=covid-19"
                            : "/clinics/" + clinics.get(random.nextInt(clinics.size())) + "/slots?date=" + day;
                    long t0 = System.nanoTime();
                    int status = api.call("GET", path, null, null, Api.newAddress(), null).status();
                    (search ? nearest : slots).record(System.nanoTime() - t0);
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        write(new Results("reads", "Availability reads through REST")
                .put("threads", threads).put("seconds", round(seconds))
                .put("readsPerSecond", Math.round((slots.count() + nearest.count()) / seconds))
                .put("slotReads", slots.count()).put("slotLatency", slots.percentiles())
                .put("nearestSearches", nearest.count()).put("nearestLatency", nearest.percentiles())
                .put("errors", errors.get()).put("rssMiB", Results.rssOf(stack))
                .note("The load generator (java.net.http, one request at a time per thread) shares the 2 cores with booking-api."));
    }

    /**
     * 1. The booking rush through REST: people log in with a one-time code (read from the notifier's
     * inbox), then book at a fixed arrival rate, then as fast as the workers can; afterwards no slot
     * may be over capacity and every confirmed booking must be in booking-events.
     */
    void rush(int perSecond, Duration fixed, Duration saturation, int workers) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(2);
        int seats = 10;
        int slotsPerClinic = 12;
        List<String> clinics = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clinics.add(Clinics.open(api, admin, day, slotsPerClinic, seats));
        }
        int people = (int) (perSecond * fixed.toSeconds());
        System.out.printf("Rush: logging in %,d people with one-time codes...%n", people);
        record Person(String token, String personId, String address) {
        }
        List<Person> crowd = java.util.Collections.synchronizedList(new ArrayList<>());
        Latencies logins = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long loginStart = System.nanoTime();
        List<Future<?>> logging = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            logging.add(pool.submit(() -> {
                String address = Api.newAddress();
                long t0 = System.nanoTime();
                String token = api.login(Api.newPhone(), address);
                logins.record(System.nanoTime() - t0);
                crowd.add(new Person(token, api.addPerson(token, "Rush Person", 1970), address));
            }));
        }
        for (Future<?> f : logging) {
            f.get();
        }
        double loginSeconds = (System.nanoTime() - loginStart) / 1e9;

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        Latencies fixedLatency = new Latencies();
        Latencies saturatedLatency = new Latencies();
        AtomicInteger next = new AtomicInteger();
        System.out.printf("Rush: %d bookings/s for %d s...%n", perSecond, fixed.toSeconds());
        ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();
        long fixedStart = System.nanoTime();
        List<Future<?>> fixedRequests = new ArrayList<>();
        arrivals.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < crowd.size()) {
                fixedRequests.add(pool.submit(() -> bookOnce(crowd.get(i).token(), crowd.get(i).personId(),
                        crowd.get(i).address(), clinics, day, slotsPerClinic, statuses, confirmed, fixedLatency)));
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        Thread.sleep(fixed.toMillis());
        arrivals.shutdown();
        arrivals.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (fixedRequests) {
            for (Future<?> f : new ArrayList<>(fixedRequests)) {
                f.get();
            }
        }
        double fixedSeconds = (System.nanoTime() - fixedStart) / 1e9;
        int fixedConfirmed = confirmed.size();

        System.out.printf("Rush: saturation with %d workers for %d s (people who hold a booking try again: each "
                + "request is a full decision)...%n", workers, saturation.toSeconds());
        long saturationEnd = System.nanoTime() + saturation.toNanos();
        long saturationStart = System.nanoTime();
        List<Future<?>> saturating = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            saturating.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < saturationEnd) {
                    Person p = crowd.get(random.nextInt(crowd.size()));
                    bookOnce(p.token(), p.personId(), p.address(), clinics, day, slotsPerClinic, statuses, confirmed,
                            saturatedLatency);
                }
            }));
        }
        for (Future<?> f : saturating) {
            f.get();
        }
        pool.shutdown();
        double saturationSeconds = (System.nanoTime() - saturationStart) / 1e9;

        // Checks: capacity per slot and every confirmed booking in booking-events.
        Map<String, Integer> perSlot = new HashMap<>();
        Set<String> inLog = new HashSet<>();
        Set<String> ours = new HashSet<>(clinics);
        try (TopicClient kafka = new TopicClient(endpoints)) {
            for (ConsumerRecord<String, SpecificRecord> record : kafka.readToEnd(Topics.BOOKING_EVENTS)) {
                if (record.value() instanceof AppointmentBooked b && ours.contains(b.getClinicId())) {
                    perSlot.merge(b.getClinicId() + "@" + b.getSlotStart(), 1, Integer::sum);
                    inLog.add(b.getAppointmentId());
                } else if (record.value() instanceof AppointmentCancelled c && ours.contains(c.getClinicId())) {
                    perSlot.merge(c.getClinicId() + "@" + c.getSlotStart(), -1, Integer::sum);
                }
            }
        }
        long overCapacity = perSlot.values().stream().filter(n -> n > seats).count();
        long missing = confirmed.stream().filter(id -> !inLog.contains(id)).count();
        Map<String, Integer> statusCounts = new java.util.TreeMap<>();
        statuses.forEach((status, n) -> statusCounts.put(String.valueOf(status), n.get()));
        long unanswered = statuses.entrySet().stream().filter(e -> e.getKey() != 201 && e.getKey() != 409 && e.getKey() != 202)
                .mapToLong(e -> e.getValue().get()).sum();
        write(new Results("rush", "Booking rush through REST: one-time-code login, then book")
                .put("clinics", clinics.size()).put("seats", clinics.size() * slotsPerClinic * seats)
                .put("people", crowd.size())
                .put("loginsPerSecond", Math.round(crowd.size() / loginSeconds)).put("loginLatency", logins.percentiles())
                .put("fixedRatePerSecond", perSecond).put("fixedRateSeconds", round(fixedSeconds))
                .put("fixedRateLatency", fixedLatency.percentiles()).put("fixedRateConfirmed", fixedConfirmed)
                .put("saturationWorkers", workers).put("saturationSeconds", round(saturationSeconds))
                .put("saturationRequestsPerSecond", Math.round(saturatedLatency.count() / saturationSeconds))
                .put("saturationLatency", saturatedLatency.percentiles())
                .put("confirmedBookings", confirmed.size()).put("httpStatuses", statusCounts)
                .put("checkSlotsOverCapacity", overCapacity).put("checkConfirmedMissingFromBookingEvents", missing)
                .put("checkRequestsWithoutAnAnswer", unanswered)
                .put("rssMiB", Results.rssOf(stack))
                .note("Every request is answered with 201 (booked), 409 (slot full, already booked) or 202 (decision "
                        + "still pending); anything else counts as unanswered. Confirmed bookings are limited by the "
                        + "seats, so the saturation phase measures decisions through REST rather than confirmations."));
        if (overCapacity > 0 || missing > 0) {
            System.out.println("CHECK FAILED: " + overCapacity + " slots over capacity, " + missing + " confirmed bookings missing");
        }
    }

    private void bookOnce(String token, String personId, String address, List<String> clinics, LocalDate day, int slots,
            Map<Integer, AtomicInteger> statuses, Set<String> confirmed, Latencies latency) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String clinic = clinics.get(random.nextInt(clinics.size()));
        long t0 = System.nanoTime();
        Api.Reply reply;
        try {
            reply = api.call("POST", "/appointments", Clinics.booking(personId, clinic,
                    Clinics.at(day, 9, 0).plus(Duration.ofMinutes(15L * random.nextInt(slots)))), token, address,
                    UUID.randomUUID().toString());
        } catch (RuntimeException e) {
            statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        latency.record(System.nanoTime() - t0);
        statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
        if (reply.status() == 201) {
            confirmed.add(reply.text("appointmentId"));
        }
    }

    private static BookAppointment command(String personId, String clinicId, Instant slotStart) {
        return BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString()).setRequestId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(slotStart).setDoseNumber(1).setPriority(false).setAgeYears(40).build();
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        return new KafkaProducer<>(producerConfig, new StringSerializer(),
                AvroSerdes.<SpecificRecord>valueSerde(endpoints.registryUrl()).serializer());
    }

    private KafkaConsumer<String, SpecificRecord> reader() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.<SpecificRecord>valueSerde(endpoints.registryUrl()).deserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private void write(Results result) throws java.io.IOException {
        result.write(results);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
