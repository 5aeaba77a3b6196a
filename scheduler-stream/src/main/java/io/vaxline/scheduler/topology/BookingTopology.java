package io.vaxline.scheduler.topology;

import java.util.Map;
import java.util.stream.Stream;

import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.internal.SeatRelease;
import io.vaxline.internal.SeatRequest;
import io.vaxline.internal.WaitlistRequest;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import io.opentelemetry.api.trace.Tracer;

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
 * services ─▶ (global store: the series of each service, read by the person guard)
 * booking-commands, vaccinations ────────┐ (by person)
 * booking-events ─▶ outcomes-by-person ──┴─▶ person-guard ─▶ booking-events (guard's own answers)
 *                          └─▶ reminders (wall-clock punctuator) ─▶ appointment-reminders
 *                                                 │
 *                                                 ▼ seat-requests (by clinic)
 * clinics ─────────┐                              │
 * clinic-capacity ─┤                              │
 * vaccinations ─▶ doses-by-clinic ─┴──────────────┴─▶ clinic-ledger ─▶ booking-events, slot-availability, &lt;source&gt;-dlq
 *                                                     (wall-clock punctuators: views; ended sessions settled)
 * (every input) ─ undecodable ─▶ &lt;topic&gt;-dlq
 * </pre>
 *
 * <p>Each processor that applies rules runs inside {@link ParkOnFailure}: a record it throws on is
 * parked on the dead-letter topic of the topic it came from, and the stream goes on.
 */
public final class BookingTopology {

    /** Repartition topic carrying seat requests and releases from the person guard to the clinic ledger. */
    public static final String SEAT_REQUESTS = "seat-requests";
    /** Repartition topic carrying booking outcomes back to the person guard. */
    public static final String OUTCOMES_BY_PERSON = "outcomes-by-person";
    /** Repartition topic carrying the doses given (vaccinations, keyed by person) to the clinic ledger, keyed by clinic. */
    public static final String DOSES_BY_CLINIC = "doses-by-clinic";

    private final Serde<SpecificRecord> avro;
    private final RecordDecoder decoder;
    private final ReminderSchedule reminders;
    private final Retention retention;
    private final Patience patience;
    private final Tracer tracer;
    private final Stores.Medium medium;

    BookingTopology(Serde<SpecificRecord> avro, RecordDecoder decoder, ReminderSchedule reminders, Retention retention,
            Patience patience, Tracer tracer, Stores.Medium medium) {
        this.tracer = tracer;
        this.medium = medium;
        this.avro = avro;
        this.decoder = decoder;
        this.reminders = reminders;
        this.retention = retention;
        this.patience = patience;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Stores.GUARD.forEach(store -> builder.addStateStore(Stores.records(store, avro, medium)));
        Stores.LEDGER.forEach(store -> builder.addStateStore(Stores.records(store, avro, medium)));
        Stores.LEDGER_INDEXES.forEach(store -> builder.addStateStore(Stores.strings(store, medium)));
        builder.addStateStore(Stores.records(Stores.REMINDERS_DUE, avro, medium));
        builder.addStateStore(Stores.strings(Stores.REMINDERS_BY_APPOINTMENT, medium));
        builder.addGlobalStore(Stores.global(Stores.SERVICES, avro, medium), Topics.SERVICES.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("services-source"),
                () -> new ServiceCatalogue(decoder, patience));

        KStream<String, SpecificRecord> outcomesByPerson = decoded(builder, Topics.BOOKING_EVENTS)
                // Check-ins are the ledger's own news about seats it keeps; the guard decides nothing on them. A missed
                // appointment goes to the guard too: it lets go of the dose, which may then be booked again.
                .filter((clinicId, event) -> BookingOutcome.of(event).isPresent() || event instanceof AppointmentMissed,
                        Named.as("booking-outcomes-only"))
                .selectKey((clinicId, outcome) -> personOf(outcome), Named.as("key-by-person"))
                .repartition(repartitioned(OUTCOMES_BY_PERSON));
        outcomesByPerson
                .process(() -> new ParkOnFailure("reminders", new ReminderProcessor(reminders)), Named.as("reminders"),
                        Stores.REMINDERS_DUE, Stores.REMINDERS_BY_APPOINTMENT)
                .to(new OutputRouting(), Produced.with(Serdes.String(), avro));
        // vaccinations is keyed by person like booking-commands, with as many partitions: co-partitioned. The
        // guard counts the doses toward the series; the ledger, re-keyed by clinic, takes them from their lots.
        KStream<String, SpecificRecord> vaccinations = observed(builder, Topics.VACCINATIONS);
        Map<String, KStream<String, SpecificRecord>> guarded = decoded(builder, Topics.BOOKING_COMMANDS)
                .merge(outcomesByPerson, Named.as("guard-inputs"))
                .merge(vaccinations, Named.as("guard-doses"))
                .process(() -> new Traced("person-guard", tracer, new ParkOnFailure("person-guard", new PersonGuardProcessor(retention))),
                        Named.as("person-guard"), Stores.GUARD.toArray(String[]::new))
                .split(Named.as("guard-"))
                .branch((clinicId, value) -> value instanceof SeatRequest || value instanceof SeatRelease
                        || value instanceof WaitlistRequest,
                        Branched.as("to-ledger"))
                .defaultBranch(Branched.as("answers"));
        guarded.get("guard-answers").to(new OutputRouting(), Produced.with(Serdes.String(), avro));
        KStream<String, SpecificRecord> seatRequests = guarded.get("guard-to-ledger").repartition(repartitioned(SEAT_REQUESTS));

        KStream<String, SpecificRecord> dosesByClinic = vaccinations
                .filter((personId, value) -> value instanceof VaccinationAdministered, Named.as("doses-given"))
                .selectKey((personId, dose) -> ((VaccinationAdministered) dose).getClinicId(), Named.as("key-by-clinic"))
                .repartition(repartitioned(DOSES_BY_CLINIC));

        decoded(builder, Topics.CLINICS)
                .merge(decoded(builder, Topics.CLINIC_CAPACITY), Named.as("clinic-inputs"))
                .merge(seatRequests, Named.as("ledger-inputs"))
                .merge(dosesByClinic, Named.as("ledger-doses"))
                .process(() -> new Traced("clinic-ledger", tracer, new ParkOnFailure("clinic-ledger", new ClinicLedgerProcessor(retention))),
                        Named.as("clinic-ledger"), ledgerStores())
                .to(new OutputRouting(), Produced.with(Serdes.String(), avro));
        return builder.build();
    }

    private static String[] ledgerStores() {
        return Stream.concat(Stores.LEDGER.stream(), Stores.LEDGER_INDEXES.stream()).toArray(String[]::new);
    }

    private Repartitioned<String, SpecificRecord> repartitioned(String name) {
        return Repartitioned.<String, SpecificRecord>as(name)
                .withKeySerde(Serdes.String()).withValueSerde(avro).withNumberOfPartitions(Topics.PARTITIONS);
    }

    private static String personOf(SpecificRecord outcome) {
        if (outcome instanceof AppointmentMissed missed) {
            return missed.getPersonId();
        }
        return BookingOutcome.of(outcome).orElseThrow(() -> new IllegalArgumentException(
                "not a booking outcome: " + outcome.getClass().getSimpleName())).personId();
    }

    /**
     * The records of a topic another service owns, as Avro. What cannot be decoded is skipped here: the
     * topic's owner (certificate-service, for vaccinations) parks it on the dead-letter topic, and a second
     * copy there would be put back twice by a redrive.
     */
    private KStream<String, SpecificRecord> observed(StreamsBuilder builder, TopicSpec topic) {
        return builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(topic.name() + "-source"))
                .processValues(() -> new DecodeProcessor(topic, decoder, patience), Named.as(topic.name() + "-decode"))
                .filter((key, decoded) -> !decoded.isFailure(), Named.as(topic.name() + "-decodable"))
                .mapValues(Decoded::value, Named.as(topic.name() + "-value"));
    }

    /** The topic's records as Avro; what cannot be decoded goes, as it came, to the topic's dead-letter topic. */
    private KStream<String, SpecificRecord> decoded(StreamsBuilder builder, TopicSpec topic) {
        Map<String, KStream<String, Decoded>> branches = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(topic.name() + "-source"))
                .processValues(() -> new DecodeProcessor(topic, decoder, patience), Named.as(topic.name() + "-decode"))
                .split(Named.as(topic.name() + "-"))
                .branch((key, decoded) -> decoded.isFailure(), Branched.as("undecodable"))
                .defaultBranch(Branched.as("decoded"));
        branches.get(topic.name() + "-undecodable")
                .mapValues(Decoded::raw, Named.as(topic.name() + "-raw"))
                .to(topic.deadLetterTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return branches.get(topic.name() + "-decoded").mapValues(Decoded::value, Named.as(topic.name() + "-value"));
    }
}
