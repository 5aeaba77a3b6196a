package io.vaxline.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.WaitlistOfferMade;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A seat held for the first in line is texted to the person, in their language, with the link that takes it. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class WaitlistOfferTextTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Test
    void textsTheHeldSeatWithTheHoldsEndAndTheLinkInThePersonsLanguage() {
        String personId = UUID.randomUUID().toString();
        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        kafka.send(Topics.PEOPLE, personId, Fixtures.person(personId, phone, "Greta Garbo", "sv"));
        Instant slot = Instant.parse("2030-03-04T08:00:00Z");
        WaitlistOfferMade offer = WaitlistOfferMade.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setOfferId("offer-" + UUID.randomUUID()).setRequestId(UUID.randomUUID().toString())
                .setPersonId(personId).setClinicId("clinic-1").setService("covid-19").setDate(LocalDate.of(2030, 3, 4))
                .setSessionId("s1").setSlotStart(slot).setSlotEnd(slot.plusSeconds(900)).setClinicTimeZone("Europe/Stockholm")
                .setExpiresAt(Instant.parse("2030-03-03T14:15:00Z")).build();
        kafka.send(Topics.BOOKING_EVENTS, offer.getClinicId(), offer);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/inbox/" + phone).then().statusCode(200)
                        .body("text", hasItem("Hej Greta Garbo! En tid för covid-19 på clinic-1 mån 4 mars 2030 09:00 "
                                + "(Europe/Stockholm, UTC+01:00) har blivit ledig och hålls åt dig till 15:15. Boka den här: "
                                + "http://127.0.0.1:8085/offers/" + offer.getOfferId() + "?person=" + personId)));
        NotificationSent sent = kafka.await(Topics.NOTIFICATIONS, NotificationSent.class,
                n -> n.getSourceEventId().equals(offer.getEventId()), Duration.ofSeconds(30));
        assertThat(sent.getKind()).isEqualTo("waitlist-offer");
    }
}
