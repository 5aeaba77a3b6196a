package io.vaxline.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.RejectionReason;
import io.vaxline.schemas.ConfirmationCodes;
import io.vaxline.schemas.Topics;
import io.vaxline.scheduler.domain.Ids;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The packaged topology against the real broker and registry, with exactly_once_v2 as in production. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BookingDecisionsOnTheBrokerIT {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void isReadyOnceTheTopologyRuns() {
        // Tests start once the application has started, which may be before the stream has its partitions.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when()
                .get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Booking decisions flow' }.data.state", equalTo("RUNNING")));
    }

    /**
     * The Kafka metrics the dashboard and alerts read are shown, through the stream's own reporter, and not the
     * thousands of per-task, per-node and per-partition ones; no Kafka metric is on JMX.
     */
    @Test
    void showsTheKafkaMetricsOperatorsChartAndNoOthers() throws Exception {
        confirmsSeatsUntilTheSlotIsFullThenRejects();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> series = given().when().get("/q/metrics").asString().lines()
                    .filter(line -> line.startsWith("kafka_")).toList();
            assertThat(series.stream().map(line -> line.replaceAll("[{ ].*", "")).distinct())
                    .contains("kafka_stream_thread_commit_latency_avg", "kafka_consumer_fetch_manager_records_lag_max",
                            "kafka_stream_state_estimate_num_keys", "kafka_producer_record_send_total",
                            "kafka_consumer_coordinator_rebalance_total");
            assertThat(series).as("no per-partition series").noneMatch(line -> line.contains("partition=\""));
            assertThat(series.size()).as("a few series per client, not every metric of Kafka").isLessThan(400);
            assertThat(series).filteredOn(line -> line.startsWith("kafka_stream_thread_commit_latency_avg"))
                    .allSatisfy(line -> assertThat(line).contains("thread_id=\""));
        });
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        // Kafka registers each client's app-info (its version) whatever the reporters; no metric beside it.
        // (The test's own clients, in this JVM too, are left alone.)
        List<javax.management.ObjectName> stream = jmx.queryNames(new javax.management.ObjectName("kafka.*:*"), null).stream()
                .filter(name -> String.valueOf(name.getKeyProperty("client-id")).startsWith("scheduler-stream")
                        || String.valueOf(name.getKeyProperty("id")).startsWith("scheduler-stream")).toList();
        assertThat(stream).as("the stream's clients' MBeans").isNotEmpty()
                .allSatisfy(name -> assertThat(name.getKeyProperty("type")).as(name.toString()).isEqualTo("app-info"));
    }

    @Test
    void confirmsSeatsUntilTheSlotIsFullThenRejects() {
        String clinicId = "broker-" + UUID.randomUUID();
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Oslo")).plusDays(7);
        clinic(clinicId, ZoneId.of("Europe/Oslo"), day, 2);
        Instant nine = day.atTime(9, 0).atZone(ZoneId.of("Europe/Oslo")).toInstant();

        for (int i = 1; i <= 3; i++) {
            String person = clinicId + "-person-" + i;
            kafka.send(Topics.BOOKING_COMMANDS, person, BookAppointment.newBuilder()
                    .setCommandId(UUID.randomUUID().toString()).setRequestId(clinicId + "-request-" + i)
                    .setOccurredAt(Instant.now()).setPersonId(person).setClinicId(clinicId).setService("covid-19")
                    .setSlotStart(nine).build());
        }

        List<SpecificRecord> outcomes = kafka.readUntil(Topics.BOOKING_EVENTS,
                        records -> records.stream().filter(r -> r.key().equals(clinicId)).count() == 3, Duration.ofSeconds(60))
                .stream().filter(r -> r.key().equals(clinicId)).map(ConsumerRecord::value).toList();
        assertThat(outcomes).filteredOn(AppointmentBooked.class::isInstance).hasSize(2);
        assertThat(outcomes).filteredOn(BookingRejected.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((BookingRejected) r).getReason()).isEqualTo(RejectionReason.SLOT_FULL));
    }

    /**
     * A cancellation sent right behind its booking (booking-api answers 201 from booking-events, before the person
     * guard hears of it, so a fast client does this): the seat is granted, then released, and the slot is free again.
     */
    @Test
    void aCancellationRightBehindItsBookingCancelsIt() {
        String clinicId = "behind-" + UUID.randomUUID();
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Oslo")).plusDays(7);
        clinic(clinicId, ZoneId.of("Europe/Oslo"), day, 1);
        Instant nine = day.atTime(9, 0).atZone(ZoneId.of("Europe/Oslo")).toInstant();
        String person = clinicId + "-person";
        String bookRequest = clinicId + "-book";
        kafka.send(Topics.BOOKING_COMMANDS, person, BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(bookRequest).setOccurredAt(Instant.now()).setPersonId(person).setClinicId(clinicId)
                .setService("covid-19").setSlotStart(nine).build());
        kafka.send(Topics.BOOKING_COMMANDS, person, CancelAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(clinicId + "-cancel").setOccurredAt(Instant.now()).setPersonId(person)
                .setAppointmentId(Ids.appointmentId(bookRequest)).setReason("Changed my mind").build());
        List<SpecificRecord> outcomes = kafka.readUntil(Topics.BOOKING_EVENTS,
                        records -> records.stream().anyMatch(r -> r.key().equals(clinicId) && r.value() instanceof AppointmentCancelled
                                || r.value() instanceof BookingRejected rejected && rejected.getRequestId().startsWith(clinicId)),
                        Duration.ofSeconds(60))
                .stream().filter(r -> r.key().equals(clinicId) || r.value() instanceof BookingRejected rejected
                        && rejected.getRequestId().startsWith(clinicId)).map(ConsumerRecord::value).toList();
        assertThat(outcomes).as("no rejection").noneMatch(BookingRejected.class::isInstance);
        assertThat(outcomes).filteredOn(AppointmentBooked.class::isInstance).singleElement();
        assertThat(outcomes).filteredOn(AppointmentCancelled.class::isInstance).singleElement()
                .satisfies(c -> assertThat(((AppointmentCancelled) c).getAppointmentId()).isEqualTo(Ids.appointmentId(bookRequest)));

        // The one seat is free again: another person gets it.
        kafka.send(Topics.BOOKING_COMMANDS, person + "-2", BookAppointment.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setRequestId(clinicId + "-book-2").setOccurredAt(Instant.now()).setPersonId(person + "-2").setClinicId(clinicId)
                .setService("covid-19").setSlotStart(nine).build());
        AppointmentBooked second = kafka.await(Topics.BOOKING_EVENTS, AppointmentBooked.class,
                b -> b.getClinicId().equals(clinicId) && b.getPersonId().equals(person + "-2"), Duration.ofSeconds(60));
        assertThat(second.getSlotStart()).isEqualTo(nine);
    }

    /**
     * The code the person is shown (booking-api) and texted (notifier) is the keyed hash of the appointment id;
     * neither booking-events nor appointment-reminders, which analysts read, carry it, in any field or byte.
     */
    @Test
    void noRecordOfANewBookingCarriesItsConfirmationCode() {
        String clinicId = "codes-" + UUID.randomUUID();
        // a zone where it is 20:00-20:59, past the reminder time, so the reminder of tomorrow's appointment is due
        // at once; zones go from UTC-12 to UTC+14, so early in the UTC day it is the evening before, west of UTC
        int offset = 20 - Instant.now().atZone(ZoneOffset.UTC).getHour();
        if (offset > 14) {
            offset -= 24;
        }
        ZoneId zone = ZoneId.of("Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
        LocalDate tomorrow = LocalDate.now(zone).plusDays(1);
        clinic(clinicId, zone, tomorrow, 2);
        String person = clinicId + "-person";
        kafka.send(Topics.BOOKING_COMMANDS, person, BookAppointment.newBuilder()
                .setCommandId(UUID.randomUUID().toString()).setRequestId(clinicId + "-request")
                .setOccurredAt(Instant.now()).setPersonId(person).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(tomorrow.atTime(9, 0).atZone(zone).toInstant()).build());

        AppointmentBooked booked = kafka.await(Topics.BOOKING_EVENTS, AppointmentBooked.class,
                b -> b.getClinicId().equals(clinicId), Duration.ofSeconds(60));
        AppointmentReminderDue reminder = kafka.await(Topics.APPOINTMENT_REMINDERS, AppointmentReminderDue.class,
                r -> r.getAppointmentId().equals(booked.getAppointmentId()), Duration.ofSeconds(60));
        assertThat(booked.getConfirmationCode()).isNull();
        assertThat(reminder.getConfirmationCode()).isNull();

        String code = new ConfirmationCodes(InfrastructureTestResource.endpoints().secrets().pepper())
                .of(booked.getAppointmentId());
        for (String topic : List.of(Topics.BOOKING_EVENTS.name(), Topics.APPOINTMENT_REMINDERS.name())) {
            List<String> records = kafka.readRawToEnd(topic).stream()
                    .filter(r -> r.key().equals(clinicId) || r.key().equals(booked.getAppointmentId()))
                    .map(r -> new String(r.value(), StandardCharsets.ISO_8859_1)).toList();
            assertThat(records).as(topic).isNotEmpty()
                    .allSatisfy(bytes -> assertThat(bytes).doesNotContain(code).doesNotContain(code.replace("-", "")));
        }
    }

    @Test
    void parksPoisonOnTheDeadLetterTopicAndKeepsDeciding() {
        kafka.sendRaw(Topics.CLINIC_CAPACITY.name(), "poison", new byte[] {0, 0, 0, 0, 42, 1, 2, 3});

        kafka.readRawUntil(Topics.CLINIC_CAPACITY.deadLetterTopic(),
                records -> records.stream().anyMatch(r -> "poison".equals(r.key())), Duration.ofSeconds(60));
        confirmsSeatsUntilTheSlotIsFullThenRejects();
    }

    /** A clinic in the zone with one morning session on the day: 09:00-10:00, 20-minute slots of {@code seats} seats. */
    private static void clinic(String clinicId, ZoneId zone, LocalDate day, int seats) {
        kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setName("Clinic " + clinicId).setAddress("Storgata 1")
                .setLatitude(59.91).setLongitude(10.75).setTimeZone(zone.getId()).setServices(List.of("covid-19")).build());
        kafka.send(Topics.CLINIC_CAPACITY, clinicId, CapacityPublished.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setSessionId("morning").setService("covid-19")
                .setDate(day).setStartTime(LocalTime.of(9, 0)).setEndTime(LocalTime.of(10, 0)).setSlotMinutes(20)
                .setSeatsPerSlot(seats).build());
    }
}
