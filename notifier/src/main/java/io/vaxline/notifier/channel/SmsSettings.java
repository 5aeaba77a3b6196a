package io.vaxline.notifier.channel;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Which SMS channel texts go through, and the local recording channel's journal. */
@ConfigMapping(prefix = "vaxline.sms")
public interface SmsSettings {

    /**
     * sns, or recording (nothing is sent; texts are kept for the /inbox endpoints), which only a local
     * stack may choose ({@link ChannelChoice}). No default in production: it must be chosen.
     */
    Optional<String> channel();

    Recording recording();

    interface Recording {
        /** Where the recording channel keeps what it "sent", so the inbox survives a restart; empty: memory only. */
        Optional<Path> journal();
    }
}
