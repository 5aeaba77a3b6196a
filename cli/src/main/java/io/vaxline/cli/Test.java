package io.vaxline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

@Command(name = "test", customSynopsis = "vaxline test [-h] [<Maven argument>...]", description = {
    "Build and run every test, end-to-end ones included (./mvnw -B verify).",
    "Further arguments go to Maven, e.g. ./vaxline test -pl notifier -am.",
    "./vaxline runs Maven for this itself, so the tests need nothing built beforehand." })
final class Test implements Callable<Integer> {

    @ParentCommand
    private Vaxline vaxline;

    /** Maven's own options, e.g. -pl notifier -am, which are not this command's to parse. */
    @Unmatched
    private List<String> mavenArgs = List.of();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>(List.of(vaxline.repoRoot().resolve("mvnw").toString(), "-B", "verify"));
        command.addAll(mavenArgs);
        return new ProcessBuilder(command).directory(vaxline.repoRoot().toFile()).inheritIO().start().waitFor();
    }
}
