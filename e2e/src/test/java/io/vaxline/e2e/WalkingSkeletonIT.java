package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One booking across all four services: an administrator opens a clinic day, a person logs in with
 * the code the notifier texts, books, scheduler-stream confirms against capacity, the notifier texts
 * the confirmation, and a dose reported by the clinic becomes a certificate in PostgreSQL.
 */
class WalkingSkeletonIT {

    @Test
    void aBookingFlowsFromTheApiThroughKafkaToAnSmsAndADoseToACertificate() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        LocalDate day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(5);
        String clinicId = Clinics.open(api, api.adminToken(), day, 12, 1);

        String phone = Api.newPhone();
        String token = api.login(phone, Api.newAddress());
        String grace = api.addPerson(token, "Grace Hopper", 1975);
        String alan = api.addPerson(token, "Alan Turing", 1982);
        Instant nine = Clinics.at(day, 9, 0);

        Api.Reply booked = Api.require(api.call("POST", "/appointments", Clinics.booking(grace, clinicId, nine), token,
                Api.newAddress(), "skeleton-" + UUID.randomUUID()), 201);
        String code = booked.text("confirmationCode");
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(booked.text("localStart")).isEqualTo(nine.atZone(ZoneId.of(Clinics.ZONE)).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));

        // The only seat of the slot is taken: the next person is told so, with the day's free slots.
        Api.Reply full = Api.require(api.post("/appointments", Clinics.booking(alan, clinicId, nine), token, Api.newAddress()), 409);
        assertThat(full.text("reason")).isEqualTo("SLOT_FULL");
        assertThat(full.body().path("availability")).hasSize(11);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(texts(api.inbox(phone)))
                .anySatisfy(text -> assertThat(text).contains("Grace Hopper").contains("Confirmation code: " + code)));

        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            VaccinationAdministered dose = VaccinationAdministered.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                    .setPersonId(grace).setClinicId(clinicId).setAppointmentId(booked.text("appointmentId"))
                    .setTargetDisease("840539006").setVaccineType("J07BX03").setProduct("EU/1/20/1528")
                    .setManufacturer("ORG-100030215").setLot("FK1234").setDoseNumber(1).setSeriesDoses(2)
                    .setAdministeredAt(Instant.now()).setCountry("SE").setVaccinator("nurse-12").build();
            kafka.send(Topics.VACCINATIONS, dose.getPersonId(), dose);

            List<String> certificateIds = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> certificatesOf(stack, dose.getEventId()), ids -> !ids.isEmpty());
            assertThat(certificateIds).hasSize(1);
        }
    }

    private static List<String> texts(JsonNode inbox) {
        List<String> texts = new ArrayList<>();
        inbox.forEach(message -> texts.add(message.path("text").asText()));
        return texts;
    }

    private static List<String> certificatesOf(VaxlineStack stack, String vaccinationEventId) throws Exception {
        var db = stack.infrastructure().endpoints();
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                var s = c.prepareStatement("SELECT certificate_id FROM certificate WHERE vaccination_event_id = ?")) {
            s.setString(1, vaccinationEventId);
            try (var rs = s.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }
}
