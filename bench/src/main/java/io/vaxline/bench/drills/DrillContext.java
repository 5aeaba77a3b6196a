package io.vaxline.bench.drills;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.Sql;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

/** The running stack and the clients every drill uses, with the checks they share. */
final class DrillContext implements AutoCloseable {

    final VaxlineStack stack;
    final Endpoints endpoints;
    final Api api;
    final TopicClient kafka;
    /** An administrator's token, for opening clinics. */
    final String admin;

    DrillContext(VaxlineStack stack) {
        this.stack = stack;
        this.endpoints = stack.infrastructure().endpoints();
        this.api = new Api(stack);
        this.kafka = new TopicClient(endpoints);
        this.admin = api.adminToken();
    }

    interface Task {
        void run(int index) throws Exception;
    }

    static void parallel(int count, int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    task.run(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    void awaitHealthy(Duration timeout) {
        for (Service service : Service.values()) {
            stack.process(service).awaitReady(URI.create(stack.url(service) + "/q/health/ready"), timeout);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " (waited " + timeout.toSeconds() + " s)");
            }
            Thread.sleep(250);
        }
    }

    static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    long countCertificates(String sql) {
        return Sql.count(endpoints, "certificates", sql);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
