package io.vaxline.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.schemas.Topics;

/**
 * Outreach at the size of a real programme: a 150,000-row patient list uploaded over HTTP (streamed,
 * validated, every person sealed), the cohort of people with a chronic lung condition (three in four:
 * 112,500) previewed, the campaign launched until every invitation is queued on Kafka (and counted
 * there), and the same list uploaded again (nobody added). Each stage is timed.
 * {@code ./vaxline bench outreach [rows]}; the whole stack runs on this machine.
 */
public final class OutreachBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private OutreachBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        int cohort = rows - (rows + 3) / 4;
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath();
        Path dataDir = repoRoot.resolve("bench/target/outreach-" + System.currentTimeMillis());
        Files.createDirectories(dataDir);
        Path csv = dataDir.resolve("patients.csv");
        writeList(csv, rows);
        System.out.printf("Patient list: %,d rows, %,d bytes (%s)%n", rows, Files.size(csv), csv);
        System.out.println("Starting the whole stack in " + dataDir + " ...");
        try (VaxlineStack stack = VaxlineStack.startForTest(repoRoot, dataDir.resolve("stack"), Map.of(),
                line -> System.out.println("  " + line))) {
            String api = stack.url(Service.BOOKING_API);
            String admin = JSON.readTree(send(HttpRequest.newBuilder(URI.create(api + "/admin/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"apiKey\": \""
                            + stack.infrastructure().endpoints().secrets().adminApiKey() + "\"}")))).path("token").asText();
            Results results = new Results("outreach", "Outreach: 150,000-row patient list to every invitation queued");

            System.out.println("Stage 1: uploading the list...");
            long t0 = System.nanoTime();
            JsonNode upload = uploadWithProgress(api, admin, csv);
            double uploadSeconds = seconds(t0);
            check(upload.path("added").asLong() == rows, "upload added " + upload.path("added") + " of " + rows + ": " + upload);
            System.out.printf("  %,d rows stored in %.1f s (%,.0f rows/s)%n", rows, uploadSeconds, rows / uploadSeconds);

            System.out.println("Stage 2: cohort preview...");
            String criteria = "{\"conditions\": [\"chronic-lung-disease\"]}";
            t0 = System.nanoTime();
            JsonNode preview = JSON.readTree(send(authorized(api + "/admin/outreach/cohort-preview", admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(criteria))));
            double previewSeconds = seconds(t0);
            check(preview.path("people").asLong() == cohort, "cohort " + preview.path("people") + ", expected " + cohort);
            System.out.printf("  %,d people, cost %s %s, in %.1f s%n", cohort, preview.path("cost").path("total"),
                    preview.path("cost").path("currency").asText(), previewSeconds);

            System.out.println("Stage 3: launch, until every invitation is queued...");
            String campaignId = JSON.readTree(send(authorized(api + "/admin/outreach/campaigns", admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\": \"Benchmark\", \"message\": \"Your flu vaccination is ready to book.\", \"criteria\": "
                                    + criteria + "}")))).path("campaign").path("campaignId").asText();
            t0 = System.nanoTime();
            send(authorized(api + "/admin/outreach/campaigns/" + campaignId + "/launch", admin)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            double invitedSeconds = -1;
            long lastQueued = -1;
            while (true) {
                JsonNode campaign = JSON.readTree(send(authorized(api + "/admin/outreach/campaigns/" + campaignId, admin).GET()));
                long invited = campaign.path("progress").path("invited").asLong();
                long queued = campaign.path("progress").path("queued").asLong();
                if (invitedSeconds < 0 && invited == cohort) {
                    invitedSeconds = seconds(t0);
                }
                if (queued != lastQueued) {
                    System.out.printf("  %.1f s: %,d invitations made, %,d queued (%s)%n", seconds(t0), invited, queued,
                            campaign.path("status").asText());
                    lastQueued = queued;
                }
                if ("LAUNCHED".equals(campaign.path("status").asText()) && queued == cohort) {
                    break;
                }
                check(seconds(t0) < 1800, "gave up after 30 minutes; see booking-api's log in " + stack.dataDir());
                Thread.sleep(1000);
            }
            double queuedSeconds = seconds(t0);
            Set<String> onKafka = new HashSet<>();
            try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
                kafka.readToEnd(Topics.NOTIFICATION_REQUESTS).forEach(r -> {
                    if (r.value() instanceof OutreachInvitationIssued i && i.getCampaignId().equals(campaignId)) {
                        onKafka.add(i.getInvitationId());
                    }
                });
            }
            check(onKafka.size() == cohort, onKafka.size() + " invitations on Kafka, expected " + cohort);
            System.out.printf("  %,d invitations made in %.1f s, all queued (and %,d counted on Kafka) after %.1f s%n", cohort,
                    invitedSeconds, onKafka.size(), queuedSeconds);

            System.out.println("Stage 4: the same list again...");
            t0 = System.nanoTime();
            JsonNode again = uploadWithProgress(api, admin, csv);
            double againSeconds = seconds(t0);
            check(again.path("added").asLong() == 0 && again.path("unchanged").asLong() == rows, "re-upload: " + again);

            results.put("rows", rows).put("csvBytes", Files.size(csv))
                    .put("uploadSeconds", round(uploadSeconds)).put("uploadRowsPerSecond", Math.round(rows / uploadSeconds))
                    .put("cohort", cohort).put("previewSeconds", round(previewSeconds))
                    .put("invitationsMadeSeconds", round(invitedSeconds)).put("allInvitationsQueuedSeconds", round(queuedSeconds))
                    .put("invitationsPerSecond", Math.round(cohort / queuedSeconds))
                    .put("invitationsCountedOnKafka", onKafka.size())
                    .put("reuploadSeconds", round(againSeconds)).put("reuploadAdded", again.path("added").asLong())
                    .put("rssMiB", Results.rssOf(stack));
            results.note("All processes on one 2-core machine (broker, registry, PostgreSQL, four services). Every row is "
                    + "sealed with AES-256-GCM on upload and opened again to draw the cohort and to write each invitation; "
                    + "the notifier starts texting and e-mailing at its configured rate (20 messages/s) meanwhile, which "
                    + "is not part of these figures.");
            results.write(repoRoot.resolve("bench/results"));
        }
    }

    /** Posts the file; meanwhile prints the upload's progress every 2 s. */
    private static JsonNode uploadWithProgress(String api, String admin, Path csv) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread progress = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                try {
                    Thread.sleep(2000);
                    JsonNode latest = JSON.readTree(send(authorized(api + "/admin/outreach/patient-lists", admin).GET())).path(0);
                    if ("RUNNING".equals(latest.path("status").asText())) {
                        System.out.printf("  %,d rows read, %,d added, %,d unchanged, %,d rejected%n", latest.path("rowsRead").asLong(),
                                latest.path("added").asLong(), latest.path("unchanged").asLong(), latest.path("rejected").asLong());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.out.println("  (progress not readable: " + e.getMessage() + ")");
                }
            }
        });
        try {
            return JSON.readTree(send(authorized(api + "/admin/outreach/patient-lists?name=benchmark", admin)
                    .header("Content-Type", "text/csv").timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofFile(csv))));
        } finally {
            done.set(true);
            progress.interrupt();
        }
    }

    /** Three in four people have a chronic lung condition; ages 18 to 97; a phone each, an e-mail for every other. */
    private static void writeList(Path csv, int rows) throws Exception {
        LocalDate today = LocalDate.now();
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("patient_ref,given_name,family_name,birth_date,phone,email,postcode,conditions,language\n");
            for (int i = 0; i < rows; i++) {
                String conditions = i % 4 == 0 ? "" : i % 3 == 0 ? "chronic-lung-disease;diabetes" : "chronic-lung-disease";
                out.write("BENCH-" + i + ",Given" + i + ",Family" + (i % 997) + "," + today.minusYears(18 + i % 80).minusDays(i % 365)
                        + ",+4670" + (1_000_000 + i) + "," + (i % 2 == 0 ? "p" + i + "@example.org" : "") + ","
                        + (10000 + i % 90000) + "," + conditions + "," + (i % 5 == 0 ? "sv" : "en") + "\n");
            }
        }
    }

    private static HttpRequest.Builder authorized(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " from " + response.uri() + ": " + response.body());
        }
        return response.body();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
