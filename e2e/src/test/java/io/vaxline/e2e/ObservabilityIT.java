package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.e2e.TraceCollector.CollectedSpan;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of the running system (issue 19): the metric names every service's
 * Prometheus endpoint shows, the domain's own among them, and one booking as one trace from
 * booking-api's REST call through scheduler-stream's person guard and clinic ledger to the notifier's
 * confirmation, exported by each service to an OTLP collector (the test's {@link TraceCollector}).
 */
class ObservabilityIT {

    private static final java.nio.file.Path ROOT = java.nio.file.Path.of(System.getProperty("vaxline.repo.root", ".."))
            .toAbsolutePath().normalize();
    /** A metric name in an alert rule or a dashboard query (Prometheus' own {@code up} aside). */
    private static final java.util.regex.Pattern METRIC = java.util.regex.Pattern.compile("\\b(vaxline|kafka|jvm|http)_[a-z0-9_]+\\b");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void oneBookingIsOneTraceAcrossBookingApiSchedulerStreamAndTheNotifier() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack);
        LocalDate day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(6);
        String clinicId = Clinics.open(api, api.adminToken(), day, 4, 2);
        String phone = Api.newPhone();
        String address = Api.newAddress();
        String token = api.login(phone, address);
        String person = api.addPerson(token, "Ada Lovelace", 1980);

        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        HttpResponse<String> booked = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(Service.BOOKING_API) + "/appointments"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", address)
                .header("Idempotency-Key", "trace-" + UUID.randomUUID())
                .header("traceparent", "00-" + traceId + "-" + hex.formatHex(randomBytes(8)) + "-01")
                .header("X-Request-Id", "observability-it-1")
                .POST(HttpRequest.BodyPublishers.ofString(Clinics.booking(person, clinicId, Clinics.at(day, 9, 0))))
                .build(), HttpResponse.BodyHandlers.ofString());
        // 202 when the stream, cold at the stack's start, takes longer than booking-api waits: decided later.
        assertThat(booked.statusCode()).as(booked.body()).isIn(201, 202);
        assertThat(booked.headers().firstValue("X-Request-Id")).as("the request id comes back").hasValue("observability-it-1");

        TraceCollector traces = RunningStack.traces();
        List<CollectedSpan> trace = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> traces.trace(traceId), spans -> services(spans).keySet()
                        .containsAll(List.of("booking-api", "scheduler-stream", "notifier"))
                        && services(spans).get("scheduler-stream").stream().anyMatch(n -> n.startsWith("clinic-ledger")));
        Map<String, List<String>> byService = services(trace);
        assertThat(byService.get("booking-api")).as("the REST call and the command sent").anySatisfy(n -> assertThat(n).contains("appointments"));
        assertThat(byService.get("scheduler-stream")).contains("person-guard BookAppointment", "clinic-ledger SeatRequest");
        assertThat(byService.get("notifier")).as("the confirmation's event received").anySatisfy(n -> assertThat(n).contains("booking-events"));
        // One tree: every span but the caller's root has its parent in the trace.
        List<String> ids = trace.stream().map(CollectedSpan::spanId).toList();
        assertThat(trace.stream().filter(s -> !ids.contains(s.parentSpanId())).map(CollectedSpan::parentSpanId).distinct())
                .as("only the caller's span is outside the trace we collected").hasSize(1);
    }

    @Test
    void everyServiceShowsItsMetricsToPrometheus() throws Exception {
        VaxlineStack stack = RunningStack.get();
        // Something for each domain counter to count: a booking and its confirmation text.
        Api api = new Api(stack);
        LocalDate day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(6);
        String clinicId = Clinics.open(api, api.adminToken(), day, 4, 2);
        String token = api.login(Api.newPhone(), Api.newAddress());
        String person = api.addPerson(token, "Alan Turing", 1980);
        Api.Reply booked = api.post("/appointments", Clinics.booking(person, clinicId, Clinics.at(day, 9, 15)), token, Api.newAddress());
        if (booked.status() == 202) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.call("GET", booked.text("statusUrl"), null, token, Api.newAddress(), null).status() != 202);
        } else {
            Api.require(booked, 201);
        }

        // A page of the web app, so its HTTP server has a request to count.
        HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(Service.WEB) + "/")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());

        Map<Service, List<String>> expected = Map.of(
                Service.BOOKING_API, List.of("http_server_requests_seconds_count", "jvm_memory_used_bytes",
                        "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_record_send_total",
                        "vaxline_outreach_invitations"),
                Service.SCHEDULER_STREAM, List.of("jvm_threads_live_threads", "vaxline_booking_outcomes_total",
                        "kafka_stream_thread_commit_latency_avg", "kafka_consumer_fetch_manager_records_lag_max",
                        "kafka_stream_state_estimate_num_keys"),
                Service.NOTIFIER, List.of("vaxline_notifications_total", "kafka_consumer_fetch_manager_records_lag_max",
                        "http_server_requests_seconds_count"),
                Service.CERTIFICATE_SERVICE, List.of("jvm_memory_used_bytes", "kafka_consumer_fetch_manager_records_lag_max"),
                Service.WEB, List.of("vaxline_dead_letter_records", "http_server_requests_seconds_count"));
        for (Map.Entry<Service, List<String>> service : expected.entrySet()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(metricNames(stack.url(service.getKey()) + "/q/metrics"))
                            .as(service.getKey() + " at /q/metrics").containsAll(service.getValue()));
        }
        // The alert rules and the dashboard name only metrics some service shows.
        List<String> shown = new java.util.ArrayList<>();
        for (Service service : Service.values()) {
            shown.addAll(metricNames(stack.url(service) + "/q/metrics"));
        }
        for (String file : List.of("deploy/prometheus/vaxline-alerts.yml", "deploy/grafana/vaxline-dashboard.json")) {
            String text = java.nio.file.Files.readString(ROOT.resolve(file));
            java.util.regex.Matcher names = METRIC.matcher(text);
            List<String> named = new java.util.ArrayList<>();
            while (names.find()) {
                named.add(names.group());
            }
            assertThat(named).as(file + " names metrics").isNotEmpty();
            assertThat(shown).as(file + ": every metric it names is scraped from a service").containsAll(named);
        }
        assertThat(scrape(stack.url(Service.SCHEDULER_STREAM) + "/q/metrics"))
                .as("outcomes by type and reason").contains("vaxline_booking_outcomes_total{reason=\"\",type=\"AppointmentBooked\"");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(scrape(stack.url(Service.NOTIFIER) + "/q/metrics"))
                .contains("vaxline_notifications_total{channel=\"sms\",kind=\"booking-confirmation\",result=\"sent\""));
    }

    @Test
    void aServiceAskedForJsonLogsWritesOneJsonObjectPerLine() throws Exception {
        VaxlineStack stack = RunningStack.get();
        java.nio.file.Path log = stack.dataDir().resolve("logs").resolve("web.log");
        // The switch happens as the service starts: the lines before it stay text, the start-up line and
        // everything after it are JSON.
        List<String> json = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> java.nio.file.Files.readAllLines(log)
                .stream().filter(l -> l.startsWith("{")).toList(), lines -> lines.stream().anyMatch(l -> l.contains("started in")));
        for (String line : json) {
            com.fasterxml.jackson.databind.JsonNode entry = Api.JSON.readTree(line);
            assertThat(entry.path("level").asText()).as(line).isNotEmpty();
            assertThat(entry.path("loggerName").asText()).as(line).isNotEmpty();
            assertThat(entry.has("message")).as(line).isTrue();
        }
        assertThat(json).as("the start-up line").anySatisfy(l -> assertThat(Api.JSON.readTree(l).path("message").asText())
                .contains("started in"));
    }

    private static Map<String, List<String>> services(List<CollectedSpan> spans) {
        return spans.stream().collect(Collectors.groupingBy(CollectedSpan::service,
                Collectors.mapping(CollectedSpan::name, Collectors.toList())));
    }

    private static List<String> metricNames(String url) throws Exception {
        return scrape(url).lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).distinct().toList();
    }

    private static String scrape(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

}
