package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceTest {

    @Test
    void servicesTakeTheirJvmOptionsFromTheEnvironment() {
        assertThat(Service.javaOptions(null)).isEmpty();
        assertThat(Service.javaOptions("-XX:+UseSerialGC")).containsExactly("-XX:+UseSerialGC");
        assertThat(Service.javaOptions(" -XX:+UseG1GC   -XX:MaxGCPauseMillis=50 ")).containsExactly("-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=50");
        assertThat(Service.javaOptions("")).isEmpty();
    }
}
