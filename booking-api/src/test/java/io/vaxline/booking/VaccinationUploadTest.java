package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vaxline.booking.vaccinations.VaccinationReports;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A clinic's daily CSV of doses: checked row by row, published once, attended appointments marked. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class VaccinationUploadTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    /** vaxline.json.max-body-size: 1M. */
    private static final int JSON_LIMIT = 1024 * 1024;
    private static final String HEADER = "person_id,appointment_id,administered_at,vaccine_type,product,manufacturer,lot,"
            + "dose_number,series_doses,vaccinator\n";
    private static String admin;
    @jakarta.inject.Inject
    io.vaxline.booking.appointments.BookingOutcomes outcomes;
    private String clinicId;
    private String staff;

    @BeforeEach
    void clinic() {
        if (admin == null) {
            admin = People.adminToken();
        }
        clinicId = "vx-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"clinicId": "%s", "name": "Clinic %s", "address": "Main St 1", "latitude": 59.3, "longitude": 18.0,
                 "timeZone": "Europe/Stockholm", "services": ["covid-19"]}""".formatted(clinicId, clinicId))
                .post("/admin/clinics").then().statusCode(201);
        staff = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"Nurse\"}")
                .post("/admin/clinics/" + clinicId + "/staff-tokens").then().statusCode(200).extract().path("token");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/clinics/" + clinicId + "/slots?date=" + LocalDate.now()).then().statusCode(200));
    }

    @Test
    void goodRowsArePublishedBadRowsAreNamedAndTheSameFileTwiceCountsNothingTwice() throws Exception {
        String a = person("a"), b = person("b"), c = person("c");
        String appointmentId = "appt-" + clinicId;
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusDays(1);
        Db.update("INSERT INTO appointment VALUES ('" + appointmentId + "', '" + a + "', '" + clinicId
                + "', 'covid-19', '" + today.atTime(9, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant()
                + "', null, 'Europe/Stockholm', 1, 'K7M3-Q9XD', 'BOOKED', now())");
        String csv = HEADER
                + a + "," + appointmentId + "," + today + "T09:05,J07BX03,EU/1/20/1528,ORG-100030215,LOT-1,1,2,nurse-1\n"
                + b + ",," + today + "T09:20,J07BX03,EU/1/20/1507,ORG-100031184,LOT-2,1,2,nurse-1\n"
                + c + ",,yesterday,J07BX03,MadeUpVax,ORG-100030215,LOT-3,1,2,nurse-1\n"
                + "nobody-" + clinicId + ",," + today + "T10:00,J07BX03,EU/1/20/1528,ORG-100030215,LOT-4,1,2,nurse-1\n"
                + c + ",not-" + appointmentId + "," + today + "T10:10,J07BX03,EU/1/20/1528,ORG-100030215,LOT-5,ten,2,nurse-2\n"
                + c + ",," + today + "T10:30,J07BX03,EU/1/20/1528,ORG-100030215,LOT-6,2,2,nurse-2\n";

        VaccinationReports.Report first = upload(staff, csv);
        assertThat(first.rowsRead()).isEqualTo(6);
        assertThat(first.published()).as(first.toString()).isEqualTo(3);
        assertThat(first.rejected()).isEqualTo(3);
        assertThat(first.errors().stream().map(e -> e.row() + ":" + e.field()).toList())
                .containsExactlyInAnyOrder("4:administered_at", "4:product", "5:person_id", "6:dose_number");
        assertThat(first.errors()).filteredOn(e -> e.field().equals("product")).first()
                .satisfies(e -> assertThat(e.message()).contains("'MadeUpVax' is not in the EU DCC value set"));

        List<String> published = List.of(a, b, c).stream().map(p -> VaccinationReports.doseEventId(clinicId, p, "840539006",
                p.equals(c) ? 2 : 1)).toList();
        List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> records = kafka.readUntil(Topics.VACCINATIONS,
                read -> eventIds(read).containsAll(published), Duration.ofSeconds(30));
        VaccinationAdministered dose = records.stream().map(ConsumerRecord::value).filter(VaccinationAdministered.class::isInstance)
                .map(VaccinationAdministered.class::cast).filter(d -> d.getPersonId().equals(a)).findFirst().orElseThrow();
        assertThat(dose.getAppointmentId()).isEqualTo(appointmentId);
        assertThat(dose.getAdministeredAt()).isEqualTo(today.atTime(9, 5).atZone(ZoneId.of("Europe/Stockholm")).toInstant());
        assertThat(dose.getCountry()).isEqualTo("SE");

        VaccinationReports.Report again = upload(staff, csv);
        assertThat(again.published()).isZero();
        assertThat(again.alreadyReported()).isEqualTo(3);
        assertThat(again.rejected()).isEqualTo(3);
        Map<String, Long> times = eventIds(kafka.readUntil(Topics.VACCINATIONS,
                read -> eventIds(read).containsAll(published), Duration.ofSeconds(30))).stream()
                .filter(published::contains).collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(times.values()).containsOnly(1L);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(staff).accept(ContentType.JSON).get("/clinics/" + clinicId + "/roster?date=" + today).then().statusCode(200)
                        .body("find { it.appointmentId == '" + appointmentId + "' }.attended", equalTo(true)));
        given().auth().oauth2(staff).get("/clinics/" + clinicId + "/vaccination-uploads").then().statusCode(200)
                .body("status", hasItem("DONE")).body("published", hasItem(3)).body("alreadyReported", hasItem(3));
    }

    @Test
    void aDoseOfAnAppointmentBookedButNotStoredYetIsPublishedAndOneOfAnotherPersonIsNot() throws Exception {
        String a = person("a"), b = person("b");
        String appointmentId = "appt-fresh-" + clinicId;
        ZoneId zone = ZoneId.of("Europe/Stockholm");
        LocalDate today = LocalDate.now(zone).minusDays(1); // a dose given in the future is refused
        Instant slot = today.atTime(9, 0).atZone(zone).toInstant();
        // The outcome reached booking-api; the read model has not stored the appointment (no row is written here).
        outcomes.deliver(io.vaxline.events.AppointmentBooked.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setRequestId(UUID.randomUUID().toString()).setAppointmentId(appointmentId)
                .setConfirmationCode("K7M3-Q9XD").setPersonId(a).setClinicId(clinicId).setService("covid-19")
                .setSlotStart(slot).setSlotEnd(slot.plusSeconds(900)).setClinicTimeZone(zone.getId()).setDoseNumber(1).build());
        String csv = HEADER
                + a + "," + appointmentId + "," + today + "T09:05,J07BX03,EU/1/20/1528,ORG-100030215,LOT-1,1,2,nurse-1\n"
                + b + "," + appointmentId + "," + today + "T09:10,J07BX03,EU/1/20/1528,ORG-100030215,LOT-1,1,2,nurse-1\n";

        VaccinationReports.Report report = upload(staff, csv);

        assertThat(report.published()).as(report.toString()).isEqualTo(1);
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("appointment_id");
        });
        String published = VaccinationReports.doseEventId(clinicId, a, "840539006", 1);
        assertThat(eventIds(kafka.readUntil(Topics.VACCINATIONS, read -> eventIds(read).contains(published), Duration.ofSeconds(30))))
                .contains(published);
    }

    @Test
    void aFileWithoutTheColumnsIsRefusedWithTheMissingOnesNamed() {
        given().auth().oauth2(staff).contentType("text/csv").body("person,when\nx,y\n")
                .post("/clinics/" + clinicId + "/vaccinations").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("administered_at")).body("detail", containsString("person_id"));
    }

    @Test
    void onlyTheClinicsOwnStaffUploads() {
        String otherStaff = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"staffName\": \"X\"}")
                .post("/admin/clinics/" + clinicId + "/staff-tokens").then().extract().path("token");
        given().contentType("text/csv").body(HEADER).post("/clinics/" + clinicId + "/vaccinations").then().statusCode(401);
        given().auth().oauth2(otherStaff).contentType("text/csv").body(HEADER)
                .post("/clinics/other-" + clinicId + "/vaccinations").then().statusCode(403);
    }

    @Test
    void aHugeJsonBodyIsRefusedBeforeItIsRead() {
        given().contentType(ContentType.JSON).body("{\"phone\": \"" + "9".repeat(2 * 1024 * 1024) + "\"}")
                .post("/otp").then().statusCode(413).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/body-too-large"))
                .body("detail", containsString(JSON_LIMIT + " bytes"));
    }

    /**
     * Over HTTP/2 (the JDK client upgrades a cleartext connection to h2c) the refusal is an answer, not
     * a reset stream: HTTP/2 forbids the Connection header HTTP/1 refusals carry, and a stream whose body
     * ended is complete. Several at once on the one connection, as the hostile-requests drill sends them.
     */
    @Test
    void overHttp2AnOversizedBodyIsAnsweredWith413NotAReset() throws Exception {
        String huge = "{\"phone\": \"" + "9".repeat(JSON_LIMIT + JSON_LIMIT / 2) + "\"}";
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            URI base = URI.create("http://localhost:" + RestAssured.port);
            HttpResponse<String> upgraded = client.send(HttpRequest.newBuilder(base.resolve("/q/health/live")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upgraded.version()).as("h2c upgrade").isEqualTo(HttpClient.Version.HTTP_2);
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/otp")).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (var answer : answers) {
                HttpResponse<String> response = answer.get(90, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(413);
                assertThat(response.body()).contains("body-too-large");
            }
        }
    }

    /** Sent chunked, a body has no Content-Length to judge it by: it is counted as it arrives, whatever its type says. */
    @Test
    void aChunkedBodyOverTheJsonLimitIsRefusedWithTheSameProblem() throws Exception {
        byte[] json = ("{\"phone\": \"" + "9".repeat(JSON_LIMIT + JSON_LIMIT / 2) + "\"}").getBytes(UTF_8);
        for (String type : new String[] { "application/json", "application/octet-stream", null }) {
            for (boolean expectContinue : new boolean[] { false, true }) {
                assertTooLarge(send("/otp", type, Map.of(), chunked(json), expectContinue), type + ", chunked, 100-continue " + expectContinue);
            }
        }
        // with its length given and waiting for 100 Continue, the client is answered before it sends the body
        assertTooLarge(send("/otp", "application/json", Map.of(), HttpRequest.BodyPublishers.ofByteArray(json), true),
                "Content-Length, 100-continue");
    }

    @Test
    void aChunkedJsonBodyWithinTheLimitIsReadWhole() throws Exception {
        for (boolean expectContinue : new boolean[] { false, true }) {
            // many chunks of a body just under the limit, the phone at its start and the closing brace at its very end
            String json = "{\"phone\": \"" + People.newPhone() + "\"" + " ".repeat(JSON_LIMIT - 100) + "}";
            HttpResponse<String> answer = send("/otp", "application/json", Map.of("X-Forwarded-For", People.newAddress()),
                    chunked(json.getBytes(UTF_8)), expectContinue);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
    }

    private static void assertTooLarge(HttpResponse<String> answer, String sent) {
        assertThat(answer.statusCode()).as(sent).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).as(sent)
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(answer.body()).as(sent).contains("/body-too-large").contains("limited to " + JSON_LIMIT + " bytes");
    }

    /** A client that goes on sending is cut off a few limits in, not read to the 200 MB of uploads. */
    @Test
    void aHugeChunkedBodyIsCutOffEarly() {
        long huge = 200L * 1024 * 1024;
        CountingBody body = new CountingBody(huge);
        long started = System.nanoTime();
        try {
            HttpResponse<String> answer = send("/otp", "application/json", Map.of(), chunked(body), false);
            assertThat(answer.statusCode()).isEqualTo(413);
        } catch (IOException cutOff) {
            // the connection was closed while the client was still sending: as good as the answer
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(body.sent).as("bytes the client got to send").isLessThan(40L * 1024 * 1024);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    /** CSV uploads stream in past the JSON limit, chunked too (every row has a bad time, so nothing is published). */
    @Test
    void aChunkedCsvUploadLargerThanTheJsonLimitIsRead() throws Exception {
        String row = "nobody-" + clinicId + ",,not-a-time,J07BX03,EU/1/20/1528,ORG-100030215,LOT-1,1,2,nurse-1\n";
        int rows = (JSON_LIMIT + JSON_LIMIT / 2) / row.length();
        String csv = HEADER + row.repeat(rows);
        assertThat(csv.length()).isGreaterThan(JSON_LIMIT);
        HttpResponse<String> answer = send("/clinics/" + clinicId + "/vaccinations", "text/csv",
                Map.of("Authorization", "Bearer " + staff), chunked(csv.getBytes(UTF_8)), false);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        VaccinationReports.Report report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(answer.body(), VaccinationReports.Report.class);
        assertThat(report.rowsRead()).isEqualTo(rows);
        assertThat(report.rejected()).isEqualTo(rows);
        assertThat(report.published()).isZero();
    }

    /** java.net.http sends a body of unknown length (from an InputStream) with Transfer-Encoding: chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return chunked(new ByteArrayInputStream(body));
    }

    private static HttpRequest.BodyPublisher chunked(InputStream body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> body);
    }

    private static HttpResponse<String> send(String path, String contentType, Map<String, String> headers,
            HttpRequest.BodyPublisher body, boolean expectContinue) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(60)).expectContinue(expectContinue).POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A JSON body that never closes, of the given size, counting what the client has taken of it to send. */
    private static final class CountingBody extends InputStream {
        private final long size;
        volatile long sent;

        CountingBody(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - sent);
            java.util.Arrays.fill(into, offset, offset + n, (byte) '1');
            if (sent == 0) {
                into[offset] = '[';
            }
            sent += n;
            return n;
        }
    }

    private VaccinationReports.Report upload(String token, String csv) {
        return given().auth().oauth2(token).contentType("text/csv").body(csv).post("/clinics/" + clinicId + "/vaccinations")
                .then().statusCode(200).extract().as(VaccinationReports.Report.class);
    }

    private String person(String label) throws Exception {
        String household = "h-" + label + "-" + clinicId;
        String personId = "p-" + label + "-" + clinicId;
        Db.update("INSERT INTO household VALUES ('" + household + "', '" + household + "', now())");
        Db.update("INSERT INTO person (person_id, household_id, name, birth_year, conditions, language, created_at) "
                + "VALUES ('" + personId + "', '" + household + "', 'Person " + label + "', 1980, '', 'en', now())");
        return personId;
    }

    private static List<String> eventIds(List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> read) {
        return read.stream().map(ConsumerRecord::value).filter(VaccinationAdministered.class::isInstance)
                .map(v -> ((VaccinationAdministered) v).getEventId()).toList();
    }
}
