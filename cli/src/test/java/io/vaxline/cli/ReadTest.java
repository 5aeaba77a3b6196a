package io.vaxline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vaxline.devstack.KafkaBroker;
import io.vaxline.devstack.Ports;
import io.vaxline.devstack.ServiceSecrets;
import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.Provisioner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** ./vaxline read logs in as the analyst, whom the broker refuses the restricted topics, and says so in a sentence. */
class ReadTest {

    @TempDir
    static Path folder;

    private static KafkaBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        ServiceSecrets secrets = ServiceSecrets.loadOrCreate(ServiceSecrets.folder(DataDir.defaultIn(folder)));
        String password = secrets.kafkaPasswords().get(KafkaPrincipals.PROVISIONER);
        broker = new KafkaBroker(folder.resolve("kafka"), Ports.free(), Ports.free(), password,
                secrets.kafkaPasswords().get(ServiceSecrets.KAFKA_CONTROLLER));
        broker.start();
        KafkaAccess admin = KafkaAccess.local(broker.bootstrapServers(), KafkaPrincipals.PROVISIONER, password);
        Provisioner.provisionTopics(admin, (short) 1);
        Map<String, String> principals = new LinkedHashMap<>(secrets.kafkaPasswords());
        principals.remove(KafkaPrincipals.PROVISIONER);
        principals.remove(ServiceSecrets.KAFKA_CONTROLLER);
        Provisioner.provisionPrincipals(admin, principals);
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
