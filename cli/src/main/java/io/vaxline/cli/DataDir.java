package io.vaxline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import io.vaxline.devstack.StackState;

import picocli.CommandLine.Option;

/** The data folder of {@code ./vaxline up}, for the commands that find a running stack through it. */
final class DataDir {

    @Option(names = "--data-dir", paramLabel = "<folder>",
            description = "The data folder of ./vaxline up (default: data in the repository).")
    private Path dir;

    static Path defaultIn(Path repoRoot) {
        return repoRoot.resolve("data");
    }

    Path in(Path repoRoot) {
        return (dir == null ? defaultIn(repoRoot) : dir).toAbsolutePath().normalize();
    }

    /**
     * The stack recorded in the data folder, if its process still runs. Otherwise says so on {@code out}
     * and removes a record its process outlived.
     */
    Optional<StackState> running(Path repoRoot, PrintWriter out) throws IOException {
        Path folder = in(repoRoot);
        Optional<StackState> state = StackState.read(folder);
        if (state.isEmpty()) {
            out.println("Nothing is running (no " + StackState.file(folder) + ").");
            return Optional.empty();
        }
        if (state.get().process().isEmpty()) {
            StackState.remove(folder);
            out.println("Nothing is running: pid " + state.get().pid() + " recorded in " + StackState.file(folder)
                    + " has exited; the stale record is removed.");
            return Optional.empty();
        }
        return state;
    }
}
