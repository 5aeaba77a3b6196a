package io.vaxline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.Sql;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.AvroSerdes;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Certificates end to end: N vaccination events produced to Kafka, until N signed certificates are
 * stored by the running certificate-service (decode, validate, sign with ES256, PostgreSQL
 * transaction, CertificateIssued published). Latency per event is the time from the event's
 * occurredAt to its processed_event row. Then PDF downloads over HTTP, one after another.
 * {@code ./vaxline bench certificates [events]}; the whole stack runs on this machine.
 */
public final class CertificateBenchmark {

    private CertificateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int pdfs = 200;
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        Path dataDir = repoRoot.resolve("bench/target/certificates-" + System.currentTimeMillis());
        System.out.println("Starting the whole stack in " + dataDir + " ...");
        try (VaxlineStack stack = VaxlineStack.startForTest(repoRoot, dataDir, Map.of(), line -> System.out.println("  " + line))) {
            Endpoints endpoints = stack.infrastructure().endpoints();
            Map<String, Object> config = new LinkedHashMap<>(AvroSerdes.config(endpoints.registryUrl()));
            config.putAll(endpoints.kafkaAdmin().clientConfig());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            Properties props = new Properties();
            props.putAll(config);
            List<String> people = new ArrayList<>();
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props, new StringSerializer(),
                    AvroSerdes.<SpecificRecord>valueSerde(endpoints.registryUrl()).serializer())) {
                System.out.printf("Registering %,d people...%n", events);
                for (int i = 0; i < events; i++) {
                    String personId = "bench-" + UUID.randomUUID();
                    people.add(personId);
                    producer.send(new ProducerRecord<>(Topics.PEOPLE.name(), personId, PersonRegistered.newBuilder()
                            .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                            .setPhone("+46701234567").setName("Bench Person " + i).setBirthDate(LocalDate.of(1970, 1, 1))
                            .setBirthYear(1970).build()));
                }
                producer.flush();
                await(endpoints, "SELECT count(*) FROM holder", events, "holders");

                System.out.printf("Producing %,d vaccination events...%n", events);
                long started = System.nanoTime();
                for (String personId : people) {
                    producer.send(new ProducerRecord<>(Topics.VACCINATIONS.name(), personId, VaccinationAdministered.newBuilder()
                            .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                            .setClinicId("clinic-bench").setTargetDisease("840539006").setVaccineType("J07BX03")
                            .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-1").setDoseNumber(1)
                            .setSeriesDoses(2).setAdministeredAt(Instant.now()).setCountry("SE").setVaccinator("v").build()));
                }
                producer.flush();
                double produced = (System.nanoTime() - started) / 1e9;
                await(endpoints, "SELECT count(*) FROM certificate", events, "certificates");
                double seconds = (System.nanoTime() - started) / 1e9;
                double[] latency = latencies(endpoints);

                Results results = new Results("certificates-and-pdfs", "Certificates end to end in one process, and PDF downloads")
                        .put("events", events)
                        .put("producedInSeconds", round(produced))
                        .put("allCertificatesStoredInSeconds", round(seconds))
                        .put("certificatesPerSecond", Math.round(events / seconds))
                        .put("latencyMsP50", round(latency[0])).put("latencyMsP95", round(latency[1]))
                        .put("latencyMsP99", round(latency[2]));
                pdfTimes(stack, people.subList(0, Math.min(pdfs, people.size())), results);
                results.put("rssMiB", Results.rssOf(stack));
                results.note("All processes on one 2-core machine: Kafka broker and registry (in the benchmark's JVM and a "
                        + "child), PostgreSQL, and the four services. certificate-service runs three consumers; each "
                        + "applies one record at a time in its own PostgreSQL transaction (about six round trips), then "
                        + "waits for the broker to acknowledge CertificateIssued. All events are produced at once, so "
                        + "the latency figures are mostly time queued behind the backlog.");
                results.write(repoRoot.resolve("bench/results"));
            }
        }
    }

    private static void await(Endpoints endpoints, String sql, int expected, String what) throws Exception {
        long started = System.nanoTime();
        long last = -1;
        while (true) {
            long count = count(endpoints, sql);
            if (count != last) {
                System.out.printf("  %s: %,d of %,d (%.0f%%) after %.1f s%n", what, count, expected, 100.0 * count / expected,
                        (System.nanoTime() - started) / 1e9);
                last = count;
            }
            if (count >= expected) {
                return;
            }
            if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                throw new IllegalStateException("Gave up waiting for " + what + ": " + count + " of " + expected
                        + "; see the logs of certificate-service in the stack's folder");
            }
            Thread.sleep(500);
        }
    }

    private static long count(Endpoints endpoints, String sql) {
        return Sql.count(endpoints, "certificates", sql);
    }

    private static double[] latencies(Endpoints endpoints) throws Exception {
        String sql = "SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM "
                + "(p.processed_at - v.recorded_at)) * 1000) FROM processed_event p JOIN vaccination v ON v.event_id = p.event_id";
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl("certificates"), endpoints.dbUser(), endpoints.dbPassword());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return Arrays.stream((Double[]) rs.getArray(1).getArray()).mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static void pdfTimes(VaxlineStack stack, List<String> people, Results results) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String token = json.readTree(http.send(HttpRequest.newBuilder(URI.create(stack.url(Service.BOOKING_API) + "/admin/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiKey\": \"" + stack.infrastructure().endpoints().secrets().adminApiKey() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("token").asText();
        List<Double> millis = new ArrayList<>();
        long bytes = 0;
        System.out.printf("Downloading %d PDFs one after another...%n", people.size());
        for (String personId : people) {
            String list = http.send(HttpRequest.newBuilder(URI.create(stack.url(Service.CERTIFICATE_SERVICE) + "/people/" + personId
                    + "/certificates")).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            String id = json.readTree(list).path(0).path("certificateId").asText();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(stack.url(Service.CERTIFICATE_SERVICE)
                    + "/certificates/" + id + ".pdf")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - t0) / 1e6);
            if (pdf.statusCode() != 200) {
                throw new IllegalStateException("PDF download answered " + pdf.statusCode() + ": " + new String(pdf.body()));
            }
            bytes += pdf.body().length;
        }
        millis.sort(Double::compare);
        List<Double> warm = millis.subList(0, millis.size());
        results.put("pdfDownloads", people.size())
                .put("pdfMsP50", round(warm.get(warm.size() / 2)))
                .put("pdfMsP95", round(warm.get((int) (warm.size() * 0.95))))
                .put("pdfMsP99", round(warm.get((int) (warm.size() * 0.99))))
                .put("pdfAverageBytes", bytes / people.size());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
