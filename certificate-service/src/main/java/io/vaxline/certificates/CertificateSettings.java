package io.vaxline.certificates;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How certificates are signed, whom they name as issuer, how long they hold, and how long a dose waits for its holder. */
@ConfigMapping(prefix = "vaxline.certificates")
public interface CertificateSettings {

    /** The PKCS#12 keystore with the document signer's key; made on first start when missing. */
    Path keystore();

    String keystorePassword();

    String keyAlias();

    /** ISO 3166 country of the issuer, in the certificate identifier and the CWT. */
    String issuerCountry();

    String issuerName();

    Duration validity();

    HolderWait holderWait();

    /** A dose whose holder has not arrived on `people` yet is retried before it is parked. */
    interface HolderWait {
        int attempts();

        Duration firstDelay();
    }
}
