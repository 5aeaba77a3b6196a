package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.check;
import static io.vaxline.bench.drills.DrillContext.parallel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vaxline.devstack.client.Api;

/** Malformed, oversized and unauthorised REST requests: every one refused with a 4xx, no service hurt. */
final class HostileRequests implements Drill {

    @Override
    public String name() {
        return "hostile-requests";
    }

    @Override
    public String title() {
        return "10,000 malformed or hostile REST requests";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        Api api = context.api;
        String[] people = BookingRush.prepare(context, 1, 1, 1, 1).people().get(0);
        String stranger = api.login(Api.newPhone(), Api.newAddress());
        String huge = "{\"phone\": \"" + "9".repeat(2 * 1024 * 1024) + "\"}";
        List<String[]> requests = List.of(
                new String[] { "POST", "/appointments", "{not json", people[0] },
                new String[] { "POST", "/appointments", "{\"personId\": 42, \"clinicId\": [], \"slotStart\": \"yesterday\"}", people[0] },
                new String[] { "POST", "/appointments", "{\"personId\": \"" + people[1] + "\", \"clinicId\": \"x\", \"service\": \"covid-19\", \"slotStart\": \"2001-01-01T09:00:00Z\"}", people[0] },
                new String[] { "POST", "/appointments", "{\"personId\": \"" + people[1] + "\", \"clinicId\": \"a' OR '1'='1\", \"service\": \"covid-19\", \"slotStart\": \"2030-01-01T09:00:00Z\"}", stranger },
                new String[] { "POST", "/otp", "{\"phone\": \"'; DROP TABLE person; --\"}", null },
                new String[] { "POST", "/otp", huge, null },
                new String[] { "POST", "/otp/verify", "{\"phone\": \"+46701234567\", \"code\": {\"$gt\": \"\"}}", null },
                new String[] { "GET", "/clinics?near=1e999,NaN&date=tomorrow&service=%3Cscript%3Ealert(1)%3C%2Fscript%3E", null, null },
                new String[] { "GET", "/clinics/..%2F..%2Fetc%2Fpasswd/slots?date=2030-01-01", null, null },
                new String[] { "GET", "/appointments/requests/" + "x".repeat(500), null, people[0] },
                new String[] { "GET", "/me/people", null, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9." },
                new String[] { "POST", "/admin/clinics", "{\"clinicId\": \"hack\"}", stranger },
                new String[] { "POST", "/clinics/hack/vaccinations", "person_id\n1\n", stranger },
                new String[] { "DELETE", "/appointments/" + UUID.randomUUID(), null, stranger });
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        int total = 10_000;
        parallel(total, 32, i -> {
            String[] r = requests.get(i % requests.size());
            if (r[2] == huge && i >= requests.size() * 20) {
                r = requests.get(0); // 20 huge bodies (40 MB) are enough to show the limit
            }
            Api.Reply reply = api.call(r[0], r[1], r[2], r[3], Api.newAddress(), null);
            statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
            if (reply.status() >= 500 && serverErrors.size() < 5) {
                serverErrors.add(r[0] + " " + r[1] + " -> " + reply.status() + " " + reply.body());
            }
        });
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(String.valueOf(k), v.get()));
        check(serverErrors.isEmpty(), "5xx for bad input: " + serverErrors);
        check(statuses.keySet().stream().allMatch(s -> s >= 400 && s < 500), "not refused: " + counts);
        context.awaitHealthy(Duration.ofSeconds(30));
        return total + " requests, all refused with 4xx " + counts + "; every service still ready";
    }
}
