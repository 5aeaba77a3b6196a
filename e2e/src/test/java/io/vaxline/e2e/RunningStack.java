package io.vaxline.e2e;

import java.nio.file.Path;
import java.util.Map;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;

/**
 * The whole system, started once per test JVM exactly as ./vaxline up starts it (packaged
 * services as processes, real Kafka, registry and PostgreSQL), on free ports in a fresh folder.
 */
final class RunningStack {

    private static VaxlineStack stack;

    private RunningStack() {
    }

    static synchronized VaxlineStack get() {
        if (stack == null) {
            Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
            Path dataDir = Path.of("target", "e2e-stack-" + System.currentTimeMillis()).toAbsolutePath();
            try {
                // Trusting X-Forwarded-For lets each virtual person call from an address of their own.
                // Reminders at midnight: every booking for tomorrow is past its reminder time, so it is
                // reminded at once, which lets a test see reminders without waiting for 18:00.
                stack = VaxlineStack.startForTest(repoRoot, dataDir, Map.of(
                                Service.BOOKING_API, Map.of("PROXY_ADDRESS_FORWARDING", "true"),
                                Service.SCHEDULER_STREAM, Map.of("REMINDER_LOCAL_TIME", "00:00"),
                                Service.NOTIFIER, Map.of("NOTIFIER_MESSAGES_PER_SECOND", "5000")),
                        line -> System.out.println("[stack] " + line));
            } catch (Exception e) {
                throw new IllegalStateException("The stack did not start; its logs are in " + dataDir.resolve("logs"), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
        }
        return stack;
    }
}
