package io.vaxline.booking;

import static io.restassured.RestAssured.given;
import static io.vaxline.booking.People.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vaxline.commands.BookAppointment;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.schemas.DerivedIds;
import io.vaxline.schemas.Topics;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the booking request no longer asks PostgreSQL: the projection's write (the caller reads the
 * outcome it was told until the projection stores it), people and priority occupations (held in
 * memory, and still seen as they change), and a known Idempotency-Key (remembered, and still refused
 * with another request when only PostgreSQL knows it, as after a restart).
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BookingHotPathTest {

    private static final Instant SLOT = Instant.now().plus(4, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    private static final String CLINIC = "hot-path-clinic";
    /** The stand-in never answers a "silent-" clinic: its bookings wait the reply timeout (3 s here) and get 202. */
    private static final String SILENT = "silent-hot-path-clinic";

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static SchedulerStandIn scheduler;

    @TestHTTPResource("/appointments")
    URL appointments;

    @Inject
    Pool pool;

    @BeforeAll
    static void start() {
        scheduler = new SchedulerStandIn(InfrastructureTestResource.endpoints());
        for (String clinic : List.of(CLINIC, SILENT)) {
            kafka.send(Topics.CLINICS, clinic, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setClinicId(clinic).setName(clinic).setAddress("Main St 2")
                    .setLatitude(59.3).setLongitude(18.0).setTimeZone("Europe/Stockholm").setServices(List.of("covid-19"))
                    .build());
        }
    }

    @BeforeEach
    void clinicIsKnown() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/clinics/" + CLINIC
                + "/slots?date=" + LocalDate.now()).then().statusCode(200));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        scheduler.close();
    }

    @Test
    void theCallerReadsWhatItWasToldWhileTheProjectionHasNotStoredIt() throws Exception {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Quick Reader", 1980);
        String key = "fast-" + UUID.randomUUID();
        Instant later = SLOT.plus(1, ChronoUnit.DAYS);
        String appointmentId;
        // The projection's writes wait while this lock is held; reads go on. A booking that waited for the
        // projection would not be answered until the lock goes.
        try (Connection lock = connect()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE appointment IN EXCLUSIVE MODE");
            }
            appointmentId = patient(token).header("Idempotency-Key", key).body(booking(personId))
                    .post("/appointments").then().statusCode(201).extract().path("appointmentId");

            given().auth().oauth2(token).get("/appointments/" + appointmentId).then().statusCode(200)
                    .body("status", equalTo("BOOKED")).body("clinicId", equalTo(CLINIC));
            given().auth().oauth2(token).get("/me/appointments").then().statusCode(200)
                    .body("appointmentId", hasItem(appointmentId));
            String requestId = DerivedIds.of("request", household(token), key);
            given().auth().oauth2(token).get("/appointments/requests/" + requestId).then().statusCode(201)
                    .body("appointmentId", equalTo(appointmentId));
            patient(token).body("{\"clinicId\": \"" + CLINIC + "\", \"slotStart\": \"" + later + "\"}")
                    .put("/appointments/" + appointmentId).then().statusCode(200);
            given().auth().oauth2(token).get("/appointments/" + appointmentId).then().statusCode(200)
                    .body("slotStart", equalTo(later.toString()));
            assertThat(Db.rows("SELECT 1 FROM booking_request WHERE appointment_id = '" + appointmentId + "'")).isEmpty();
            lock.rollback();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !Db.rows("SELECT slot_start FROM appointment "
                + "WHERE appointment_id = '" + appointmentId + "' AND slot_start = '" + later + "'").isEmpty());
        given().auth().oauth2(token).get("/appointments/" + appointmentId).then().statusCode(200)
                .body("slotStart", equalTo(later.toString()));
    }

    /**
     * A request checks its person and its Idempotency-Key in PostgreSQL, then waits for scheduler-stream's outcome. Were
     * it to keep its database session (and with it one of the pool's connections) while waiting, no more requests than
     * the pool has connections could wait at once: the rest would send their commands only when the first ones gave
     * up. So more bookings than connections, all waiting on a clinic that never answers, must all have sent their
     * command before the first of them is answered.
     */
    @Test
    void aBookingWaitingForItsOutcomeHoldsNoDatabaseConnection() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/clinics/" + SILENT
                + "/slots?date=" + LocalDate.now()).then().statusCode(200));
        int connections = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.max-size", Integer.class);
        int waiting = connections + 10;
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Patient Waiter", 1980);
        String body = """
                {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s"}"""
                .formatted(personId, SILENT, SLOT);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        AtomicLong firstAnswer = new AtomicLong(Long.MAX_VALUE);
        for (int i = 0; i < waiting; i++) {
            // A key of its own each, so that every request asks PostgreSQL before it sends its command.
            answers.add(client.sendAsync(HttpRequest.newBuilder(appointments.toURI())
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .header("Idempotency-Key", "wait-" + i + "-" + UUID.randomUUID())
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((answer, failure) -> firstAnswer.accumulateAndGet(System.nanoTime(), Math::min)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.commandsFor(personId) == waiting);
        long allSent = System.nanoTime();

        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(answers).extracting(answer -> answer.join().statusCode()).containsOnly(202);
        assertThat(allSent).as("all %d commands were sent before the first request was answered", waiting)
                .isLessThan(firstAnswer.get());
    }

    /**
     * A keyed booking takes one of the pool's connections at a time: the key's claim, then the session that checks the
     * person. Were the claim made inside that session, which holds its connection from the start, a rush could leave
     * every connection held by a session waiting for one more (the bookings benchmark saw requests hang for 30 s that
     * way). So with all connections but one taken, a keyed booking is still answered.
     */
    @Test
    void aKeyedBookingNeedsOneDatabaseConnectionAtATime() {
        int connections = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.max-size", Integer.class);
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "One Connection", 1980);
        List<SqlConnection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < connections - 1; i++) {
                taken.add(pool.getConnection().await().atMost(Duration.ofSeconds(10)));
            }
            patient(token).header("Idempotency-Key", "one-connection-" + UUID.randomUUID()).body(booking(personId))
                    .post("/appointments").then().statusCode(201);
        } finally {
            taken.forEach(SqlConnection::closeAndAwait);
        }
    }

    @Test
    void aPriorityOccupationMarkedOrUnmarkedCountsForTheNextBooking() {
        String occupation = "welder-" + UUID.randomUUID().toString().substring(0, 8);
        String token = People.login(kafka, newPhone());
        String admin = People.adminToken();

        assertThat(bookWithOccupation(token, "Before", occupation)).isFalse();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"description\": \"Welders\"}")
                .put("/admin/priority-occupations/" + occupation).then().statusCode(200);
        assertThat(bookWithOccupation(token, "Marked", occupation)).isTrue();
        given().auth().oauth2(admin).delete("/admin/priority-occupations/" + occupation).then().statusCode(204);
        assertThat(bookWithOccupation(token, "Unmarked", occupation)).isFalse();
    }

    @Test
    void aPersonAddedAfterTheHouseholdBookedIsFoundByTheNextBooking() {
        String token = People.login(kafka, newPhone());
        String first = People.addPerson(token, "First", 1980);
        patient(token).body(booking(first)).post("/appointments").then().statusCode(201);
        String unknown = "nobody-" + UUID.randomUUID();
        patient(token).body(booking(unknown)).post("/appointments").then().statusCode(404);

        String second = People.addPerson(token, "Second", 1981);
        patient(token).body(booking(second)).post("/appointments").then().statusCode(201)
                .body("personId", equalTo(second));
        // Known to this instance now, and still nobody else's to book for.
        String stranger = People.login(kafka, newPhone());
        patient(stranger).body(booking(second)).post("/appointments").then().statusCode(404);
    }

    @Test
    void aKeyOnlyPostgresqlKnowsIsStillRefusedWithAnotherRequest() throws Exception {
        String token = People.login(kafka, newPhone());
        String personId = People.addPerson(token, "Restarted", 1980);
        String key = "restart-" + UUID.randomUUID();
        // Bound by another instance, or by this one before a restart: in PostgreSQL, not in this instance's memory.
        Db.update("INSERT INTO idempotency_key (request_id, fingerprint, created_at) VALUES ('"
                + DerivedIds.of("request", household(token), key) + "', 'another-request', now())");

        patient(token).header("Idempotency-Key", key).body(booking(personId)).post("/appointments").then()
                .statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
        // Now remembered: refused again, and nothing was ever sent.
        patient(token).header("Idempotency-Key", key).body(booking(personId)).post("/appointments").then()
                .statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> scheduler.commandsFor(personId) == 0);
    }

    private static boolean bookWithOccupation(String token, String name, String occupation) {
        String personId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"birthYear\": 1980, \"occupation\": \"" + occupation + "\"}")
                .post("/me/people").then().statusCode(201).extract().path("personId");
        patient(token).body(booking(personId)).post("/appointments").then().statusCode(201);
        return kafka.await(Topics.BOOKING_COMMANDS, BookAppointment.class, c -> c.getPersonId().equals(personId),
                Duration.ofSeconds(30)).getPriority();
    }

    /** A request that gives up after 20 s instead of waiting for ever (for a booking that waited on the lock). */
    private static RequestSpecification patient(String token) {
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 20_000).setParam("http.connection.timeout", 20_000)))
                .auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** The household a person's token is for: its subject. */
    private static String household(String token) {
        return parseSubject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String parseSubject(String payload) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"").matcher(payload);
        if (!m.find()) {
            throw new IllegalStateException("No subject in " + payload);
        }
        return m.group(1);
    }

    private static Connection connect() throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        return DriverManager.getConnection(db.jdbcUrl("booking"), db.dbUser(), db.dbPassword());
    }

    private static String booking(String personId) {
        return """
                {"personId": "%s", "clinicId": "%s", "service": "covid-19", "slotStart": "%s"}"""
                .formatted(personId, CLINIC, SLOT);
    }
}
