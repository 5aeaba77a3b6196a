package io.vaxline.notifier.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vaxline.notifier.delivery.OutgoingMessage;
import io.vertx.ext.mail.SMTPException;

/**
 * E-mail through Quarkus Mailer: SMTP in production ({@code quarkus.mailer.*}, e.g. Amazon SES's SMTP
 * endpoint), and locally its mock mailbox ({@code quarkus.mailer.mock=true}, the default of
 * {@code ./vaxline up}), which keeps every message for the /inbox/email endpoints and sends nothing.
 * The idempotency key becomes the Message-ID, so a message handed over twice after a crash is
 * recognisable as one by mail servers and clients that drop repeated ids.
 */
@ApplicationScoped
public class EmailChannel {

    @Inject
    ReactiveMailer mailer;

    public Uni<String> send(String idempotencyKey, String to, String subject, String text, OutgoingMessage.Attachment attachment) {
        String messageId = "<" + idempotencyKey.replaceAll("[^A-Za-z0-9.:-]", "_") + "@vaxline>";
        Mail mail = Mail.withText(to, subject, text).addHeader("Message-ID", messageId);
        if (attachment != null) {
            mail.addAttachment(attachment.name(), attachment.content(), attachment.contentType());
        }
        return mailer.send(mail)
                .onFailure().transform(failure -> failure instanceof SMTPException smtp
                        ? new DeliveryException("mail server refused the message: " + smtp.getMessage(), !smtp.isPermanent(), smtp)
                        : new DeliveryException("mail server not reachable: " + failure.getMessage(), true, failure))
                .replaceWith(messageId);
    }
}
