package io.vaxline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks that fail early with a message saying which setting to change. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on 127.0.0.1", e);
        }
    }

    /**
     * Throws with a clear message when {@code port} is already taken on 127.0.0.1.
     *
     * @param what    what wants the port, e.g. "Kafka broker"
     * @param setting the environment variable that moves it
     */
    public static void requireFree(int port, String what, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
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
