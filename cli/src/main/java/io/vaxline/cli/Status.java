package io.vaxline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.StackState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Say whether the system of ./vaxline up is running, and whether each service "
        + "answers its readiness check.")
final class Status implements Callable<Integer> {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

    @ParentCommand
    private Vaxline vaxline;

    @Mixin
    private DataDir dataDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataDir.in(vaxline.repoRoot());
        Optional<StackState> running = dataDir.running(vaxline.repoRoot(), out);
        if (running.isEmpty()) {
            return 0;
        }
        StackState state = running.get();
        out.printf("Vaxline is %s (pid %d, data in %s).%n%n", state.ready() ? "up" : "starting", state.pid(), dir);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build()) {
            for (Map.Entry<Service, Integer> service : state.servicePorts().entrySet()) {
                out.printf("  %-20s http://127.0.0.1:%-6d %s%n", service.getKey().module(), service.getValue(),
                        health(http, service.getValue()));
            }
        }
        state.infrastructure().forEach((name, address) -> out.printf("  %-20s %s%n", name, address));
        return 0;
    }

    private static String health(HttpClient http, int port) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(Service.readyUrl(port)).timeout(HEALTH_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? "ready" : "not ready (HTTP " + response.statusCode() + ")";
        } catch (IOException e) {
            return "not answering";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not asked (interrupted)";
        }
    }
}
