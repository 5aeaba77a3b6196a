package io.vaxline.scheduler.topology;

import java.util.Map;

import io.vaxline.commands.BookAppointment;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Wires the named processors of scheduler-stream:
 *
 * <pre>
 * clinics ─────────┐
 * clinic-capacity ─┼─▶ clinic-ledger ─▶ booking-events, slot-availability, &lt;source&gt;-dlq
 * booking-commands ─▶ by clinic ─┘
 * (every input) ─ undecodable ─▶ &lt;topic&gt;-dlq
 * </pre>
 */
public final class BookingTopology {

    /** Name of the repartition topic that carries booking commands keyed by clinic. */
    public static final String COMMANDS_BY_CLINIC = "commands-by-clinic";

    private final Serde<SpecificRecord> avro;
    private final RecordDecoder decoder;

    public BookingTopology(Serde<SpecificRecord> avro, RecordDecoder decoder) {
        this.avro = avro;
        this.decoder = decoder;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : new String[] {Stores.CLINICS, Stores.SESSIONS, Stores.SEATS, Stores.OUTCOMES}) {
            builder.addStateStore(Stores.persistent(store, avro));
        }

        KStream<String, SpecificRecord> clinics = decoded(builder, Topics.CLINICS);
        KStream<String, SpecificRecord> capacity = decoded(builder, Topics.CLINIC_CAPACITY);
        KStream<String, SpecificRecord> commandsByClinic = decoded(builder, Topics.BOOKING_COMMANDS)
                .selectKey((personId, command) -> command instanceof BookAppointment book ? book.getClinicId() : personId,
                        Named.as("key-by-clinic"))
                .repartition(Repartitioned.<String, SpecificRecord>as(COMMANDS_BY_CLINIC)
                        .withKeySerde(Serdes.String()).withValueSerde(avro).withNumberOfPartitions(Topics.PARTITIONS));

        clinics.merge(capacity, Named.as("clinic-inputs")).merge(commandsByClinic, Named.as("ledger-inputs"))
                .process(ClinicLedgerProcessor::new, Named.as("clinic-ledger"),
                        Stores.CLINICS, Stores.SESSIONS, Stores.SEATS, Stores.OUTCOMES)
                .to(new OutputRouting(), Produced.with(Serdes.String(), avro));
        return builder.build();
    }

    /** The topic's records as Avro; what cannot be decoded goes, as it came, to the topic's dead-letter topic. */
    private KStream<String, SpecificRecord> decoded(StreamsBuilder builder, TopicSpec topic) {
        Map<String, KStream<String, Decoded>> branches = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(topic.name() + "-source"))
                .processValues(() -> new DecodeProcessor(topic, decoder), Named.as(topic.name() + "-decode"))
                .split(Named.as(topic.name() + "-"))
                .branch((key, decoded) -> decoded.isFailure(), Branched.as("undecodable"))
                .defaultBranch(Branched.as("decoded"));
        branches.get(topic.name() + "-undecodable")
                .mapValues(Decoded::raw, Named.as(topic.name() + "-raw"))
                .to(topic.deadLetterTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return branches.get(topic.name() + "-decoded").mapValues(Decoded::value, Named.as(topic.name() + "-value"));
    }
}
