package io.vaxline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.devstack.Ports;
import io.vaxline.devstack.TopicClient;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The production e-mail path: Quarkus Mailer over SMTP (mock off) to a real SMTP server (GreenMail on
 * a free loopback port), which checks what arrived: recipient, subject, text, Message-ID.
 */
@QuarkusTest
@TestProfile(SmtpDeliveryTest.Smtp.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class SmtpDeliveryTest {

    private static final TopicClient kafka = InfrastructureTestResource.topics();
    static GreenMail smtp;

    public static class Smtp implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(Server.class));
        }
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()), "quarkus.mailer.start-tls", "DISABLED",
                    "quarkus.mailer.from", "Vaxline <no-reply@vaxline.test>");
        }

        @Override
        public void stop() {
            smtp.stop();
        }
    }

    @Test
    void anInvitationReachesTheSmtpServer() throws Exception {
        String email = "smtp-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        OutreachInvitationIssued invitation = OutreachNotificationTest.invitation(null, email, "en");
        kafka.send(Topics.NOTIFICATION_REQUESTS, invitation.getPatientId(), invitation);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain("example.org").length > 0);
        MimeMessage received = smtp.getReceivedMessagesForDomain("example.org")[0];
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo(email);
        assertThat(received.getSubject()).isEqualTo("Flu 2026");
        assertThat(received.getFrom()[0].toString()).contains("no-reply@vaxline.test");
        assertThat(received.getContent().toString()).contains(OutreachNotificationTest.linkOf(invitation)).contains("Hello Astrid");
        assertThat(received.getHeader("Message-ID")[0]).isEqualTo("<" + invitation.getEventId() + ":email@vaxline>");
    }
}
