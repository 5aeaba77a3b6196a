package io.vaxline.notifier.channel;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Which SMS channel texts go through, and the local recording channel's journal. */
@ConfigMapping(prefix = "vaxline.sms")
public interface SmsSettings {

    /** recording (the local inbox) or sns. */
    String channel();

    Recording recording();

    interface Recording {
        /** Where the recording channel keeps what it "sent", so the inbox survives a restart; empty: memory only. */
        Optional<Path> journal();
    }
}
