package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.contract.ContractProxy;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.schemas.KafkaPrincipals;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" session, run as a new user runs it: on a stack started cold for it (it runs
 * first, so the stack the end-to-end tests share starts here: fresh data folder, no Kafka consumer
 * group, topic or schema used before), with the session's first command right after the stack is up,
 * that is when {@code ./vaxline up} prints "Vaxline is up". The services have the settings of
 * {@code ./vaxline up} plus {@link RunningStack}'s extras (tracing to a collector, reminders from
 * midnight, a faster notifier, JSON logs on web), none of which the session relies on.
 * The session is every {@code bash} block of the "Try it" section, in order, as the
 * README prints them; the only changes are the ones a reader with this stack would make: the test
 * stack listens on free ports instead of 8080, 8082, 8083, 9092 and 8084, and keeps its data in its
 * own folder instead of {@code ./data}. If the README drifts from the API, or a step needs a stack
 * that is already warm, this fails. Each call goes through a validating proxy ({@link ContractProxy})
 * in front of its service, so an answer the service's OpenAPI document does not allow fails it too.
 *
 * <p>It runs first among the end-to-end tests (see {@code junit-platform.properties}). It had a stack of
 * its own until that stack's start and stop (about 110 s on two cores) were what kept the test run over
 * its 30 minutes.
 */
@Order(1)
class ReadmeSessionIT {

    private static final Path ROOT = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
    private static final String PHONE = "+46701234567";

    @Test
    void theReadmeSessionWorksAsWrittenOnAFreshlyStartedStack() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> blocks = bashBlocks(readme, "## Try it");
        assertThat(blocks).as("the bash blocks of the README's Try it section").hasSizeGreaterThan(3);
        assertThat(String.join("\n", blocks)).as("the session calls only the services this test points at its stack")
                .doesNotContain("localhost")
                .doesNotContainPattern("127\\.0\\.0\\.1:(?!808[023]\\b)");

        VaxlineStack stack = RunningStack.get();
        Path dataDir = stack.dataDir();
        // Each call of the session goes through a validating proxy, as an integrator would check it.
        try (ContractProxy booking = ContractProxy.start(stack.url(Service.BOOKING_API));
                ContractProxy notifier = ContractProxy.start(stack.url(Service.NOTIFIER));
                ContractProxy certificates = ContractProxy.start(stack.url(Service.CERTIFICATE_SERVICE))) {
            Instant up = Instant.now();
            String script = String.join("\n", blocks)
                    .replace("http://127.0.0.1:8080", booking.url())
                    .replace("http://127.0.0.1:8082", notifier.url())
                    .replace("http://127.0.0.1:8083", certificates.url())
                    .replace("data/secrets/admin-api-key", dataDir.resolve("secrets/admin-api-key").toString())
                    .replace("data/logs/", dataDir.resolve("logs") + "/");

            // Output to a file, not a pipe: a pipe nobody reads while the session runs fills up and stalls it.
            Path transcript = Files.createTempFile("readme-session", ".txt");
            ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", script).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(transcript.toFile());
            // ./vaxline send finds Kafka and the registry of this stack, not the default ports.
            bash.environment().put("KAFKA_BOOTSTRAP_SERVERS", stack.infrastructure().endpoints().kafkaBootstrapServers());
            // ... and logs in as this stack's clinic system.
            bash.environment().put("KAFKA_PASSWORD", stack.infrastructure().endpoints().kafka(KafkaPrincipals.LOCAL_CLINIC).password());
            bash.environment().put("REGISTRY_URL", stack.infrastructure().endpoints().registryUrl());
            // The reader ran ./vaxline up, which built everything; here Maven has (cli before e2e), so ./vaxline send must
            // not build again: a build inside the session took minutes and repackaged the services this stack runs.
            bash.environment().put("VAXLINE_BUILT", "true");
            Process process = bash.start();
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            Duration took = Duration.between(up, Instant.now());
            String output = Files.readString(transcript, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
            }
            System.out.println("[readme-session] took " + took.toMillis() + " ms; it printed:\n" + output);
            reportFirstCode(notifier.url(), up);
            assertThat(finished).as("the session did not finish in 5 minutes; it printed:\n" + output).isTrue();

            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("{\"clinicId\":\"sodermalm\"}")
                    .contains("\"sessionId\":\"morning\"")
                    .contains("Your Vaxline code is")
                    .contains("\"status\":\"BOOKED\"")
                    .contains("Confirmation code: ")
                    .contains("\"Grace Hopper\",1975,covid-19,1")
                    .contains("\"field\":\"clinicId\"")
                    .contains("Sent VaccinationAdministered to vaccinations")
                    .contains("\"status\":\"VALID\"")
                    .contains("{\"valid\":true");
            assertThat(Stream.of(booking, notifier, certificates).flatMap(proxy -> proxy.violations().stream()))
                    .as("what the session's calls got that the services' OpenAPI documents do not allow").isEmpty();
        }
    }

    /** How long after "up" the first one-time code reached the inbox: what a first session has to wait for. */
    private static void reportFirstCode(String notifierUrl, Instant up) {
        try {
            HttpResponse<String> inbox = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(notifierUrl + "/inbox/" + PHONE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode sms : new ObjectMapper().readTree(inbox.body())) {
                if (sms.path("text").asText().contains("code is")) {
                    Instant sent = Instant.parse(sms.path("sentAt").asText());
                    System.out.println("[readme-session] first one-time code in the inbox "
                            + Duration.between(up, sent).toMillis() + " ms after the stack was up");
                    return;
                }
            }
            System.out.println("[readme-session] no one-time code in the inbox: " + inbox.body());
        } catch (Exception e) {
            System.out.println("[readme-session] could not read the inbox: " + e);
        }
    }

    /** The bash blocks of a section: from its heading to the next heading of the same level. */
    static List<String> bashBlocks(String markdown, String heading) throws IOException {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("the README has a section " + heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }
}
