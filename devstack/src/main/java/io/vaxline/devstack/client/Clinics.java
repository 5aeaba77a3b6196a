package io.vaxline.devstack.client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** An administrator setting up a clinic day through the API, and waiting until booking can see it. */
public final class Clinics {

    public static final String ZONE = "Europe/Stockholm";

    private Clinics() {
    }

    /** A clinic with one session on {@code day} from 09:00, {@code slots} slots of 15 minutes, {@code seats} seats each. */
    public static String open(Api api, String admin, LocalDate day, int slots, int seats) {
        String clinicId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Api.require(api.post("/admin/clinics", """
                {"clinicId": "%s", "name": "Clinic %s", "address": "Götgatan 1, Stockholm", "latitude": 59.31,
                 "longitude": 18.07, "timeZone": "%s", "services": ["covid-19"]}""".formatted(clinicId, clinicId, ZONE),
                admin, Api.newAddress()), 201);
        Api.require(api.post("/admin/clinics/" + clinicId + "/sessions", """
                {"sessionId": "morning", "service": "covid-19", "date": "%s", "startTime": "09:00", "endTime": "%s",
                 "slotMinutes": 15, "seatsPerSlot": %d}""".formatted(day, java.time.LocalTime.of(9, 0)
                .plusMinutes(15L * slots), seats), admin, Api.newAddress()), 201);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Api.Reply slotsShown = api.call("GET", "/clinics/" + clinicId + "/slots?date=" + day, null, null,
                    Api.newAddress(), null);
            if (slotsShown.status() == 200 && slotsShown.body().path("slots").size() == slots) {
                return clinicId;
            }
            Api.sleep(200);
        }
        throw new AssertionError("The session of " + clinicId + " never showed in booking-api");
    }

    public static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(ZoneId.of(ZONE)).toInstant();
    }

    public static String booking(String personId, String clinicId, Instant slotStart) {
        return """
                {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s"}"""
                .formatted(personId, clinicId, slotStart);
    }
}
