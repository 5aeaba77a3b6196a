package io.vaxline.booking.platform;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/**
 * The JSON body limit. Request filters are created at static init, before runtime configuration exists,
 * so this one value lives in a mapping that is safe to read then; the secrets in SecuritySettings are not.
 */
@StaticInitSafe
@ConfigMapping(prefix = "vaxline.json")
public interface JsonSettings {

    /** JSON bodies stop here; CSV uploads go up to quarkus.http.limits.max-body-size. */
    MemorySize maxBodySize();
}
