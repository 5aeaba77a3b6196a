package io.vaxline.cli;

import java.util.concurrent.Callable;

import io.vaxline.devstack.TopicWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", description = {"Send one event to a topic, as a clinic system would (logged in as the local clinic system's principal,",
    "which may only write vaccinations; KAFKA_USERNAME and KAFKA_PASSWORD name another)." })
final class Send implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<topic>", description = "e.g. vaccinations")
    private String topic;

    @Parameters(index = "1", paramLabel = "<Type>", description = "The record type, e.g. VaccinationAdministered")
    private String type;

    @Parameters(index = "2", paramLabel = "<Avro JSON>", description = "The record in Avro's JSON encoding, in quotes")
    private String json;

    @ParentCommand
    private Vaxline vaxline;

    @Mixin
    private DataDir dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port>",
            description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS, else the local stack's 127.0.0.1:9092).")
    private String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(topic, type, json,
                "--data-dir=" + dataDir.in(vaxline.repoRoot())));
        if (bootstrapServers != null) {
            args.add("--bootstrap-servers=" + bootstrapServers);
        }
        TopicWriter.main(args.toArray(String[]::new));
        return 0;
    }
}
