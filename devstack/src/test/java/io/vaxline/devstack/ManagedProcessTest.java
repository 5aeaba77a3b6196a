package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path dir;

    @Test
    void aProcessLeftByAKilledRunIsStoppedBeforeItsSuccessorStarts() throws Exception {
        List<String> command = List.of("sleep", "300");
        ManagedProcess first = new ManagedProcess("sleeper", command, Map.of(), dir.resolve("a.log"), dir.resolve("a.pid"));
        first.start();
        long orphan = first.pid();

        // A new launcher (the old one was killed with -9 and never stopped its children) starts the same process.
        ManagedProcess second = new ManagedProcess("sleeper", command, Map.of(), dir.resolve("a.log"), dir.resolve("a.pid"));
        second.start();
        try {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(second.isAlive()).isTrue();
        } finally {
            second.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aProcessThatDiesBeforeItIsReadyFailsWithItsOutput() throws Exception {
        ManagedProcess failing = new ManagedProcess("failing", List.of("sh", "-c", "echo boom-reason; exit 3"), Map.of(),
                dir.resolve("f.log"), dir.resolve("f.pid"));
        failing.start();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.awaitReady(
                        java.net.URI.create("http://127.0.0.1:" + Ports.free() + "/"), Duration.ofSeconds(20)))
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("boom-reason");
    }
}
