package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;

import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" session, run as written against the running stack: only the ports (the test
 * stack listens on free ones) and the data folder are swapped in. If the README drifts from the API,
 * this fails.
 */
class ReadmeSessionIT {

    private static final Path ROOT = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();

    @Test
    void theReadmeSessionWorksAsWritten() throws Exception {
        VaxlineStack stack = RunningStack.get();
        String script = String.join("\n", bashBlocks(Files.readString(ROOT.resolve("README.md")), "## Try it", "## Read the topics"))
                .replace("http://127.0.0.1:8080", stack.url(Service.BOOKING_API))
                .replace("http://127.0.0.1:8082", stack.url(Service.NOTIFIER))
                .replace("http://127.0.0.1:8083", stack.url(Service.CERTIFICATE_SERVICE))
                .replace("data/secrets/admin-api-key", stack.infrastructure().settings().dataDir().resolve("secrets/admin-api-key").toString());

        // Output to a file, not a pipe: a pipe nobody reads while the session runs fills up and stalls it.
        Path transcript = Files.createTempFile("readme-session", ".txt");
        ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(transcript.toFile());
        bash.environment().put("KAFKA_BOOTSTRAP_SERVERS", stack.infrastructure().endpoints().kafkaBootstrapServers());
        bash.environment().put("REGISTRY_URL", stack.infrastructure().endpoints().registryUrl());
        Process process = bash.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(transcript, StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
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
    }

    static List<String> bashBlocks(String markdown, String fromHeading, String toHeading) throws IOException {
        String section = markdown.substring(markdown.indexOf(fromHeading), markdown.indexOf(toHeading));
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }
}
