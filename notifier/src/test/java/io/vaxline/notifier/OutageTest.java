package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static io.vaxline.notifier.Fixtures.booked;
import static io.vaxline.notifier.Fixtures.keysOn;
import static io.vaxline.notifier.Fixtures.person;
import static io.vaxline.notifier.Fixtures.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An outage of PostgreSQL and of the schema registry is waited out: the notifier reaches both
 * through TCP relays that the test cuts (every connection closed, new ones refused, as when a server
 * stops) and restores. Records that arrive meanwhile are delivered once each afterwards, and none is
 * dead-lettered.
 */
@QuarkusTest
@TestProfile(OutageTest.Relayed.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OutageTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    private static final Instant SLOT = Instant.parse("2031-06-12T07:30:00Z");
    static TcpRelay database;
    static TcpRelay registry;

    public static class Relayed implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Relays.class));
        }
    }

    public static class Relays implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Endpoints infra = InfrastructureTestResource.endpoints();
            database = new TcpRelay(infra.dbHost(), infra.dbPort());
            URI registryUrl = URI.create(infra.registryUrl());
            registry = new TcpRelay(registryUrl.getHost(), registryUrl.getPort());
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + database.port() + "/notifier",
                    "vaxline.registry.url", "http://127.0.0.1:" + registry.port() + registryUrl.getPath());
        }

        @Override
        public void stop() {
            database.close();
            registry.close();
        }

        @Override
        public int order() {
            return 100; // after the infrastructure's resource, so that these addresses win
        }
    }

    @Test
    void anOutageOfTheDatabaseAndTheRegistryIsWaitedOutAndEveryTextGoesOnce() throws Exception {
        String clinicId = "clinic-outage-" + UUID.randomUUID();
        database.cut();
        registry.cut();
        List<String> phones = new ArrayList<>();
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String personId = UUID.randomUUID().toString();
            String phone = phone();
            kafka.send(Topics.PEOPLE, personId, person(personId, phone, "Ada", "en"));
            AppointmentBooked booked = booked(personId, clinicId, SLOT);
            kafka.send(Topics.BOOKING_EVENTS, clinicId, booked);
            phones.add(phone);
            people.add(personId);
        }
        Thread.sleep(6_000);
        registry.restore();
        Thread.sleep(4_000);
        database.restore();

        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (String phone : phones) {
                given().get("/inbox/" + phone).then().statusCode(200).body("$", hasSize(1));
            }
        });
        assertThat(keysOn(Topics.BOOKING_EVENTS.deadLetterTopic())).doesNotContain(clinicId);
        assertThat(keysOn(Topics.PEOPLE.deadLetterTopic())).doesNotContainAnyElementsOf(people);
        for (String phone : phones) {
            given().get("/inbox/" + phone).then().body("$", hasSize(1));
        }
    }
}
