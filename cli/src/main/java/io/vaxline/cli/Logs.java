package io.vaxline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "logs", description = {
    "Show the end of a log of ./vaxline up, or follow it; without a name, list the logs.",
    "Names: booking-api, scheduler-stream, notifier, certificate-service, schema-registry, postgres, "
            + "infrastructure (Kafka's broker)." })
final class Logs implements Callable<Integer> {

    private static final DateTimeFormatter CHANGED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long FOLLOW_INTERVAL_MILLIS = 250;

    @ParentCommand
    private Vaxline vaxline;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name>", description = "A service or infrastructure log.")
    private String name;

    @Option(names = { "-f", "--follow" }, description = "Keep printing what is written to it, until Ctrl-C.")
    private boolean follow;

    @Option(names = { "-n", "--lines" }, defaultValue = "100", paramLabel = "<count>",
            description = "How many of the last lines to show (default: ${DEFAULT-VALUE}).")
    private int lines;

    @Mixin
    private DataDir dataDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path logs = dataDir.in(vaxline.repoRoot()).resolve("logs");
        List<Path> available = available(logs);
        if (name == null) {
            if (available.isEmpty()) {
                out.println("No logs in " + logs + " yet: ./vaxline up writes them.");
            }
            for (Path log : available) {
                out.printf("  %-20s %,10d KiB  changed %s%n", nameOf(log), Files.size(log) / 1024,
                        CHANGED.format(LocalDateTime.ofInstant(Files.getLastModifiedTime(log).toInstant(), ZoneId.systemDefault())));
            }
            return 0;
        }
        Path log = logs.resolve(name + ".log");
        if (!Files.isRegularFile(log)) {
            spec.commandLine().getErr().println("No log " + log + ". Logs there: "
                    + available.stream().map(Logs::nameOf).toList());
            return 1;
        }
        long position = printTail(log, out);
        if (follow) {
            follow(log, position, out);
        }
        return 0;
    }

    /** Prints the last {@link #lines} lines and returns where the file ended. */
    private long printTail(Path log, PrintWriter out) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long end = file.length();
            long start = end;
            int newlines = 0;
            // Read backwards in blocks: logs reach tens of megabytes, the tail is a few kilobytes.
            byte[] block = new byte[8192];
            while (start > 0 && newlines < lines) {
                int size = (int) Math.min(block.length, start);
                start -= size;
                file.seek(start);
                file.readFully(block, 0, size);
                for (int i = size - 1; i >= 0; i--) {
                    // The newline ending the last line does not count; the one before the first line shown does.
                    if (block[i] == '\n' && start + i < end - 1 && ++newlines == lines) {
                        start += i + 1;
                        break;
                    }
                }
            }
            byte[] tail = new byte[(int) (end - start)];
            file.seek(start);
            file.readFully(tail);
            out.print(new String(tail, StandardCharsets.UTF_8));
            out.flush();
            return end;
        }
    }

    private static void follow(Path log, long from, PrintWriter out) throws IOException, InterruptedException {
        long position = from;
        while (!Thread.currentThread().isInterrupted()) {
            long size = Files.size(log);
            if (size < position) {
                position = 0; // truncated, or a new file after a wipe
            }
            if (size > position) {
                try (InputStream in = Files.newInputStream(log)) {
                    in.skipNBytes(position);
                    byte[] added = in.readNBytes((int) Math.min(size - position, Integer.MAX_VALUE));
                    out.print(new String(added, StandardCharsets.UTF_8));
                    out.flush();
                    position += added.length;
                }
            }
            Thread.sleep(FOLLOW_INTERVAL_MILLIS);
        }
    }

    private static List<Path> available(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static String nameOf(Path log) {
        String file = log.getFileName().toString();
        return file.substring(0, file.length() - ".log".length());
    }
}
