package io.vaxline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The infrastructure alone, in its own JVM, on free ports: what the services' tests run against.
 * Writes {@value #ENDPOINTS_FILE} into the data folder once everything is ready, and stops when its
 * standard input closes, which happens when the test JVM that started it exits, however it exits.
 *
 * <p>Tests stop and start PostgreSQL, the registry or the broker in it to show that the services wait an outage
 * out: {@link InfrastructureTestResource#stopPostgres()} and the like write a request file into
 * {@value #CONTROL_FOLDER} of the data folder; this server carries it out and answers with a file
 * beside it (a file, because the test JVM's class loaders share no object with the one that started it).
 */
public final class InfraServer {

    public static final String ENDPOINTS_FILE = "endpoints.json";
    public static final String CONTROL_FOLDER = "control";

    private InfraServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: InfraServer <data folder>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        Infrastructure infra = Infrastructure.start(InfraSettings.onFreePorts(dataDir), System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "infrastructure-stop"));

        Path tmp = dataDir.resolve(ENDPOINTS_FILE + ".tmp");
        Files.writeString(tmp, new ObjectMapper().writeValueAsString(infra.endpoints()));
        Files.move(tmp, dataDir.resolve(ENDPOINTS_FILE), StandardCopyOption.ATOMIC_MOVE);

        Thread control = new Thread(() -> obey(infra, dataDir.resolve(CONTROL_FOLDER)), "infrastructure-control");
        control.setDaemon(true);
        control.start();
        waitForEndOfInput();
        System.exit(0);
    }

    /** Carries out each {@code <id>.request} (one of {@link Command}) and answers {@code <id>.done} or {@code <id>.failed}. */
    private static void obey(Infrastructure infra, Path folder) {
        while (true) {
            try {
                Files.createDirectories(folder);
                try (Stream<Path> requests = Files.list(folder)) {
                    for (Path request : requests.filter(p -> p.toString().endsWith(".request")).sorted().toList()) {
                        String id = request.getFileName().toString().replace(".request", "");
                        String answer;
                        String outcome;
                        try {
                            Command command = Command.valueOf(Files.readString(request).trim());
                            System.out.println("control: " + command);
                            command.apply(infra);
                            answer = id + ".done";
                            outcome = "";
                        } catch (Exception e) {
                            answer = id + ".failed";
                            outcome = String.valueOf(e);
                        }
                        Files.delete(request);
                        Files.writeString(folder.resolve(answer + ".tmp"), outcome);
                        Files.move(folder.resolve(answer + ".tmp"), folder.resolve(answer), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                System.out.println("control: " + e);
            }
        }
    }

    /** What a test may ask of the running infrastructure. */
    public enum Command {
        STOP_POSTGRES, START_POSTGRES, STOP_REGISTRY, START_REGISTRY, STOP_KAFKA, START_KAFKA;

        void apply(Infrastructure infra) throws Exception {
            switch (this) {
                case STOP_POSTGRES -> infra.stopPostgres();
                case START_POSTGRES -> infra.startPostgres();
                case STOP_REGISTRY -> infra.stopRegistry();
                case START_REGISTRY -> infra.startRegistry();
                case STOP_KAFKA -> infra.stopKafka();
                case START_KAFKA -> infra.startKafka();
            }
        }
    }

    private static void waitForEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // the parent never writes; end of input means it is gone
            }
        } catch (IOException e) {
            // a broken pipe means the same
        }
    }
}
