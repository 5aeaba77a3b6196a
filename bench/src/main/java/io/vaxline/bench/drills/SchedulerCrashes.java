package io.vaxline.bench.drills;

import io.vaxline.devstack.Service;

/** scheduler-stream killed three times while people book: exactly_once_v2 must keep every invariant. */
final class SchedulerCrashes implements Drill {

    @Override
    public String name() {
        return "scheduler-crash";
    }

    @Override
    public String title() {
        return "kill -9 scheduler-stream three times during a booking rush";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        BookingRush rush = BookingRush.prepare(context, 400, 5, 4, 5);
        String result = rush.run(context, () -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(1500);
                    context.stack.process(Service.SCHEDULER_STREAM).kill();
                    context.stack.startService(Service.SCHEDULER_STREAM);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return "3 kills; " + result;
    }
}
