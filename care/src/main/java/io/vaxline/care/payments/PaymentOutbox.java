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
import io.vaxline.events.VideoConsultationBooked;
import io.vaxline.schemas.Topics;

/**
 * care's outbox (table {@code payment_outbox}, named for its first use): an event is appended on the connection, and
 * so in the transaction, that records what it tells of (a payment, or a video consultation's booking);
 * {@link PaymentOutboxRelay} publishes it afterwards to the catalogue topic of its type ({@code payment-events},
 * {@code care-appointments}), keyed by appointment. The row holds the event's Avro binary encoding; the registry is
 * asked only when it is sent.
 */
public final class PaymentOutbox {

    /** The generated classes' own loader: under Quarkus, Avro's default model may load a second copy of them. */
    private static final SpecificData MODEL = new SpecificData(PaymentSucceeded.class.getClassLoader());

    static {
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private PaymentOutbox() {
    }

    public static void append(Connection c, String eventId, String appointmentId, SpecificRecord event) throws SQLException {
        String topic = Topics.forValueType(event.getClass()).name();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO payment_outbox (event_id, appointment_id, event_type, payload, topic) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, eventId);
            insert.setString(2, appointmentId);
            insert.setString(3, event.getSchema().getName());
            insert.setBytes(4, encode(event));
            insert.setString(5, topic);
            insert.executeUpdate();
        }
    }

    static SpecificRecord decode(String type, byte[] payload) {
        Schema schema = switch (type) {
            case "PaymentSucceeded" -> PaymentSucceeded.getClassSchema();
            case "PaymentFailed" -> PaymentFailed.getClassSchema();
            case "PaymentRefunded" -> PaymentRefunded.getClassSchema();
            case "VideoConsultationBooked" -> VideoConsultationBooked.getClassSchema();
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
