package io.vaxline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** ./vaxline read logs in as the analyst, whom the broker refuses the restricted topics, and says so in a sentence. */
class ReadTest {

    @TempDir
    static Path folder;

    private static SecuredBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        broker = SecuredBroker.start(folder);
        broker.provision();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void theAnalystIsRefusedPeopleAndOneTimeCodesWithTheReason() {
        for (String topic : new String[] { "people", "one-time-codes", "notification-requests", "admin-audit" }) {
            StringWriter err = new StringWriter();
            CommandLine vaxline = Vaxline.commandLine(folder);
            vaxline.setErr(new PrintWriter(err, true));
            assertThat(vaxline.execute("read", topic, "--from-beginning", "--bootstrap-servers", broker.bootstrapServers()))
                    .as(topic).isEqualTo(1);
            assertThat(err.toString()).contains("The broker refuses analyst to read " + topic
                    + ": it holds personal data or secrets, which analysts do not read.");
        }
    }
}
