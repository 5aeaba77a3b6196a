package io.vaxline.notifier.rest;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.resteasy.reactive.server.EndpointDisabled;
import io.vaxline.notifier.channel.ChannelChoice;
import io.vaxline.notifier.channel.RecordingSmsChannel.RecordedSms;
import io.vaxline.notifier.channel.RecordingSmsChannel;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The recording channels' inboxes: what would have been texted or e-mailed, for people running the
 * stack locally. The endpoints exist only on a local stack (vaxline.local-stack=true, which
 * {@link ChannelChoice} requires of the recording channel and the mock mailer): elsewhere every path
 * under /inbox answers 404, whatever the channels. On a local stack that texts through SNS or mails
 * through SMTP, that inbox answers 404 too.
 */
@Path("/inbox")
@EndpointDisabled(name = ChannelChoice.LOCAL_STACK, stringValue = "false", disableIfMissing = true)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Local inbox", description = "What the recording channels hold, when no real provider is configured")
public class InboxResource {

    @Inject
    Instance<RecordingSmsChannel> recording;

    @Inject
    Instance<MockMailbox> mailbox;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false")
    boolean mockMail;

    /** Phone numbers with messages, and how many each has. */
    @GET
    @Operation(operationId = "listSmsInboxes", summary = "Phone numbers with recorded SMS, and how many each has")
    @APIResponse(responseCode = "200", description = "Phone number (E.164) to number of messages")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "SMS go to a real provider: there is no inbox")
    public Map<String, Integer> inboxes() {
        return channel().inboxSizes();
    }

    @GET
    @Path("/{phone}")
    @Operation(operationId = "getSmsInbox", summary = "The SMS recorded for one phone number, oldest first")
    @APIResponse(responseCode = "200", description = "The messages")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No message for this number, or no inbox")
    public List<RecordedSms> inbox(@PathParam("phone") String phone) {
        List<RecordedSms> messages = channel().inbox(phone);
        if (messages.isEmpty()) {
            throw new NotFoundException("No messages for " + phone + " (phone numbers are in E.164 form, e.g. +46701234567)");
        }
        return messages;
    }

    public record RecordedEmail(String to, String subject, String text, String messageId) {
    }

    /** How many e-mails the mailer's mock mailbox holds (read one address's with /inbox/email/{address}). */
    @GET
    @Path("/email")
    @Operation(operationId = "countEmails", summary = "How many e-mails the mock mailbox holds")
    @APIResponse(responseCode = "200", description = "The count, as {\"messages\": n}")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "E-mail goes to a real mail server: there is no mailbox")
    public Map<String, Integer> emailInboxes() {
        return Map.of("messages", mailbox().getTotalMessagesSent());
    }

    @GET
    @Path("/email/{address}")
    @Operation(operationId = "getEmailInbox", summary = "The e-mails sent to one address")
    @APIResponse(responseCode = "200", description = "The e-mails")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No e-mail for this address, or no mailbox")
    public List<RecordedEmail> emailInbox(@PathParam("address") String address) {
        List<RecordedEmail> mails = mailbox().getMailsSentTo(address).stream().map(mail -> new RecordedEmail(address,
                mail.getSubject(), mail.getText(), mail.getHeaders().getOrDefault("Message-ID", List.of("")).get(0))).toList();
        if (mails.isEmpty()) {
            throw new NotFoundException("No e-mail for " + address);
        }
        return mails;
    }

    private MockMailbox mailbox() {
        if (!mailbox.isResolvable() || !mockMail) {
            throw new NotFoundException("There is no e-mail inbox: e-mail goes to a real mail server (MAIL_MOCK=false)");
        }
        return mailbox.get();
    }

    private RecordingSmsChannel channel() {
        if (!recording.isResolvable()) {
            throw new NotFoundException("There is no inbox: messages go to a real provider (vaxline.sms.channel)");
        }
        return recording.get();
    }
}
