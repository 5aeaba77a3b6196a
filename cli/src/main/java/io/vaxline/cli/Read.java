package io.vaxline.cli;

import java.util.ArrayList;
import java.util.List;

import io.vaxline.devstack.TopicReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "read", description = {
    "Print a topic's committed records as an analyst sees them (logged in as the analyst principal), one JSON line each, until Ctrl-C.",
    "The broker and registry are those of ./vaxline up (VAXLINE_KAFKA_PORT, VAXLINE_REGISTRY_PORT move them)." })
final class Read implements Runnable {

    @Parameters(index = "0", paramLabel = "<topic>", description = "e.g. booking-events")
    private String topic;

    @Option(names = "--from-beginning", description = "Start at the first record instead of new ones.")
    private boolean fromBeginning;

    @ParentCommand
    private Vaxline vaxline;

    @Mixin
    private DataDir dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port>",
            description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS, else the local stack's 127.0.0.1:9092).")
    private String bootstrapServers;

    @Override
    public void run() {
        List<String> args = new ArrayList<>(List.of(topic, "--data-dir=" + dataDir.in(vaxline.repoRoot())));
        if (bootstrapServers != null) {
            args.add("--bootstrap-servers=" + bootstrapServers);
        }
        if (fromBeginning) {
            args.add("--from-beginning");
        }
        TopicReader.main(args.toArray(String[]::new));
    }
}
