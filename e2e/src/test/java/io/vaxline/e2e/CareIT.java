package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.PaymentFailed;
import io.vaxline.schemas.Topics;

/**
 * The care service on the whole stack: a doctor's calendar published as one-seat sessions, and a
 * doctor's slot booked through booking-api, decided by scheduler-stream.
 */
class CareIT {

    /** The signing secret of care's Stripe webhook on the test stack (RunningStack gives it to care). */
    static final String WEBHOOK_SECRET = "whsec_e2e_care";

    private static VaxlineStack stack;
    private static Api api;
    private static Api care;
    private static String clinicId;
    private static String service;
    private static String doctorId;
    private static String staff;
    private static LocalDate day;

    /** A household of one person, with a token that names them. */
    record Household(String phone, String token, String personId) {
    }

    @BeforeAll
    static void aClinicWithADoctor() {
        stack = RunningStack.get();
        api = new Api(stack, ContractCheck.INSTANCE);
        care = new Api(stack.url(Service.CARE), stack.url(Service.NOTIFIER),
                stack.infrastructure().endpoints().secrets().adminApiKey(), ContractCheck.INSTANCE);
        String admin = api.adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        clinicId = "care-" + suffix;
        doctorId = "ada-" + suffix;
        service = "dr-" + suffix;
        // The clinic offers the doctor's own service: each doctor is booked as a service of one seat per slot.
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinicId, "name", "Health centre " + suffix,
                "address", "Götgatan 1, Stockholm", "latitude", 59.31, "longitude", 18.07, "timeZone", Clinics.ZONE,
                "services", List.of("covid-19", service)), admin, Api.newAddress()), 201);
        staff = Api.require(api.post("/admin/clinics/" + clinicId + "/staff-tokens", Map.of("staffName", "Ada Lovelace"),
                admin, Api.newAddress()), 200).text("token");

        Api.require(care.post("/clinics/" + clinicId + "/doctors", Map.of("doctorId", doctorId, "name", "Dr Ada Lovelace",
                "staffName", "Ada Lovelace", "service", service, "slotMinutes", 20), staff, Api.newAddress()), 201);
        Api.require(care.post("/doctors/" + doctorId + "/appointment-types", Map.of("typeId", doctorId + "-video",
                "name", "Video consultation", "mode", "VIDEO", "minutes", 20, "feeMinor", 0, "currency", "SEK"),
                staff, Api.newAddress()), 201);
        Api.require(care.post("/doctors/" + doctorId + "/appointment-types", Map.of("typeId", doctorId + "-visit",
                "name", "Visit", "mode", "IN_PERSON", "minutes", 15, "feeMinor", 0, "currency", "SEK"),
                staff, Api.newAddress()), 201);
        Api.require(care.post("/doctors/" + doctorId + "/appointment-types", Map.of("typeId", doctorId + "-paid",
                "name", "Private consultation", "mode", "IN_PERSON", "minutes", 20, "feeMinor", 45000, "currency", "SEK"),
                staff, Api.newAddress()), 201);

        day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(3);
        // 09:00-10:00 on the day's weekday: three slots of 20 minutes; the same weekday a week later is a day off.
        Api.require(care.call("PUT", "/doctors/" + doctorId + "/weekly-hours", Map.of("hours", List.of(Map.of(
                "weekday", day.getDayOfWeek().getValue(), "startTime", "09:00", "endTime", "10:00"))),
                staff, Api.newAddress(), null), 200);
        Api.Reply calendar = Api.require(care.call("PUT", "/doctors/" + doctorId + "/exceptions/" + day.plusDays(7),
                Map.of("dayOff", true, "note", "Conference"), staff, Api.newAddress(), null), 200);
        assertThat(calendar.body().path("published").findValuesAsText("day")).contains(day.toString())
                .doesNotContain(day.plusDays(7).toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> freeSlots(day).size() == 3);
    }

    private static List<String> freeSlots(LocalDate date) {
        JsonNode slots = Api.require(care.call("GET", "/doctors/" + doctorId + "/slots?date=" + date, null, null,
                Api.newAddress(), null), 200).body().path("slots");
        List<String> starts = new ArrayList<>();
        slots.forEach(slot -> starts.add(Instant.parse(slot.path("start").asText()).toString()));
        return starts;
    }

    private static Household household(String name) {
        String phone = Api.newPhone();
        String token = api.login(phone, Api.newAddress());
        String personId = api.addPerson(token, name, 1980);
        String named = Api.require(api.post("/me/token", null, token, Api.newAddress()), 200).text("token");
        return new Household(phone, named, personId);
    }

    private static Api.Reply book(Household household, String type, Instant slot) {
        return book(household, type, slot, null);
    }

    private static Api.Reply book(Household household, String type, Instant slot, String paymentMethod) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("personId", household.personId(), "doctorId", doctorId,
                "typeId", doctorId + "-" + type, "slotStart", slot.toString()));
        if (paymentMethod != null) {
            body.put("paymentMethod", paymentMethod);
        }
        return care.call("POST", "/care-appointments", body, household.token(), Api.newAddress(), "care-" + UUID.randomUUID());
    }

    @Test
    void manyHouseholdsTryOneSlotOfADoctorAndExactlyOneGetsIt() throws Exception {
        Instant nine = Clinics.at(day, 9, 0);
        int tries = 8;
        List<Household> households = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(tries);
        try {
            List<Future<Household>> logins = new ArrayList<>();
            for (int i = 0; i < tries; i++) {
                int n = i;
                logins.add(pool.submit(() -> household("Patient " + n)));
            }
            for (Future<Household> login : logins) {
                households.add(login.get());
            }
            List<Callable<Api.Reply>> attempts = new ArrayList<>();
            for (Household household : households) {
                attempts.add(() -> book(household, "visit", nine));
            }
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> reply : pool.invokeAll(attempts)) {
                replies.add(reply.get());
            }

            assertThat(replies).filteredOn(r -> r.status() == 201).as("booked").hasSize(1);
            assertThat(replies).filteredOn(r -> r.status() == 409).as("told the slot is taken").hasSize(tries - 1);
            for (Api.Reply taken : replies.stream().filter(r -> r.status() == 409).toList()) {
                assertThat(taken.text("reason")).isEqualTo("SLOT_FULL");
                List<String> offered = new ArrayList<>();
                taken.body().path("freeSlots").forEach(slot -> offered.add(Instant.parse(slot.path("start").asText()).toString()));
                assertThat(offered).as("the doctor's free slots now").containsExactly(
                        Clinics.at(day, 9, 20).toString(), Clinics.at(day, 9, 40).toString());
            }
        } finally {
            pool.shutdownNow();
        }
        // The staff see the one appointment on the doctor's calendar.
        JsonNode appointments = Api.require(care.call("GET", "/doctors/" + doctorId + "/appointments?from=" + day, null,
                staff, Api.newAddress(), null), 200).body();
        List<String> booked = new ArrayList<>();
        appointments.forEach(a -> {
            if ("BOOKED".equals(a.path("status").asText())) {
                booked.add(a.path("slotStart").asText());
            }
        });
        assertThat(booked).containsExactly(nine.toString());
    }

    @Test
    void aVideoAppointmentGetsAnUnguessableRoomAndItsNoteIsTheHouseholdsAlone() {
        Household patient = household("Grace Hopper");
        Household neighbour = household("Alan Turing");
        Instant slot = Clinics.at(day, 9, 40);

        Api.Reply booked = Api.require(book(patient, "video", slot), 201);
        String appointmentId = booked.text("appointmentId");
        String link = booked.text("videoUrl");
        assertThat(link).matches("https://meet\\.jit\\.si/[A-Za-z0-9_-]{22}");
        // The patient is texted the link (from care-appointments, restricted: not from booking-events, which analysts read).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> withLink = new ArrayList<>();
        while (withLink.isEmpty() && System.nanoTime() < deadline) {
            api.inbox(patient.phone()).forEach(sms -> {
                if (sms.path("text").asText().contains(link)) {
                    withLink.add(sms.path("text").asText());
                }
            });
            Api.sleep(200);
        }
        assertThat(withLink).as("the SMS with the room link in " + patient.phone() + "'s inbox").singleElement()
                .satisfies(text -> assertThat(text).contains("your video consultation with Dr Ada Lovelace is booked for ")
                        .endsWith("Join here at that time: " + link));

        Api.Reply noted = Api.require(care.post("/care-appointments/" + appointmentId + "/notes", Map.of(
                "text", "Sore throat for three days; rest and fluids.", "icd10Code", "J06.9",
                "icd10Display", "Acute upper respiratory infection, unspecified"), staff, Api.newAddress()), 201);
        assertThat(noted.text("icd10Code")).isEqualTo("J06.9");
        Api.require(care.post("/care-appointments/" + appointmentId + "/notes", Map.of("text", "x", "icd10Code", "sore",
                "icd10Display", "Sore"), staff, Api.newAddress()), 422);

        JsonNode mine = Api.require(care.call("GET", "/me/care-appointments", null, patient.token(), Api.newAddress(), null), 200).body();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("videoUrl").asText()).isEqualTo(link);
        assertThat(mine.get(0).path("notes").get(0).path("icd10Display").asText()).isEqualTo("Acute upper respiratory infection, unspecified");

        // Another household sees neither the appointment nor its note; nor does another clinic's staff.
        Api.require(care.call("GET", "/care-appointments/" + appointmentId, null, neighbour.token(), Api.newAddress(), null), 404);
        assertThat(Api.require(care.call("GET", "/me/care-appointments", null, neighbour.token(), Api.newAddress(), null), 200)
                .body()).isEmpty();
        String otherStaff = Api.require(api.post("/admin/clinics/" + clinicId + "-x/staff-tokens", Map.of("staffName", "Eve"),
                api.adminToken(), Api.newAddress()), 200).text("token");
        Api.require(care.call("GET", "/care-appointments/" + appointmentId, null, otherStaff, Api.newAddress(), null), 404);

        // Staff cancel it: scheduler-stream frees the seat and the slot is offered again.
        Api.require(care.post("/care-appointments/" + appointmentId + "/cancellation", Map.of("reason", "The doctor is ill"),
                staff, Api.newAddress()), 200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> freeSlots(day).contains(slot.toString()));
    }

    @Test
    void aBookingWhosePaymentFailsGivesItsSeatBackAndAnEarlyCancellationIsRefunded() {
        Household declined = household("Ada Byron");
        Instant slot = Clinics.at(day, 9, 20);

        Api.require(book(declined, "paid", slot), 422);
        Api.Reply refused = Api.require(book(declined, "paid", slot, "local-decline"), 402);
        assertThat(refused.text("failure")).isEqualTo("card_declined");
        // Cancelled through booking-api's ordinary cancellation: scheduler-stream freed the seat.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> freeSlots(day).contains(slot.toString()));

        Household paying = household("Mary Somerville");
        Api.Reply paid = Api.require(book(paying, "paid", slot, "pm_card_visa"), 201);
        String appointmentId = paid.text("appointmentId");
        assertThat(paid.body().path("payments").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(paid.body().path("payments").get(0).path("amountMinor").asLong()).isEqualTo(45000);
        // The availability view follows the decision within its interval (500 ms).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !freeSlots(day).contains(slot.toString()));

        // Three days ahead is well within the 24 hours' policy: the fee goes back.
        Api.Reply cancelled = Api.require(care.call("DELETE", "/care-appointments/" + appointmentId, null, paying.token(),
                Api.newAddress(), "cancel-" + UUID.randomUUID()), 200);
        assertThat(cancelled.body().path("payments").findValuesAsText("kind")).containsExactly("CHARGE", "REFUND");
        assertThat(cancelled.body().path("payments").findValuesAsText("status")).containsExactly("SUCCEEDED", "SUCCEEDED");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> freeSlots(day).contains(slot.toString()));
    }

    @Test
    void aPaymentTheProviderFailsAfterTheBookingCancelsItFreesTheSeatAndIsOneEvent() throws Exception {
        // A day of its own (two weeks on: the same weekday's hours, inside the published horizon), so no other test's
        // bookings are in the way.
        LocalDate later = day.plusDays(14);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> freeSlots(later).size() == 3);
        Household waiting = household("Caroline Herschel");
        Instant slot = Clinics.at(later, 9, 0);

        // The provider is still processing the charge: the seat is kept and the payment pending.
        Api.Reply booked = Api.require(book(waiting, "paid", slot, "local-pending"), 201);
        String appointmentId = booked.text("appointmentId");
        JsonNode charge = booked.body().path("payments").get(0);
        assertThat(charge.path("status").asText()).isEqualTo("PENDING");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !freeSlots(later).contains(slot.toString()));

        // Then the provider reports it failed, signed as Stripe signs; delivered twice, as webhooks may be.
        String payload = paymentFailed(charge.path("reference").asText());
        for (int delivery = 0; delivery < 2; delivery++) {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.url(Service.CARE) + "/payments/stripe/webhook"))
                            .header("Content-Type", "application/json").header("Stripe-Signature", signature(payload))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(payload)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        // care cancelled the booking through booking-api: scheduler-stream freed the seat, and someone else books it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> freeSlots(later).contains(slot.toString()));
        Api.Reply shown = Api.require(care.call("GET", "/care-appointments/" + appointmentId, null, waiting.token(),
                Api.newAddress(), null), 200);
        assertThat(shown.text("status")).isEqualTo("PAYMENT_FAILED");
        assertThat(shown.body().path("payments").get(0).path("status").asText()).isEqualTo("FAILED");
        Api.require(book(household("Williamina Fleming"), "paid", slot, "pm_card_visa"), 201);

        // Exactly one PaymentFailed for the appointment on payment-events, with the provider's reason.
        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readToEnd(Topics.PAYMENT_EVENTS).stream()
                    .anyMatch(r -> appointmentId.equals(r.key())));
            Thread.sleep(1000);
            List<Object> events = kafka.readToEnd(Topics.PAYMENT_EVENTS).stream().filter(r -> appointmentId.equals(r.key()))
                    .map(r -> (Object) r.value()).toList();
            assertThat(events).singleElement().isInstanceOfSatisfying(PaymentFailed.class, failed -> {
                assertThat(failed.getFailureReason()).isEqualTo("card_declined");
                assertThat(failed.getAmountMinor()).isEqualTo(45000);
                assertThat(failed.getClinicId()).isEqualTo(clinicId);
            });
        }
    }

    private static String paymentFailed(String intentId) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "%s", "created": %d, "type": "payment_intent.payment_failed",
                 "data": {"object": {"id": "%s", "object": "payment_intent", "amount": 45000, "currency": "sek",
                  "status": "requires_payment_method", "last_payment_error": {"code": "card_declined", "type": "card_error"}}}}"""
                .formatted(UUID.randomUUID().toString().replace("-", ""), com.stripe.Stripe.API_VERSION,
                        System.currentTimeMillis() / 1000, intentId);
    }

    /** Stripe's scheme: HMAC-SHA256 of "timestamp.payload" with the endpoint's secret. */
    private static String signature(String payload) throws Exception {
        long timestamp = System.currentTimeMillis() / 1000;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(
                mac.doFinal((timestamp + "." + payload).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
