package io.vaxline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Properties;
import java.util.UUID;

import io.vaxline.devstack.InfraSettings;
import io.vaxline.devstack.Infrastructure;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.topology.ReminderParts;
import io.vaxline.schemas.AvroSerdes;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reminder detection over 1,000,000 stored appointments spread over 30 days: scheduler-stream's
 * reminder processor with its real RocksDB stores (Avro values through the Apicurio serde against a
 * real registry), driven directly, its wall clock moved to 18:00 the day before the first day.
 * Measures the punctuation that emits that day's reminders, and one in which nothing is due.
 *
 * <p>The processor and its stores come from {@link ReminderParts}, as the topology builds them. The
 * TopologyTestDriver is not used: it flushes RocksDB after every input record (about 60 records/s here).
 *
 * <p>Usage: {@code ./vaxline bench reminders [appointments] [days]}.
 */
public final class ReminderBenchmark {

    private static final String ZONE = "Europe/Stockholm";

    public static void main(String[] args) throws Exception {
        int appointments = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path work = Path.of("bench", "target", "reminders-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(work);
        System.out.println("Starting Kafka, the schema registry and PostgreSQL for the Avro serde...");
        try (Infrastructure infra = Infrastructure.start(InfraSettings.onFreePorts(work.resolve("infra")), System.out::println)) {
            run(infra.endpoints().registryUrl(), work, appointments, days);
        }
    }

    private static void run(String registry, Path work, int appointments, int days) throws Exception {
        ZoneId zone = ZoneId.of(ZONE);
        LocalDate today = LocalDate.of(2031, 3, 1);
        Serde<SpecificRecord> avro = AvroSerdes.valueSerde(registry);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "reminder-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(config,
                new TaskId(0, 0), Files.createDirectories(work.resolve("state")).toFile());
        KeyValueStore<String, SpecificRecord> due = ReminderParts.dueStore(avro).withLoggingDisabled().build();
        KeyValueStore<String, String> index = ReminderParts.appointmentIndexStore().withLoggingDisabled().build();
        due.init(context.getStateStoreContext(), due);
        index.init(context.getStateStoreContext(), index);
        context.addStateStore(due);
        context.addStateStore(index);

        Processor<String, SpecificRecord, String, SpecificRecord> processor =
                ReminderParts.processor(new ReminderSchedule(LocalTime.of(18, 0), Duration.ofMinutes(1)));
        context.setCurrentSystemTimeMs(today.atTime(8, 0).atZone(zone).toInstant().toEpochMilli());
        processor.init(context);
        var punctuator = context.scheduledPunctuators().get(0).getPunctuator();

        System.out.printf("Storing %,d appointments over %d days...%n", appointments, days);
        long loadStart = System.nanoTime();
        int firstDay = 0;
        for (int i = 0; i < appointments; i++) {
            int day = i % days;
            if (day == 0) {
                firstDay++;
            }
            Instant slot = today.plusDays(1 + day).atTime(8, 0).plusMinutes(5L * ((i / days) % 120)).atZone(zone).toInstant();
            processor.process(new Record<>("person-" + i, booked("person-" + i, "clinic-" + (i % 500), slot), 0L));
            if ((i + 1) % 100_000 == 0) {
                double seconds = (System.nanoTime() - loadStart) / 1e9;
                System.out.printf("  %,9d stored  (%,.0f /s, RSS %d MiB)%n", i + 1, (i + 1) / seconds, Results.rssMiB());
            }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        due.flush();
        index.flush();
        if (!context.forwarded().isEmpty()) {
            throw new IllegalStateException("reminders emitted before they were due: " + context.forwarded().size());
        }

        long noon = today.atTime(12, 0).atZone(zone).toInstant().toEpochMilli();
        context.setCurrentSystemTimeMs(noon);
        punctuator.punctuate(noon); // warm-up
        long quietStart = System.nanoTime();
        punctuator.punctuate(noon + 60_000);
        double quietMillis = (System.nanoTime() - quietStart) / 1e6;

        long six = today.atTime(18, 0).atZone(zone).toInstant().toEpochMilli();
        context.setCurrentSystemTimeMs(six);
        System.out.println("Moving the wall clock to 18:00 the day before the first day...");
        long emitStart = System.nanoTime();
        punctuator.punctuate(six);
        due.flush();
        index.flush();
        double emitSeconds = (System.nanoTime() - emitStart) / 1e9;
        long emitted = context.forwarded().size();
        System.out.printf("Emitted %,d reminders in %.3f s (%,.0f /s); a scan with nothing due took %.2f ms%n",
                emitted, emitSeconds, emitted / emitSeconds, quietMillis);
        if (emitted != firstDay) {
            throw new IllegalStateException("expected " + firstDay + " reminders for the first day, got " + emitted);
        }
        due.close();
        index.close();

        new Results("reminders", "Reminder detection: one day's reminders out of " + String.format("%,d", appointments))
                .put("storedAppointments", appointments)
                .put("days", days)
                .put("storeSeconds", round(loadSeconds))
                .put("storedPerSecond", Math.round(appointments / loadSeconds))
                .put("remindersDue", emitted)
                .put("emitSeconds", round(emitSeconds))
                .put("remindersPerSecond", Math.round(emitted / emitSeconds))
                .put("quietScanMillis", round(quietMillis))
                .put("targetSeconds", 60)
                .put("rssMiB", Results.rssMiB())
                .note("scheduler-stream's ReminderProcessor on its RocksDB stores (Avro values through the Apicurio serde "
                        + "against a real registry), driven directly. Emitting covers the range scan of the due-moment "
                        + "store up to now, building each AppointmentReminderDue and deleting it from both stores. Not "
                        + "included: change-logging and producing to the broker, which exactly_once_v2 commits in one "
                        + "transaction; the broker benchmarks of issue 6 (not built yet) are to measure those.")
                .write(Path.of("bench", "results"));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static AppointmentBooked booked(String personId, String clinicId, Instant slot) {
        String appointmentId = UUID.randomUUID().toString();
        return AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(slot.minusSeconds(86400 * 40L))
                .setRequestId(appointmentId).setAppointmentId(appointmentId).setConfirmationCode("ABCD-EFGH")
                .setPersonId(personId).setClinicId(clinicId).setService("covid-19").setSlotStart(slot)
                .setSlotEnd(slot.plusSeconds(300)).setClinicTimeZone(ZONE).setDoseNumber(1).build();
    }
}
