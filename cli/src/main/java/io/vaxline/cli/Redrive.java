package io.vaxline.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import io.vaxline.devstack.DeadLetterRedrive;
import io.vaxline.devstack.InfraSettings;

import io.vaxline.schemas.KafkaAccess;
import io.vaxline.schemas.KafkaPrincipals;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "redrive", description = {
    "Put the records parked on a dead-letter topic back on their topic, once the cause is fixed: as they were",
    "(key, value, headers without the dead-letter ones) plus a vaxline-redriven-from header. Prints how many",
    "moved per reason and the offsets; a second redrive moves only what was parked since.",
    "The broker is that of ./vaxline up (VAXLINE_KAFKA_PORT moves it) unless --bootstrap-servers names another." })
final class Redrive implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<topic>-dlq", description = "e.g. vaccinations-dlq")
    private String deadLetterTopic;

    @Option(names = "--dry-run", description = "Only report what would move; move nothing.")
    private boolean dryRun;

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port>",
            description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS, else the local stack's 127.0.0.1:9092).")
    private String bootstrapServers;

    @ParentCommand
    private Vaxline vaxline;

    @Mixin
    private DataDir dataDir;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        if (bootstrapServers != null) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        }
        KafkaAccess kafka = InfraSettings.kafkaFor(env, dataDir.in(vaxline.repoRoot()), KafkaPrincipals.PROVISIONER);
        DeadLetterRedrive.Report report = new DeadLetterRedrive(kafka).run(deadLetterTopic, dryRun);
        report.lines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
