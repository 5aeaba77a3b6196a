package io.vaxline.problems;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What each service says beside the shared vocabulary; mappers may be made at static init, and a hint is safe to read then. */
@StaticInitSafe
@ConfigMapping(prefix = "vaxline.problems")
public interface ProblemSettings {

    /** The detail of a 401: how a caller of this service gets a token. */
    @WithDefault("This needs a valid token in the Authorization header (Bearer …): log in with a one-time code "
            + "(POST /otp, then POST /otp/verify), or as staff.")
    String loginHint();
}
