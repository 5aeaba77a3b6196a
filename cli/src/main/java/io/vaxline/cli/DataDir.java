package io.vaxline.cli;

import java.nio.file.Path;

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
}
