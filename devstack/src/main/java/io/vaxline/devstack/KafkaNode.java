package io.vaxline.devstack;

import java.nio.file.Path;

/**
 * One node of a local multi-broker cluster (broker and controller in one process), started by
 * {@link KafkaCluster} as a child JVM so that it can be killed with -9 on its own. Arguments:
 * {@code <node id> <client port> <controller port> <TLS port> <TLS folder> <voters> <cluster id> <cluster size> <log folder>};
 * the provisioner's and the controller listener's passwords come in the environment
 * ({@value #PROVISIONER_PASSWORD}, {@value #CONTROLLER_PASSWORD}), not on the command line where
 * {@code ps} shows them. It stops (controlled shutdown) on SIGTERM.
 */
public final class KafkaNode {

    static final String PROVISIONER_PASSWORD = "VAXLINE_KAFKA_PROVISIONER_PASSWORD";
    static final String CONTROLLER_PASSWORD = "VAXLINE_KAFKA_CONTROLLER_PASSWORD";

    private KafkaNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: KafkaNode <node id> <client port> <controller port> <TLS port> <TLS folder> <voters> "
                    + "<cluster id> <cluster size> <log folder>");
            System.exit(2);
        }
        int nodeId = Integer.parseInt(args[0]);
        KafkaBroker broker = new KafkaBroker(Path.of(args[8]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                System.getenv(PROVISIONER_PASSWORD), System.getenv(CONTROLLER_PASSWORD))
                .withTls(Integer.parseInt(args[3]), Path.of(args[4]))
                .asClusterNode(nodeId, args[5], args[6], Integer.parseInt(args[7]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-node-stop"));
        broker.start();
        System.out.println("Kafka node " + nodeId + " started: " + broker.bootstrapServers());
        Thread.currentThread().join();
    }
}
