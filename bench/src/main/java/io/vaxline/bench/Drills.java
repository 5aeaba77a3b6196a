package io.vaxline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.Sql;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.OtpRequested;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Failure drills against the whole system on this machine: crashes (kill -9) of scheduler-stream,
 * the notifier and certificate-service under load, the broker stopped and restarted during a rush,
 * poison records on every input topic, and thousands of hostile REST requests. After each, the
 * invariants are checked and a pass/fail table is printed and written to bench/results/drills.md.
 * {@code ./vaxline drills}.
 */
public final class Drills {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of(Clinics.ZONE);

    private record Outcome(String drill, boolean passed, String detail) {
    }

    private final VaxlineStack stack;
    private final Endpoints endpoints;
    private final Api api;
    private final TopicClient kafka;
    private final String admin;
    private final List<Outcome> outcomes = new ArrayList<>();
    private List<String> selected = List.of();

    private Drills(VaxlineStack stack) {
        this.stack = stack;
        this.endpoints = stack.infrastructure().endpoints();
        this.api = new Api(stack);
        this.kafka = new TopicClient(endpoints);
        this.admin = api.adminToken();
    }

    public static void main(String[] args) throws Exception {
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        Path dataDir = repoRoot.resolve("bench/target/drills-" + System.currentTimeMillis());
        System.out.println("Starting the whole stack in " + dataDir + " ...");
        Drills drills;
        try (VaxlineStack stack = VaxlineStack.startForTest(repoRoot, dataDir, Map.of(
                Service.BOOKING_API, Map.of("PROXY_ADDRESS_FORWARDING", "true"),
                Service.NOTIFIER, Map.of("NOTIFIER_MESSAGES_PER_SECOND", "5000")), line -> System.out.println("  " + line))) {
            drills = new Drills(stack);
            List<String> only = List.of(args);
            drills.selected = only;
            drills.run("kill -9 scheduler-stream three times during a booking rush", drills::schedulerCrashes);
            drills.run("kill -9 the notifier during a burst of 2,000 texts", drills::notifierCrash);
            drills.run("kill -9 certificate-service during 2,000 doses, then replay", drills::certificateCrash);
            drills.run("stop and restart the Kafka broker during a booking rush", drills::brokerRestart);
            drills.run("poison records on every input topic", drills::poison);
            drills.run("10,000 malformed or hostile REST requests", drills::hostileRequests);
            drills.kafka.close();
        }
        // A run of some drills only must not replace the report of a full run.
        Results results = drills.selected.isEmpty() ? new Results("drills", "Failure drills")
                : new Results("drills-partial", "Failure drills (only " + String.join(", ", drills.selected) + ")");
        StringBuilder table = new StringBuilder("| drill | result | what was checked |\n| --- | --- | --- |\n");
        for (Outcome o : drills.outcomes) {
            results.put(o.drill(), (o.passed() ? "PASS: " : "FAIL: ") + o.detail());
            table.append("| ").append(o.drill()).append(" | ").append(o.passed() ? "PASS" : "**FAIL**").append(" | ")
                    .append(o.detail()).append(" |\n");
        }
        results.note(table.toString());
        System.out.println();
        System.out.println(table);
        results.write(repoRoot.resolve("bench/results"));
        System.exit(drills.outcomes.stream().allMatch(Outcome::passed) ? 0 : 1);
    }

    private interface Drill {
        String run() throws Exception;
    }

    /** A drill returns what held; it throws AssertionError with what did not. */
    private void run(String name, Drill drill) {
        if (!selected.isEmpty() && selected.stream().noneMatch(name::contains)) {
            return;
        }
        System.out.println("== " + name);
        try {
            String detail = drill.run();
            outcomes.add(new Outcome(name, true, detail));
            System.out.println("   PASS: " + detail);
        } catch (AssertionError | Exception e) {
            outcomes.add(new Outcome(name, false, String.valueOf(e.getMessage()).replace('\n', ' ')));
            System.out.println("   FAIL: " + e);
        }
    }

    // ---------------------------------------------------------------- bookings under crashes

    private record Crowd(List<String[]> people, List<String> clinics, LocalDate day, int seats, int slots) {
    }

    private Crowd crowd(int people, int clinicCount, int slots, int seats) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        List<String> clinics = new ArrayList<>();
        for (int i = 0; i < clinicCount; i++) {
            clinics.add(Clinics.open(api, admin, day, slots, seats));
        }
        List<String[]> crowd = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(people, 16, i -> {
            String address = Api.newAddress();
            String token = api.login(Api.newPhone(), address);
            crowd.add(new String[] { token, api.addPerson(token, "Drill Person", 1970), address });
        });
        return new Crowd(crowd, clinics, day, seats, slots);
    }

    /** Everyone books once at a random slot, from 32 threads, while {@code chaos} runs beside them. */
    private String rush(Crowd crowd, Runnable chaos) throws Exception {
        Map<String, String> pending = new ConcurrentHashMap<>();
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Thread chaosThread = new Thread(chaos, "drill-chaos");
        chaosThread.start();
        parallel(crowd.people().size(), 32, i -> {
            String[] p = crowd.people().get(i);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            Api.Reply reply;
            try {
                reply = api.call("POST", "/appointments", Clinics.booking(p[1], crowd.clinics().get(r.nextInt(crowd.clinics().size())),
                        Clinics.at(crowd.day(), 9, 0).plus(Duration.ofMinutes(15L * r.nextInt(crowd.slots())))), p[0], p[2],
                        UUID.randomUUID().toString());
            } catch (RuntimeException e) {
                statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
            if (reply.status() == 201) {
                confirmed.add(reply.text("appointmentId"));
            } else if (reply.status() == 202) {
                pending.put(reply.text("requestId"), p[0] + " " + p[2]);
            }
        });
        chaosThread.join();
        // Every 202 must resolve to an outcome once the system is back.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (Map.Entry<String, String> e : new ArrayList<>(pending.entrySet())) {
                String[] who = e.getValue().split(" ");
                Api.Reply status = api.call("GET", "/appointments/requests/" + e.getKey(), null, who[0], who[1], null);
                if (status.status() == 201 || status.status() == 200 || status.status() == 409) {
                    pending.remove(e.getKey());
                    if (status.body().has("appointmentId") && !"CANCELLED".equals(status.text("status"))) {
                        confirmed.add(status.text("appointmentId"));
                    }
                }
            }
            Thread.sleep(500);
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> counts.put(String.valueOf(k), v.get()));
        check(statuses.keySet().stream().allMatch(s -> s == 201 || s == 202 || s == 409),
                "requests without a proper answer: " + counts);
        check(pending.isEmpty(), pending.size() + " requests answered 202 never got an outcome");
        return checkBookings(crowd, confirmed) + "; HTTP " + counts;
    }

    private String checkBookings(Crowd crowd, Set<String> confirmed) {
        Set<String> clinics = Set.copyOf(crowd.clinics());
        Map<String, Integer> perSlot = new HashMap<>();
        Map<String, String> active = new HashMap<>();
        Map<String, Integer> perPerson = new HashMap<>();
        List<ConsumerRecord<String, SpecificRecord>> events = kafka.readToEnd(Topics.BOOKING_EVENTS);
        for (ConsumerRecord<String, SpecificRecord> r : events) {
            if (r.value() instanceof AppointmentBooked b && clinics.contains(b.getClinicId())) {
                perSlot.merge(b.getClinicId() + "@" + b.getSlotStart(), 1, Integer::sum);
                active.put(b.getAppointmentId(), b.getPersonId());
                perPerson.merge(b.getPersonId(), 1, Integer::sum);
            } else if (r.value() instanceof AppointmentCancelled c && clinics.contains(c.getClinicId())) {
                perSlot.merge(c.getClinicId() + "@" + c.getSlotStart(), -1, Integer::sum);
                active.remove(c.getAppointmentId());
                perPerson.merge(c.getPersonId(), -1, Integer::sum);
            } else if (r.value() instanceof AppointmentRescheduled) {
                throw new AssertionError("no reschedules are made in this drill");
            }
        }
        long over = perSlot.values().stream().filter(n -> n > crowd.seats()).count();
        long doubled = perPerson.values().stream().filter(n -> n > 1).count();
        long lost = confirmed.stream().filter(id -> !active.containsKey(id)).count();
        check(over == 0, over + " slots over capacity");
        check(doubled == 0, doubled + " people with two appointments");
        check(lost == 0, lost + " confirmed bookings missing from booking-events");
        return String.format("%d booked of %d seats, no slot over capacity, nobody booked twice, all %d confirmations in "
                + "booking-events", active.size(), crowd.clinics().size() * crowd.slots() * crowd.seats(), confirmed.size());
    }

    String schedulerCrashes() throws Exception {
        Crowd crowd = crowd(400, 5, 4, 5);
        String result = rush(crowd, () -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(1500);
                    stack.process(Service.SCHEDULER_STREAM).kill();
                    stack.startService(Service.SCHEDULER_STREAM);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return "3 kills; " + result;
    }

    String brokerRestart() throws Exception {
        Crowd crowd = crowd(300, 5, 4, 5);
        String result = rush(crowd, () -> {
            try {
                Thread.sleep(1000);
                stack.infrastructure().kafka().stop();
                Thread.sleep(5000);
                stack.infrastructure().kafka().start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitHealthy(Duration.ofMinutes(2));
        return "broker down 5 s; " + result + "; every service ready again";
    }

    // ---------------------------------------------------------------- notifier and certificates

    String notifierCrash() throws Exception {
        int texts = 2000;
        Path journal = stack.dataDir().resolve("notifier").resolve("sms-journal.jsonl");
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < texts; i++) {
            String phone = "+4673" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            OtpRequested otp = OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                    .setPhone(phone).setCode("123456").setLanguage("en").setExpiresAt(Instant.now().plusSeconds(300)).build();
            keys.put(otp.getEventId() + ":sms", phone);
            kafka.sendAsync(Topics.NOTIFICATION_REQUESTS, phone, otp);
        }
        kafka.flush();
        await(() -> handOvers(journal, keys).size() >= texts / 10, Duration.ofMinutes(1), "the burst never started");
        stack.process(Service.NOTIFIER).kill();
        stack.startService(Service.NOTIFIER);
        await(() -> delivered(handOvers(journal, keys)).size() >= texts, Duration.ofMinutes(3), "texts were lost");
        List<JsonNode> all = handOvers(journal, keys);
        Map<String, Long> perKey = new HashMap<>();
        delivered(all).forEach(n -> perKey.merge(n.path("idempotencyKey").asText(), 1L, Long::sum));
        long again = all.size() - delivered(all).size();
        check(perKey.keySet().equals(keys.keySet()), "not every text delivered");
        check(perKey.values().stream().allMatch(n -> n == 1), "a text delivered twice");
        check(again <= 3, again + " texts handed over again (documented bound: one per consumer per crash, 3)");
        return texts + " texts each delivered once; " + again + " handed over again to the provider (bound: 3 per crash)";
    }

    String certificateCrash() throws Exception {
        int doses = 2000;
        List<String> people = new ArrayList<>();
        for (int i = 0; i < doses; i++) {
            String personId = "drill-" + UUID.randomUUID();
            people.add(personId);
            kafka.sendAsync(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setPersonId(personId).setPhone("+46701234567").setName("Drill Holder " + i)
                    .setBirthYear(1980).build());
        }
        kafka.flush();
        Thread.sleep(3000);
        for (String personId : people) {
            kafka.sendAsync(Topics.VACCINATIONS, personId, VaccinationAdministered.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                    .setClinicId("drill-clinic").setTargetDisease("840539006").setVaccineType("J07BX03")
                    .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("L1").setDoseNumber(1).setSeriesDoses(2)
                    .setAdministeredAt(Instant.now()).setCountry("SE").setVaccinator("v").build());
        }
        kafka.flush();
        String count = "SELECT count(*) FROM certificate WHERE person_id LIKE 'drill-%'";
        await(() -> count(count) >= doses / 10, Duration.ofMinutes(1), "certificates never started");
        stack.process(Service.CERTIFICATE_SERVICE).kill();
        long before = count(count);
        stack.startService(Service.CERTIFICATE_SERVICE);
        await(() -> count(count) >= doses, Duration.ofMinutes(5), "certificates were lost");
        check(count(count) == doses, "more certificates than doses");
        String database = "certificates_drill_" + System.currentTimeMillis();
        int exit = io.vaxline.devstack.CertificateReplay.run(Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath(),
                endpoints, stack.dataDir(), database, line -> { });
        check(exit == 0, "the replay failed with exit code " + exit);
        String rows = "SELECT certificate_id, qr, status FROM certificate ORDER BY certificate_id";
        check(Sql.rows(endpoints, "certificates", rows).equals(Sql.rows(endpoints, database, rows)), "the replay differs from the live database");
        return doses + " certificates, " + before + " stored before the kill, none lost or doubled; a replay afterwards "
                + "gives the same certificates (ids, signed QR, status)";
    }

    // ---------------------------------------------------------------- bad input

    String poison() throws Exception {
        List<TopicSpec> inputs = List.of(Topics.CLINICS, Topics.CLINIC_CAPACITY, Topics.BOOKING_COMMANDS, Topics.BOOKING_EVENTS,
                Topics.PEOPLE, Topics.NOTIFICATION_REQUESTS, Topics.APPOINTMENT_REMINDERS, Topics.VACCINATIONS,
                Topics.CERTIFICATES);
        Map<String, TopicSpec> expected = new LinkedHashMap<>();
        for (TopicSpec topic : inputs) {
            String random = "poison-bytes-" + UUID.randomUUID();
            byte[] bytes = new byte[64];
            ThreadLocalRandom.current().nextBytes(bytes);
            kafka.sendRaw(topic.name(), random, bytes);
            expected.put(random, topic);
            String wrong = "poison-schema-" + UUID.randomUUID();
            kafka.sendAsAnyType(topic.name(), wrong, topic == Topics.NOTIFICATION_REQUESTS
                    ? io.vaxline.events.CertificateRevoked.newBuilder().setEventId(UUID.randomUUID().toString())
                            .setOccurredAt(Instant.now()).setCertificateId("x").setPersonId("x").setReason("wrong topic").build()
                    : OtpRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                            .setPhone("+46700000000").setCode("000000").setLanguage("en").setExpiresAt(Instant.now()).build());
            expected.put(wrong, topic);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, TopicSpec> e : expected.entrySet()) {
            try {
                if (kafka.deadLetterReason(e.getValue(), e.getKey(), Duration.ofSeconds(60)).isBlank()) {
                    missing.add(e.getKey() + " on " + e.getValue().deadLetterTopic() + " has no reason");
                }
            } catch (AssertionError notParked) {
                missing.add(e.getKey() + " not on " + e.getValue().deadLetterTopic());
            }
        }
        // An unknown clinic is a decision, not a crash: the command is rejected with a reason.
        BookAppointment unknown = BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId("drill-person")
                .setClinicId("no-such-clinic-" + UUID.randomUUID().toString().substring(0, 8)).setService("covid-19")
                .setSlotStart(Instant.now().plus(Duration.ofDays(2))).setDoseNumber(1).setPriority(false).setAgeYears(40).build();
        kafka.send(Topics.BOOKING_COMMANDS, unknown.getPersonId(), unknown);
        BookingRejected rejected = kafka.await(Topics.BOOKING_EVENTS, BookingRejected.class,
                r -> r.getRequestId().equals(unknown.getRequestId()), Duration.ofSeconds(60));
        check(missing.isEmpty(), "not parked with a reason: " + missing);
        // Consumers still running: a booking and a certificate still go through.
        Crowd crowd = crowd(5, 1, 1, 5);
        String after = rush(crowd, () -> { });
        awaitHealthy(Duration.ofSeconds(30));
        return expected.size() + " poison records parked with a reason on their dead-letter topics; a command for an "
                + "unknown clinic rejected (" + rejected.getReason() + "); afterwards: " + after;
    }

    String hostileRequests() throws Exception {
        String[] people = crowd(1, 1, 1, 1).people().get(0);
        String stranger = api.login(Api.newPhone(), Api.newAddress());
        String huge = "{\"phone\": \"" + "9".repeat(2 * 1024 * 1024) + "\"}";
        List<String[]> requests = List.of(
                new String[] { "POST", "/appointments", "{not json", people[0] },
                new String[] { "POST", "/appointments", "{\"personId\": 42, \"clinicId\": [], \"slotStart\": \"yesterday\"}", people[0] },
                new String[] { "POST", "/appointments", "{\"personId\": \"" + people[1] + "\", \"clinicId\": \"x\", \"service\": \"covid-19\", \"slotStart\": \"2001-01-01T09:00:00Z\"}", people[0] },
                new String[] { "POST", "/appointments", "{\"personId\": \"" + people[1] + "\", \"clinicId\": \"a' OR '1'='1\", \"service\": \"covid-19\", \"slotStart\": \"2030-01-01T09:00:00Z\"}", stranger },
                new String[] { "POST", "/otp", "{\"phone\": \"'; DROP TABLE person; --\"}", null },
                new String[] { "POST", "/otp", huge, null },
                new String[] { "POST", "/otp/verify", "{\"phone\": \"+46701234567\", \"code\": {\"$gt\": \"\"}}", null },
                new String[] { "GET", "/clinics?near=1e999,NaN&date=tomorrow&service=%3Cscript%3Ealert(1)%3C%2Fscript%3E", null, null },
                new String[] { "GET", "/clinics/..%2F..%2Fetc%2Fpasswd/slots?date=2030-01-01", null, null },
                new String[] { "GET", "/appointments/requests/" + "x".repeat(500), null, people[0] },
                new String[] { "GET", "/me/people", null, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9." },
                new String[] { "POST", "/admin/clinics", "{\"clinicId\": \"hack\"}", stranger },
                new String[] { "POST", "/clinics/hack/vaccinations", "person_id\n1\n", stranger },
                new String[] { "DELETE", "/appointments/" + UUID.randomUUID(), null, stranger });
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        int total = 10_000;
        parallel(total, 32, i -> {
            String[] r = requests.get(i % requests.size());
            if (r[2] == huge && i >= requests.size() * 20) {
                r = requests.get(0); // 20 huge bodies (40 MB) are enough to show the limit
            }
            Api.Reply reply = api.call(r[0], r[1], r[2], r[3], Api.newAddress(), null);
            statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
            if (reply.status() >= 500 && serverErrors.size() < 5) {
                serverErrors.add(r[0] + " " + r[1] + " -> " + reply.status() + " " + reply.body());
            }
        });
        Map<String, Integer> counts = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> counts.put(String.valueOf(k), v.get()));
        check(serverErrors.isEmpty(), "5xx for bad input: " + serverErrors);
        check(statuses.keySet().stream().allMatch(s -> s >= 400 && s < 500), "not refused: " + counts);
        awaitHealthy(Duration.ofSeconds(30));
        return total + " requests, all refused with 4xx " + counts + "; every service still ready";
    }

    // ---------------------------------------------------------------- helpers

    private interface Task {
        void run(int index) throws Exception;
    }

    private static void parallel(int count, int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    task.run(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitHealthy(Duration timeout) {
        for (Service service : Service.values()) {
            stack.process(service).awaitReady(java.net.URI.create(stack.url(service) + "/q/health/ready"), timeout);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " (waited " + timeout.toSeconds() + " s)");
            }
            Thread.sleep(250);
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    private long count(String sql) {
        return Sql.count(endpoints, "certificates", sql);
    }

    private static List<JsonNode> handOvers(Path journal, Map<String, String> keys) {
        if (!Files.exists(journal)) {
            return List.of();
        }
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(journal)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && keys.containsKey(n.path("idempotencyKey").asText())) {
                        lines.add(n);
                    }
                } catch (java.io.IOException cutShort) {
                    // a line cut short by the kill
                }
            }
            return lines;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> delivered(List<JsonNode> handOvers) {
        return handOvers.stream().filter(n -> !n.path("repeat").asBoolean()).toList();
    }
}
