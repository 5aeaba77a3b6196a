package io.vaxline.notifier;

import static io.vaxline.notifier.Fixtures.keysOn;
import static io.vaxline.notifier.Fixtures.person;
import static io.vaxline.notifier.Fixtures.phone;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.PersonCorrected;
import io.vaxline.notifier.contacts.ClinicDirectory;
import io.vaxline.notifier.contacts.ContactDirectory;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The in-memory directories hold what their topics hold now: a tombstone removes the entry, and is not bad data. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ReadModelBoundsTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Inject
    ContactDirectory contacts;

    @Inject
    ClinicDirectory clinics;

    @Test
    void aPersonErasedFromThePeopleTopicIsForgotten() {
        String personId = UUID.randomUUID().toString();
        kafka.send(Topics.PEOPLE, personId, person(personId, phone(), "Ada", "en"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> contacts.find(personId).isPresent());

        kafka.sendRaw(Topics.PEOPLE.name(), personId, null);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> contacts.find(personId).isEmpty());
        assertThat(keysOn(Topics.PEOPLE.deadLetterTopic())).doesNotContain(personId);
    }

    @Test
    void aCorrectedNameReplacesTheContactsNameAndKeepsThePhone() {
        String personId = UUID.randomUUID().toString();
        String phone = phone();
        kafka.send(Topics.PEOPLE, personId, person(personId, phone, "Ada Lovelac", "sv"));
        kafka.send(Topics.PEOPLE, personId, PersonCorrected.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setName("Ada Lovelace").setBirthYear(1980).build());

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                contacts.find(personId).map(c -> c.name().equals("Ada Lovelace")).orElse(false));
        assertThat(contacts.find(personId).orElseThrow().phone()).isEqualTo(phone);
        assertThat(contacts.find(personId).orElseThrow().language()).isEqualTo("sv");
    }

    @Test
    void aClinicRemovedFromTheClinicsTopicIsForgotten() {
        String clinicId = "clinic-" + UUID.randomUUID();
        kafka.send(Topics.CLINICS, clinicId, ClinicRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setClinicId(clinicId).setName("Vårdcentralen Norr").setAddress("Norrgatan 2")
                .setLatitude(59.35).setLongitude(18.05).setTimeZone("Europe/Stockholm").setServices(List.of("covid-19")).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                clinics.describe(clinicId, Duration.ofSeconds(1)).await().indefinitely().startsWith("Vårdcentralen Norr"));

        kafka.sendRaw(Topics.CLINICS.name(), clinicId, null);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                clinics.describe(clinicId, Duration.ofSeconds(1)).await().indefinitely().equals(clinicId));
        assertThat(keysOn(Topics.CLINICS.deadLetterTopic())).doesNotContain(clinicId);
    }
}
