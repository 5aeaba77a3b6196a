package io.vaxline.cli;

import java.util.concurrent.Callable;

import io.vaxline.devstack.VaxlineStack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", description = {
    "Start the whole system on embedded defaults: PostgreSQL, Kafka, the registry, the six services and the web pages.",
    "Ctrl-C, or ./vaxline down from another shell, stops everything.",
    "Ports can be moved with VAXLINE_<SERVICE>_PORT, VAXLINE_KAFKA_PORT, VAXLINE_REGISTRY_PORT, VAXLINE_POSTGRES_PORT." })
final class Up implements Callable<Integer> {

    @ParentCommand
    private Vaxline vaxline;

    @Option(names = "--wipe", description = "Start from empty data.")
    private boolean wipe;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "N",
            description = "Kafka brokers: 1 (default, in the stack's JVM) or 3 (a KRaft cluster of three processes, "
                    + "replication factor 3 and min ISR 2 for every topic; nodes 2 and 3 listen on node 1's ports + 10 and + 20).")
    private int brokers;

    @Mixin
    private DataDir dataDir;

    @Override
    public Integer call() throws Exception {
        if (brokers != 1 && brokers != 3) {
            System.err.println("--brokers takes 1 or 3 (three voters keep a quorum when one is lost), not " + brokers);
            return 2;
        }
        return VaxlineStack.runUntilStopped(vaxline.repoRoot(), dataDir.in(vaxline.repoRoot()), wipe, brokers);
    }
}
