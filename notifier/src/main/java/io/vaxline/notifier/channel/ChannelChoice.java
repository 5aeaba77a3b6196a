package io.vaxline.notifier.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The notifier does not start with a stand-in for a provider where none belongs. The recording SMS
 * channel and the mock mailer send nothing and show every message they hold (one-time codes,
 * invitations, reports) to whoever can reach the notifier's /inbox endpoints, so they are for a local
 * stack only: chosen by name (SMS_CHANNEL=recording, MAIL_MOCK=true) on a notifier that says it is part
 * of one (VAXLINE_LOCAL_STACK=true, which also makes the /inbox endpoints exist). Production leaves
 * that unset and chooses SMS_CHANNEL=sns and an SMTP server; nothing defaults to a stand-in there.
 * Dev mode and the tests are local stacks with both stand-ins by default.
 */
@ApplicationScoped
public class ChannelChoice {

    /** The property that says this notifier is part of a local stack. */
    public static final String LOCAL_STACK = "vaxline.local-stack";

    @Inject
    SmsSettings sms;

    @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false")
    boolean mailMock;

    @ConfigProperty(name = LOCAL_STACK, defaultValue = "false")
    String localStack;

    /** Before the consumers start (the messaging connector starts them on this event too): nothing is handed to a refused channel. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<String> problems = problems(sms.channel(), mailMock, localStack);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join(" ", problems));
        }
    }

    /** What is wrong with the channels chosen, each with what to set instead; empty when they may be used. */
    static List<String> problems(Optional<String> smsChannel, boolean mailMock, String localStack) {
        List<String> problems = new ArrayList<>();
        if (!"true".equals(localStack) && !"false".equals(localStack)) {
            problems.add("VAXLINE_LOCAL_STACK (" + LOCAL_STACK + ") is '" + localStack + "': it must be true (a local stack) or false.");
            return problems;
        }
        boolean local = "true".equals(localStack);
        String channel = smsChannel.map(String::strip).orElse("");
        if (channel.isEmpty()) {
            problems.add("No SMS channel is chosen: set SMS_CHANNEL (vaxline.sms.channel) to sns to text through AWS SNS. "
                    + "SMS_CHANNEL=recording, which sends nothing and shows every text at /inbox, is for a local stack only, "
                    + "with VAXLINE_LOCAL_STACK=true.");
        } else if (!channel.equals("sns") && !channel.equals("recording")) {
            problems.add("SMS_CHANNEL (vaxline.sms.channel) is '" + channel + "': it must be sns (AWS SNS) or, on a local stack, recording.");
        } else if (channel.equals("recording") && !local) {
            problems.add("SMS_CHANNEL=recording sends no text and shows every one, one-time codes included, to anyone who can "
                    + "reach /inbox: it is for a local stack only. Set SMS_CHANNEL=sns in production, or VAXLINE_LOCAL_STACK=true "
                    + "if this notifier is part of a local stack.");
        }
        if (mailMock && !local) {
            problems.add("MAIL_MOCK=true (quarkus.mailer.mock) sends no e-mail and shows every one at /inbox/email: it is for a "
                    + "local stack only. Set MAIL_MOCK=false and the SMTP server (MAIL_HOST, MAIL_PORT, MAIL_USERNAME, ...) in "
                    + "production, or VAXLINE_LOCAL_STACK=true if this notifier is part of a local stack.");
        }
        return problems;
    }
}
