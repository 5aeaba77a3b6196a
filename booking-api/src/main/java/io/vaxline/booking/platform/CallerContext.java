package io.vaxline.booking.platform;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Brings a result back to the Vert.x context of the code that asked for it. Kafka acknowledges sends
 * on its producer thread and outcomes arrive on the consumer's; a Hibernate Reactive session must
 * go on where it was opened, or it fails (HR000069) and leaves its transaction open.
 */
public final class CallerContext {

    private CallerContext() {
    }

    public static <T> Uni<T> resumeOnCaller(Uni<T> uni) {
        Context caller = Vertx.currentContext();
        return caller == null ? uni : uni.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
