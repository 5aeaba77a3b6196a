package io.vaxline.certificates;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import io.smallrye.config.ConfigMapping;

/**
 * How certificates are signed, whom they name as issuer, how long they hold, which doses can have one,
 * and how long a dose waits for its holder.
 */
@ConfigMapping(prefix = "vaxline.certificates")
public interface CertificateSettings {

    /** The PKCS#12 keystore with the document signer's key. */
    Path keystore();

    /**
     * Whether a missing {@link #keystore()} is made (a new P-256 key with a self-signed certificate)
     * rather than refused at start-up: for a local stack's first start, never by default in production.
     */
    boolean createKeystore();

    String keystorePassword();

    String keyAlias();

    /** ISO 3166 country of the issuer, in the certificate identifier and the CWT. */
    String issuerCountry();

    String issuerName();

    Duration validity();

    /**
     * How far a dose's times may lie ahead of this service's clock (the clinic's clock may run a little
     * ahead); a dose given or recorded later than now plus this is refused.
     */
    Duration maxClockSkew();

    /** The programme's first day: a dose given before it began anywhere on Earth is refused. */
    LocalDate programmeStart();

    HolderWait holderWait();

    /** A dose whose holder has not arrived on `people` yet is retried before it is parked. */
    interface HolderWait {
        int attempts();

        Duration firstDelay();
    }
}
