package io.vaxline.notifier.channel;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** AWS SNS, when texts go through it (vaxline.sms.channel=sns). */
@ConfigMapping(prefix = "vaxline.sns")
public interface SnsSettings {

    String region();

    /** LocalStack or a test endpoint; empty: AWS itself. */
    Optional<URI> endpoint();

    Optional<String> senderId();

    /**
     * How long one Publish may take before the client gives up (its outcome is then unknown: SNS may
     * have taken the message). Shorter than the notifier's delivery lease.
     */
    java.time.Duration timeout();

    /** Transactional or Promotional. */
    String smsType();

    /** Both empty: the AWS default credentials chain. */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();
}
