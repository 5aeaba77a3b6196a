package io.vaxline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ./vaxline}: every command of the local system, each with {@code --help}. */
@Command(name = "vaxline", synopsisSubcommandLabel = "<command>",
        description = "Runs Vaxline on this machine without Docker, and measures it.",
        subcommands = {
            Up.class, Down.class, Status.class, Logs.class,
            Read.class, Send.class, Redrive.class, ReplayCertificates.class, RestoreBackup.class,
            Bench.class, Drills.class, Test.class, CommandLine.HelpCommand.class },
        footer = { "", "./vaxline <command> --help tells more about one command." })
public final class Vaxline implements Callable<Integer> {

    /** -h and --help, for this command and each subcommand (the help command has its own). */
    static final class HelpOption {
        @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Mixin
    HelpOption help;

    /** Wide enough for the benchmark table of bench --help on one line each. */
    private static final int USAGE_WIDTH = 100;

    @Spec
    CommandSpec spec;

    private final Path repoRoot;

    Vaxline(Path repoRoot) {
        this.repoRoot = repoRoot;
    }

    Path repoRoot() {
        return repoRoot;
    }

    /** Without a command: the list of commands, and the exit code of a usage error, as before. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    static CommandLine commandLine(Path repoRoot) {
        CommandLine vaxline = new CommandLine(new Vaxline(repoRoot)).setUsageHelpWidth(USAGE_WIDTH);
        vaxline.getSubcommands().values().stream()
                .filter(command -> !(command.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(command -> command.addMixin("help", new HelpOption()));
        vaxline.setParameterExceptionHandler((e, args) -> {
            // The usage too, not only picocli's guess at what was meant.
            CommandLine command = e.getCommandLine();
            command.getErr().println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.usage(command.getErr());
            return CommandLine.ExitCode.USAGE;
        });
        return vaxline.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A failure the person can act on is a sentence, not a stack trace.
            if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println(e.getMessage());
                return 1;
            }
            throw e;
        });
    }

    public static void main(String[] args) {
        Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath().normalize();
        // Kafka's and the PostgreSQL driver's logging goes to a file (devstack's log4j2.xml), not to the console.
        if (System.getProperty("vaxline.log.dir") == null) {
            System.setProperty("vaxline.log.dir", DataDir.defaultIn(repoRoot).resolve("logs").toString());
        }
        System.exit(commandLine(repoRoot).execute(args));
    }
}
