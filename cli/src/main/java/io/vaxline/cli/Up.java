package io.vaxline.cli;

import java.util.concurrent.Callable;

import io.vaxline.devstack.VaxlineStack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", description = {
    "Start the whole system on embedded defaults: PostgreSQL, Kafka, the registry, the four services.",
    "Ctrl-C, or ./vaxline down from another shell, stops everything.",
    "Ports can be moved with VAXLINE_<SERVICE>_PORT, VAXLINE_KAFKA_PORT, VAXLINE_REGISTRY_PORT, VAXLINE_POSTGRES_PORT." })
final class Up implements Callable<Integer> {

    @ParentCommand
    private Vaxline vaxline;

    @Option(names = "--wipe", description = "Start from empty data.")
    private boolean wipe;

    @Mixin
    private DataDir dataDir;

    @Override
    public Integer call() throws Exception {
        return VaxlineStack.runUntilStopped(vaxline.repoRoot(), dataDir.in(vaxline.repoRoot()), wipe);
    }
}
