package io.vaxline.scheduler.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.vaxline.devstack.KafkaBroker;

/**
 * Region B's Kafka broker for {@link BookingFailoverIT}, in a JVM of its own on devstack's class path (the
 * broker's libraries never join this module's): {@code RegionBroker <folder> <port> <controller port>}, the
 * provisioner's and the controller's passwords in {@code PROVISIONER_PASSWORD} and {@code CONTROLLER_PASSWORD}.
 * Writes its bootstrap servers to {@code <folder>/ready} once it answers, and stops when its standard input closes.
 */
public final class RegionBroker {

    private RegionBroker() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]).toAbsolutePath();
        System.setProperty("vaxline.log.dir", folder.resolve("logs").toString());
        KafkaBroker broker = new KafkaBroker(folder.resolve("kafka"), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                System.getenv("PROVISIONER_PASSWORD"), System.getenv("CONTROLLER_PASSWORD"));
        broker.start();
        Path tmp = folder.resolve("ready.tmp");
        Files.writeString(tmp, broker.bootstrapServers());
        Files.move(tmp, folder.resolve("ready"), StandardCopyOption.ATOMIC_MOVE);
        try {
            while (System.in.read() != -1) {
                // the test never writes; end of input means it is done or gone
            }
        } finally {
            broker.close();
        }
        System.exit(0);
    }
}
