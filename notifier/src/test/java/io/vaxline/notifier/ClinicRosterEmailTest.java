package io.vaxline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.ClinicRosterReady;
import io.vaxline.schemas.NotifierSeal;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The clinic's next-day roster, e-mailed with its CSV attached, once however often booking-api publishes it. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ClinicRosterEmailTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();

    @Inject
    MockMailbox mailbox;

    @Test
    void theRosterIsEmailedOnceWithItsCsvAttached() throws Exception {
        String email = "clinic-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String eventId = UUID.randomUUID().toString();
        String csv = "time,appointment_id,confirmation_code,person_id,name,birth_year,service,dose,attended\n"
                + "09:00,a-1,K7M3-Q9XD,p-1,Rosa Roster,1970,covid-19,1,no\n";
        ClinicRosterReady roster = ClinicRosterReady.newBuilder().setEventId(eventId).setOccurredAt(Instant.now())
                .setClinicId("clinic-r").setClinicName("Roster Clinic").setDay(LocalDate.parse("2031-06-12"))
                .setRecipients(List.of(email)).setAppointments(1)
                .setSealedCsv(ByteBuffer.wrap(NotifierSeal.forSealing(InfrastructureTestResource.endpoints().secrets()
                        .notifierPublicKeyset()).seal(csv, "roster:" + eventId))).build();
        // published twice (a restarted booking-api publishes the day's roster again): one e-mail
        kafka.send(Topics.NOTIFICATION_REQUESTS, "clinic-r", roster);
        kafka.send(Topics.NOTIFICATION_REQUESTS, "clinic-r", roster);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mailbox.getMailsSentTo(email).isEmpty());
        Mail mail = mailbox.getMailsSentTo(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Roster for 2031-06-12: Roster Clinic (1 appointments)");
        assertThat(mail.getAttachments()).singleElement().satisfies(attachment -> {
            assertThat(attachment.getName()).isEqualTo("roster-clinic-r-2031-06-12.csv");
            assertThat(attachment.getContentType()).startsWith("text/csv");
            List<Byte> data = Multi.createFrom().publisher(attachment.getData()).collect().asList().await().indefinitely();
            byte[] bytes = new byte[data.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = data.get(i);
            }
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(csv);
        });
        Thread.sleep(2000);
        assertThat(mailbox.getMailsSentTo(email)).hasSize(1);
    }
}
