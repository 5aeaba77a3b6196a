package io.vaxline.cli;

import java.util.concurrent.Callable;

import io.vaxline.devstack.CertificateReplay;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "replay-certificates", description = {
    "Rebuild every certificate from the event log into an empty database.",
    "Uses the running system's broker, registry and signing key; the live service keeps its own database." })
final class ReplayCertificates implements Callable<Integer> {

    @ParentCommand
    private Vaxline vaxline;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<database>", defaultValue = CertificateReplay.DEFAULT_DATABASE,
            description = "The database to fill, made when missing (default: ${DEFAULT-VALUE}).")
    private String database;

    @Mixin
    private DataDir dataDir;

    @Override
    public Integer call() throws Exception {
        CertificateReplay.main(new String[] { database, "--data-dir=" + dataDir.in(vaxline.repoRoot()) });
        return 0;
    }
}
