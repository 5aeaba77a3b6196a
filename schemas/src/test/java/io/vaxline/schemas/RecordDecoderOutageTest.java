package io.vaxline.schemas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A registry that is down is an outage to wait out; a record the registry knows nothing of is bad data. */
class RecordDecoderOutageTest {

    /** The wire format's magic byte and a 4-byte schema id, then an Avro body. */
    private static final byte[] RECORD = {0, 0, 0, 0, 7, 2, 3, 4};

    @Test
    void anUnreachableRegistryIsAnOutageNotABadRecord() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (RecordDecoder decoder = new RecordDecoder("http://127.0.0.1:" + closedPort + "/apis/registry/v3")) {
            assertThrows(RegistryUnavailableException.class,
                    () -> decoder.decode(Topics.BOOKING_EVENTS, new RecordHeaders(), RECORD));
        }
    }

    @Test
    void aRegistryAnswering503IsAnOutage() throws Exception {
        assertThrows(RegistryUnavailableException.class, () -> decodeAgainstRegistryAnswering(503));
        assertThrows(RegistryUnavailableException.class, () -> decodeAgainstRegistryAnswering(500));
    }

    @Test
    void aSchemaTheRegistryDoesNotKnowIsABadRecord() throws Exception {
        assertThrows(RecordDecoder.UndecodableRecordException.class, () -> decodeAgainstRegistryAnswering(404));
    }

    @Test
    void aTruncatedBodyOrARefusedStatementIsBadDataNotAnOutage() {
        assertFalse(Outages.isOutage(new RuntimeException(new EOFException())));
        assertFalse(Outages.isOutage(new SQLException("duplicate key", "23505")));
        assertTrue(Outages.isOutage(new SQLException("the database system is starting up", "57P03")));
        assertTrue(Outages.isOutage(new RuntimeException(new RuntimeException(new ConnectException("refused")))));
    }

    private static void decodeAgainstRegistryAnswering(int status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"status\":" + status + ",\"title\":\"answered " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (RecordDecoder decoder = new RecordDecoder("http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v3")) {
            decoder.decode(Topics.BOOKING_EVENTS, new RecordHeaders(), RECORD);
        } finally {
            server.stop(0);
        }
    }
}
