package io.vaxline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An outage of PostgreSQL or the registry is waited out by booking-api's consumers: events that
 * arrive meanwhile are applied, once each, when it is back, and none is parked or skipped.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OutageTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void bookingsAndDosesArrivingWhilePostgresIsDownAreAppliedOnceWhenItIsBackAndNoneIsParked() throws Exception {
        String clinicId = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        // Before the outage, so that every reader and writer has the schemas cached.
        AppointmentBooked first = booked(clinicId);
        kafka.send(Topics.BOOKING_EVENTS, clinicId, first);
        kafka.send(Topics.VACCINATIONS, first.getPersonId(), dose(first.getPersonId(), "appt-none-" + clinicId));
        awaitRows("SELECT 1 FROM appointment WHERE clinic_id = '" + clinicId + "'", 1);

        List<AppointmentBooked> during = new ArrayList<>();
        InfrastructureTestResource.stopPostgres();
        try {
            for (int i = 0; i < 5; i++) {
                AppointmentBooked booked = booked(clinicId);
                during.add(booked);
                kafka.send(Topics.BOOKING_EVENTS, clinicId, booked);
            }
            kafka.send(Topics.VACCINATIONS, first.getPersonId(), dose(first.getPersonId(), first.getAppointmentId()));
            // A request that needs the database is told to come again (503, Retry-After), not that it failed (500).
            People.from(People.newAddress()).body("{\"phone\": \"" + People.newPhone() + "\"}").post("/otp")
                    .then().statusCode(503).header("Retry-After", "5").contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("unavailable"));
            // Long enough for every event to be read and to fail against the stopped database, several times.
            Thread.sleep(8_000);
        } finally {
            InfrastructureTestResource.startPostgres();
        }

        awaitRows("SELECT 1 FROM appointment WHERE clinic_id = '" + clinicId + "' AND status = 'BOOKED'", 6);
        awaitRows("SELECT 1 FROM appointment WHERE appointment_id = '" + first.getAppointmentId()
                + "' AND attended_at IS NOT NULL", 1);
        for (AppointmentBooked booked : during) {
            assertThat(Db.rows("SELECT outcome FROM booking_request WHERE request_id = '" + booked.getRequestId() + "'"))
                    .containsExactly(List.of("BOOKED"));
        }
        assertThat(parked(clinicId)).as("events parked on booking-events-dlq").isEmpty();
    }

    @Test
    void anEventWhoseSchemaMustBeFetchedWaitsForTheRegistryInsteadOfBeingParked() throws Exception {
        String clinicId = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        AppointmentBooked booked = booked(clinicId);
        byte[] underNewSchema = kafka.encodeUnderNewSchemaVersion(Topics.BOOKING_EVENTS.name(), booked);

        InfrastructureTestResource.stopRegistry();
        try {
            kafka.sendRaw(Topics.BOOKING_EVENTS.name(), clinicId, underNewSchema);
            Thread.sleep(8_000);
            assertThat(Db.rows("SELECT 1 FROM appointment WHERE clinic_id = '" + clinicId + "'"))
                    .as("not applied while its schema cannot be fetched").isEmpty();
        } finally {
            InfrastructureTestResource.startRegistry();
        }

        awaitRows("SELECT 1 FROM appointment WHERE clinic_id = '" + clinicId + "'", 1);
        assertThat(parked(clinicId)).as("events parked on booking-events-dlq").isEmpty();
    }

    /**
     * The read model applies a poll in one transaction. Given a poll with an undecodable record and an event the
     * database refuses (an id longer than its column) between good ones, when it is applied, then the good events are
     * all in the read model and only the two bad records are parked, each with its reason.
     */
    @Test
    void aPollWithBadRecordsAmongGoodOnesParksOnlyTheBadOnes() throws Exception {
        String clinicId = "poll-" + UUID.randomUUID().toString().substring(0, 8);
        List<AppointmentBooked> good = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            good.add(booked(clinicId));
        }
        AppointmentBooked tooLong = AppointmentBooked.newBuilder(booked(clinicId)).setAppointmentId("appt-" + "x".repeat(70)).build();
        kafka.sendAsync(Topics.BOOKING_EVENTS, clinicId, good.get(0));
        kafka.sendRaw(Topics.BOOKING_EVENTS.name(), clinicId, "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        kafka.sendAsync(Topics.BOOKING_EVENTS, clinicId, good.get(1));
        kafka.sendAsync(Topics.BOOKING_EVENTS, clinicId, tooLong);
        kafka.sendAsync(Topics.BOOKING_EVENTS, clinicId, good.get(2));
        kafka.flush();

        awaitRows("SELECT 1 FROM appointment WHERE clinic_id = '" + clinicId + "' AND status = 'BOOKED'", 3);
        for (AppointmentBooked booked : good) {
            assertThat(Db.rows("SELECT outcome FROM booking_request WHERE request_id = '" + booked.getRequestId() + "'"))
                    .containsExactly(List.of("BOOKED"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> parked(clinicId).size() >= 2);
        List<String> reasons = io.vaxline.devstack.TopicClient.oncePerParkedRecord(kafka.readRawToEnd(Topics.BOOKING_EVENTS.deadLetterTopic()))
                .stream().filter(r -> clinicId.equals(r.key()))
                .map(r -> new String(r.headers().lastHeader(io.vaxline.schemas.DeadLetters.REASON).value(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
        assertThat(reasons).hasSize(2).anyMatch(reason -> reason.contains("too long"))
                .anyMatch(reason -> !reason.contains("too long"));
    }

    /**
     * A dose can be read before its appointment is projected (a walk-in vaccinated at once while the read model is
     * behind). Given the dose first, when the appointment arrives, then it is marked attended all the same.
     */
    @Test
    void aDoseReadBeforeItsAppointmentStillMarksItAttended() throws Exception {
        String clinicId = "late-" + UUID.randomUUID().toString().substring(0, 8);
        AppointmentBooked booked = booked(clinicId);
        VaccinationAdministered given = dose(booked.getPersonId(), booked.getAppointmentId());
        kafka.send(Topics.VACCINATIONS, booked.getPersonId(), given);
        awaitRows("SELECT 1 FROM dose_given WHERE event_id = '" + given.getEventId() + "'", 1);
        assertThat(Db.rows("SELECT 1 FROM appointment WHERE appointment_id = '" + booked.getAppointmentId() + "'")).isEmpty();

        kafka.send(Topics.BOOKING_EVENTS, clinicId, booked);
        awaitRows("SELECT 1 FROM appointment WHERE appointment_id = '" + booked.getAppointmentId()
                + "' AND attended_at IS NOT NULL", 1);
    }

    private static AppointmentBooked booked(String clinicId) {
        Instant slot = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setRequestId(UUID.randomUUID().toString()).setAppointmentId("appt-" + UUID.randomUUID())
                .setConfirmationCode("ABCD-EFGH").setPersonId("person-" + UUID.randomUUID()).setClinicId(clinicId)
                .setService("covid-19").setSlotStart(slot).setSlotEnd(slot.plusSeconds(900))
                .setClinicTimeZone("Europe/Stockholm").setDoseNumber(1).setPriority(false).build();
    }

    private static VaccinationAdministered dose(String personId, String appointmentId) {
        return VaccinationAdministered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setClinicId("clinic-1").setAppointmentId(appointmentId).setTargetDisease("840539006")
                .setVaccineType("J07BX03").setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-1")
                .setDoseNumber(1).setSeriesDoses(2).setAdministeredAt(Instant.now().minusSeconds(600)).setCountry("SE")
                .setVaccinator("nurse-1").build();
    }

    private static void awaitRows(String sql, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Db.rows(sql).size() == count);
    }

    private static List<String> parked(String clinicId) {
        return kafka.readRawToEnd(Topics.BOOKING_EVENTS.deadLetterTopic()).stream().map(ConsumerRecord::key)
                .filter(clinicId::equals).toList();
    }
}
