package io.vaxline.e2e;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

import org.awaitility.Awaitility;

/**
 * A clinic of its own for a care test on the shared stack: created by an administrator with one service, and a staff
 * token for it; {@code api} talks to booking-api, {@code care} to care, both checked against their contracts.
 */
record CareClinic(Api api, Api care, String admin, String clinicId, String service, String staff, String suffix) {

    static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    static CareClinic create(VaxlineStack stack, String prefix, String servicePrefix, String name, String staffName) {
        Api api = new Api(stack, ContractCheck.INSTANCE);
        Api care = new Api(stack.url(Service.CARE), stack.url(Service.NOTIFIER),
                stack.infrastructure().endpoints().secrets().adminApiKey(), ContractCheck.INSTANCE);
        String admin = api.adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String clinicId = prefix + "-" + suffix;
        String service = servicePrefix + "-" + suffix;
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinicId, "name", name + " " + suffix,
                "address", "Drottninggatan 5, Stockholm", "latitude", 59.33, "longitude", 18.06, "timeZone", ZONE.getId(),
                "services", List.of(service)), admin, Api.newAddress()), 201);
        String staff = Api.require(api.post("/admin/clinics/" + clinicId + "/staff-tokens", Map.of("staffName", staffName),
                admin, Api.newAddress()), 200).text("token");
        return new CareClinic(api, care, admin, clinicId, service, staff, suffix);
    }

    /**
     * Waits until care offers exactly {@code free} times of the doctor's day: the free times trail each decision by the
     * availability view's interval.
     */
    static void awaitFreeSlots(Api care, String doctorId, LocalDate day, int free) {
        awaitFreeSlots(care, doctorId, day, free, Duration.ofSeconds(60));
    }

    static void awaitFreeSlots(Api care, String doctorId, LocalDate day, int free, Duration atMost) {
        Awaitility.await().atMost(atMost).until(() -> Api.require(care.call("GET",
                "/doctors/" + doctorId + "/slots?date=" + day, null, null, Api.newAddress(), null), 200).body().path("slots").size() == free);
    }
}
