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

import io.vaxline.notifier.channel.RecordingSmsChannel;
import io.vaxline.notifier.channel.RecordingSmsChannel.RecordedSms;

/** The recording channel's inboxes: what would have been texted, for people running the stack locally. */
@Path("/inbox")
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    @Inject
    Instance<RecordingSmsChannel> recording;

    /** Phone numbers with messages, and how many each has. */
    @GET
    public Map<String, Integer> inboxes() {
        return channel().inboxSizes();
    }

    @GET
    @Path("/{phone}")
    public List<RecordedSms> inbox(@PathParam("phone") String phone) {
        List<RecordedSms> messages = channel().inbox(phone);
        if (messages.isEmpty()) {
            throw new NotFoundException("No messages for " + phone + " (phone numbers are in E.164 form, e.g. +46701234567)");
        }
        return messages;
    }

    private RecordingSmsChannel channel() {
        if (!recording.isResolvable()) {
            throw new NotFoundException("There is no inbox: messages go to a real provider (vaxline.sms.channel)");
        }
        return recording.get();
    }
}
