package io.vaxline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The infrastructure alone, in its own JVM, on free ports: what the services' tests run against.
 * Writes {@value #ENDPOINTS_FILE} into the data folder once everything is ready, and stops when its
 * standard input closes, which happens when the test JVM that started it exits, however it exits.
 */
public final class InfraServer {

    public static final String ENDPOINTS_FILE = "endpoints.json";

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

        waitForEndOfInput();
        System.exit(0);
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
