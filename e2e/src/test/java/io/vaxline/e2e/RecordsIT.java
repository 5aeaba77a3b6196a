package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

import org.junit.jupiter.api.Test;

/**
 * records on the running stack, with the tokens booking-api really issues: a household's after its one-time code,
 * a clinic's staff token for the doctor, an administrator's for registering the pharmacy.
 */
class RecordsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDoctorWithAStaffTokenPrescribesForAHouseholdsPersonAndTheirPharmacyDispensesIt() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        String records = stack.url(Service.RECORDS);
        String admin = api.adminToken();
        String clinic = "records-" + System.nanoTime() % 100000;
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinic, "name", "Records Test Clinic",
                "address", "Testgatan 3", "latitude", 59.33, "longitude", 18.06, "timeZone", "Europe/Stockholm",
                "services", List.of("covid-19")), admin, Api.newAddress()), 201);
        String doctor = Api.require(api.post("/admin/clinics/" + clinic + "/staff-tokens",
                Map.of("staffName", "Dr Ana Berg"), admin, Api.newAddress()), 200).text("token");
        String login = api.login(Api.newPhone(), Api.newAddress());
        String person = api.addPerson(login, "Ada Lovelace", 1985);
        // A token names the people of the household when it was issued: renewed, it names the one just added.
        String household = Api.require(api.post("/me/token", null, login, Api.newAddress()), 200).text("token");

        JsonNode pharmacy = call(records, "POST", "/pharmacies", admin, null, "{\"name\": \"Apotek Stack\"}", 201);
        call(records, "PUT", "/people/" + person + "/pharmacy", household, null,
                "{\"pharmacyId\": \"" + pharmacy.path("pharmacyId").asText() + "\"}", 204);
        JsonNode issued = call(records, "POST", "/prescriptions", doctor, null, "{\"personId\": \"" + person
                + "\", \"medication\": \"Amoxicillin 500 mg\", \"dosage\": \"3 times a day\"}", 201);
        String id = issued.path("prescriptionId").asText();
        assertThat(issued.path("medicationRequest").path("requester").path("identifier").path("value").asText())
                .isEqualTo("Dr Ana Berg");

        String key = pharmacy.path("apiKey").asText();
        JsonNode read = call(records, "GET", "/fhir/MedicationRequest/" + id, null, key, null, 200);
        assertThat(read.path("resourceType").asText()).isEqualTo("MedicationRequest");
        call(records, "POST", "/fhir/MedicationRequest/" + id + "/dispense", null, key, null, 201);
        call(records, "POST", "/fhir/MedicationRequest/" + id + "/dispense", null, key, null, 409);
        JsonNode mine = call(records, "GET", "/people/" + person + "/prescriptions", household, null, null, 200);
        assertThat(mine.get(0).path("status").asText()).isEqualTo("dispensed");
        // A household's token is no doctor's.
        call(records, "POST", "/prescriptions", household, null, "{\"personId\": \"" + person
                + "\", \"medication\": \"x\", \"dosage\": \"y\"}", 403);
    }

    private static JsonNode call(String base, String method, String path, String token, String pharmacyKey, String body,
            int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (pharmacyKey != null) {
            request.header("X-Pharmacy-Key", pharmacyKey);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? Api.JSON.nullNode() : Api.JSON.readTree(response.body());
    }
}
