package io.vaxline.care.payments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import io.vaxline.events.PaymentFailed;
import io.vaxline.events.PaymentRefunded;
import io.vaxline.events.PaymentSucceeded;

/**
 * The outbox of payment events (table {@code payment_outbox}): an event is appended on the connection, and so in
 * the transaction, that records the payment it tells of; {@link PaymentOutboxRelay} publishes it afterwards. The
 * row holds the event's Avro binary encoding; the registry is asked only when it is sent.
 */
final class PaymentOutbox {

    /** The generated classes' own loader: under Quarkus, Avro's default model may load a second copy of them. */
    private static final SpecificData MODEL = new SpecificData(PaymentSucceeded.class.getClassLoader());

    static {
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private PaymentOutbox() {
    }

    static void append(Connection c, String eventId, String appointmentId, SpecificRecord event) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO payment_outbox (event_id, appointment_id, event_type, payload) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, eventId);
            insert.setString(2, appointmentId);
            insert.setString(3, event.getSchema().getName());
            insert.setBytes(4, encode(event));
            insert.executeUpdate();
        }
    }

    static SpecificRecord decode(String type, byte[] payload) {
        Schema schema = switch (type) {
            case "PaymentSucceeded" -> PaymentSucceeded.getClassSchema();
            case "PaymentFailed" -> PaymentFailed.getClassSchema();
            case "PaymentRefunded" -> PaymentRefunded.getClassSchema();
            default -> throw new IllegalStateException("payment_outbox holds an event of unknown type " + type);
        };
        try {
            return new SpecificDatumReader<SpecificRecord>(schema, schema, MODEL).read(null,
                    DecoderFactory.get().binaryDecoder(payload, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(SpecificRecord event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(event.getSchema(), MODEL).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
