package io.vaxline.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks that fail early with a message saying which setting to change. */
public final class Ports {

    private Ports() {
    }

    /**
     * Ports handed out for servers: below Linux's ephemeral range (32768 and up), so the local end of
     * an outgoing connection cannot take one between the moment it is chosen and the moment a server
     * binds it, and never the same one twice in this JVM.
     */
    private static final int FIRST = 20000;
    private static final int LAST = 32000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port that is free on 127.0.0.1 now and that this JVM has not handed out before. */
    public static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + FIRST + " and " + LAST + " on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Throws with a clear message when {@code port} is already taken on 127.0.0.1.
     *
     * @param what    what wants the port, e.g. "Kafka broker"
     * @param setting the environment variable that moves it
     */
    public static void requireFree(int port, String what, String setting) {
        if (!isFree(port)) {
            throw new PortInUseException("Port " + port + " (" + what + ") is already in use on 127.0.0.1. "
                    + "Stop whatever holds it (`ss -ltnp 'sport = :" + port + "'` shows it) or choose another port with "
                    + setting + "=<port>.");
        }
    }

    public static final class PortInUseException extends RuntimeException {
        PortInUseException(String message) {
            super(message);
        }
    }
}
