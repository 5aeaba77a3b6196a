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
    private static TraceCollector traces;

    private RunningStack() {
    }

    static synchronized VaxlineStack get() {
        if (stack == null) {
            Path repoRoot = Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize();
            Path dataDir = Path.of("target", "e2e-stack-" + System.currentTimeMillis()).toAbsolutePath();
            try {
                traces = new TraceCollector();
                // Every service exports its spans to the test's collector (ObservabilityIT).
                Map<String, String> tracing = Map.of("OTEL_SDK_DISABLED", "false",
                        "OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
                // Trusting X-Forwarded-For lets each virtual person call from an address of their own.
                // Reminders at midnight: every booking for tomorrow is past its reminder time, so it is
                // reminded at once, which lets a test see reminders without waiting for 18:00.
                Map<Service, Map<String, String>> environment = new java.util.EnumMap<>(Service.class);
                for (Service service : Service.values()) {
                    environment.put(service, new java.util.HashMap<>(tracing));
                }
                environment.get(Service.BOOKING_API).put("PROXY_ADDRESS_FORWARDING", "true");
                environment.get(Service.SCHEDULER_STREAM).put("REMINDER_LOCAL_TIME", "00:00");
                environment.get(Service.NOTIFIER).put("NOTIFIER_MESSAGES_PER_SECOND", "5000");
                // One service logs JSON, as an operator would ask (ObservabilityIT reads its log).
                environment.get(Service.WEB).put("LOG_FORMAT", "json");
                // care believes Stripe's webhooks signed with this secret (CareIT signs a late payment failure with it).
                environment.get(Service.CARE).put("STRIPE_WEBHOOK_SECRET", CareIT.WEBHOOK_SECRET);
                stack = VaxlineStack.startForTest(repoRoot, dataDir, environment,
                        line -> System.out.println("[stack] " + line));
            } catch (Exception e) {
                throw new IllegalStateException("The stack did not start; its logs are in " + dataDir.resolve("logs"), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
        }
        return stack;
    }

    /** The spans the stack's services exported (the stack is started if it is not yet). */
    static synchronized TraceCollector traces() {
        get();
        return traces;
    }
}
