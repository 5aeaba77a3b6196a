package io.vaxline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vaxline.devstack.StackState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "down", description = {
    "Stop the system that ./vaxline up started, and wait until it is gone.",
    "Says so when nothing is running (exit code 0 all the same)." })
final class Down implements Callable<Integer> {

    /** The services stop all at once (each within a minute, usually seconds), then the registry, Kafka and PostgreSQL in turn. */
    private static final Duration STOPPING = Duration.ofMinutes(2);
    /** As long as up gives the services to become ready. */
    private static final Duration STARTING = Duration.ofMinutes(5);

    @ParentCommand
    private Vaxline vaxline;

    @Mixin
    private DataDir dataDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataDir.in(vaxline.repoRoot());
        Optional<StackState> state = dataDir.running(vaxline.repoRoot(), out);
        Optional<ProcessHandle> process = state.flatMap(StackState::process);
        if (process.isEmpty()) {
            return 0;
        }
        ProcessHandle stack = process.get();
        if (!state.get().ready()) {
            // Stopped half-way, a starting stack would leave its child processes behind.
            out.println("Vaxline (pid " + stack.pid() + ") is still starting; it will be stopped once it is up...");
            out.flush();
            if (!awaitReady(dir, stack)) {
                spec.commandLine().getErr().println("Vaxline (pid " + stack.pid() + ") did not finish starting within "
                        + STARTING.toMinutes() + " minutes; kill " + stack.pid() + " stops it.");
                return 1;
            }
        }
        out.println("Stopping Vaxline (pid " + stack.pid() + ")...");
        out.flush();
        stack.destroy();
        try {
            stack.onExit().get(STOPPING.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            spec.commandLine().getErr().println("Vaxline (pid " + stack.pid() + ") is still stopping after "
                    + STOPPING.toSeconds() + " s; kill -9 " + stack.pid() + " ends it at once.");
            return 1;
        }
        // The stack removes its record itself; this is for one that could not.
        StackState.remove(dir);
        out.println("Stopped.");
        return 0;
    }

    private static boolean awaitReady(Path dir, ProcessHandle stack) throws InterruptedException {
        long deadline = System.nanoTime() + STARTING.toNanos();
        while (System.nanoTime() < deadline && stack.isAlive()) {
            if (StackState.read(dir).map(StackState::ready).orElse(false)) {
                return true;
            }
            Thread.sleep(500);
        }
        return !stack.isAlive() || StackState.read(dir).map(StackState::ready).orElse(false);
    }
}
