package io.vaxline.bench.drills;

import java.time.Duration;

/** The Kafka broker away for five seconds while people book: every request still gets its outcome. */
final class BrokerRestart implements Drill {

    @Override
    public String name() {
        return "broker-restart";
    }

    @Override
    public String title() {
        return "stop and restart the Kafka broker during a booking rush";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        BookingRush rush = BookingRush.prepare(context, 300, 5, 4, 5);
        String result = rush.run(context, () -> {
            try {
                Thread.sleep(1000);
                context.stack.infrastructure().kafka().stop();
                Thread.sleep(5000);
                context.stack.infrastructure().kafka().start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        context.awaitHealthy(Duration.ofMinutes(2));
        return "broker down 5 s; " + result + "; every service ready again";
    }
}
