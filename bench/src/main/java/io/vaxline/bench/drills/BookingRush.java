package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.check;
import static io.vaxline.bench.drills.DrillContext.parallel;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.Topics;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * People logged in and clinics opened for a drill, and a rush of bookings among them whose outcome
 * is checked against booking-events: no slot over capacity, nobody booked twice, no confirmation lost.
 */
final class BookingRush {

    private static final ZoneId ZONE = ZoneId.of(Clinics.ZONE);

    /** Each person is {token, personId, client address}. */
    private final List<String[]> people;
    private final List<String> clinics;
    private final LocalDate day;
    private final int seats;
    private final int slots;

    private BookingRush(List<String[]> people, List<String> clinics, LocalDate day, int seats, int slots) {
        this.people = people;
        this.clinics = clinics;
        this.day = day;
        this.seats = seats;
        this.slots = slots;
    }

    static BookingRush prepare(DrillContext context, int people, int clinicCount, int slots, int seats) throws Exception {
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        List<String> clinics = new ArrayList<>();
        for (int i = 0; i < clinicCount; i++) {
            clinics.add(Clinics.open(context.api, context.admin, day, slots, seats));
        }
        List<String[]> crowd = Collections.synchronizedList(new ArrayList<>());
        parallel(people, 16, i -> {
            String address = Api.newAddress();
            String token = context.api.login(Api.newPhone(), address);
            crowd.add(new String[] { token, context.api.addPerson(token, "Drill Person", 1970), address });
        });
        return new BookingRush(crowd, clinics, day, seats, slots);
    }

    List<String[]> people() {
        return people;
    }

    List<String> clinics() {
        return clinics;
    }

    LocalDate day() {
        return day;
    }

    /** Everyone books once at a random slot, from 32 threads, while {@code chaos} runs beside them. */
    String run(DrillContext context, Runnable chaos) throws Exception {
        return run(context, chaos, false);
    }

    /**
     * The same; with {@code refusalsAllowed}, a request answered 5xx or not at all while a part of the
     * infrastructure is down counts as refused (it made no booking the checks would miss) instead of failing.
     */
    String run(DrillContext context, Runnable chaos, boolean refusalsAllowed) throws Exception {
        Api api = context.api;
        Map<String, String> pending = new ConcurrentHashMap<>();
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger retried = new AtomicInteger();
        long retryUntil = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Thread chaosThread = new Thread(chaos, "drill-chaos");
        chaosThread.start();
        parallel(people.size(), 32, i -> {
            String[] p = people.get(i);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            Api.Reply reply;
            Object booking = Clinics.booking(p[1], clinics.get(r.nextInt(clinics.size())),
                    Clinics.at(day, 9, 0).plus(Duration.ofMinutes(15L * r.nextInt(slots))));
            String key = UUID.randomUUID().toString();
            try {
                reply = api.call("POST", "/appointments", booking, p[0], p[2], key);
                // 503 says "send the same request again later": a client does, with the same key, until the outage is over.
                while (reply.status() == 503 && System.nanoTime() < retryUntil) {
                    retried.incrementAndGet();
                    Thread.sleep(5_000);
                    reply = api.call("POST", "/appointments", booking, p[0], p[2], key);
                }
            } catch (RuntimeException e) {
                statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            statuses.computeIfAbsent(reply.status(), k -> new AtomicInteger()).incrementAndGet();
            if (reply.status() == 201) {
                confirmed.add(reply.text("appointmentId"));
            } else if (reply.status() == 202) {
                pending.put(reply.text("requestId"), p[0] + " " + p[2]);
            }
        });
        chaosThread.join();
        // Every 202 must resolve to an outcome once the system is back.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (Map.Entry<String, String> e : new ArrayList<>(pending.entrySet())) {
                String[] who = e.getValue().split(" ");
                Api.Reply status = api.call("GET", "/appointments/requests/" + e.getKey(), null, who[0], who[1], null);
                if (status.status() == 201 || status.status() == 200 || status.status() == 409) {
                    pending.remove(e.getKey());
                    if (status.body().has("appointmentId") && !"CANCELLED".equals(status.text("status"))) {
                        confirmed.add(status.text("appointmentId"));
                    }
                }
            }
            Thread.sleep(500);
        }
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(String.valueOf(k), v.get()));
        check(statuses.keySet().stream().allMatch(s -> s == 201 || s == 202 || s == 409
                        || refusalsAllowed && (s >= 500 && s != 503 || s == -1)),
                "requests without a proper answer (a 503 still refused after 3 minutes of asking again counts too): " + counts);
        if (!pending.isEmpty()) {
            // Which side lost it: the decision (no outcome on booking-events) or booking-api's reading of it.
            Set<String> decided = new HashSet<>();
            for (ConsumerRecord<String, SpecificRecord> r : context.kafka.readToEnd(Topics.BOOKING_EVENTS)) {
                BookingOutcome.of(r.value()).map(BookingOutcome::requestId).filter(pending::containsKey).ifPresent(decided::add);
            }
            Set<String> commanded = new HashSet<>();
            for (ConsumerRecord<String, SpecificRecord> r : context.kafka.readToEnd(Topics.BOOKING_COMMANDS)) {
                Schema.Field field = r.value().getSchema().getField("requestId");
                if (field != null && pending.containsKey(String.valueOf(r.value().get(field.pos())))) {
                    commanded.add(String.valueOf(r.value().get(field.pos())));
                }
            }
            throw new AssertionError(pending.size() + " requests answered 202 never got an outcome from booking-api; "
                    + commanded.size() + " of them are on " + Topics.BOOKING_COMMANDS.name() + ", " + decided.size()
                    + " have an outcome on " + Topics.BOOKING_EVENTS.name() + " (requests " + pending.keySet() + ")");
        }
        return checkBookings(context, confirmed) + "; HTTP " + counts
                + (retried.get() > 0 ? " after " + retried.get() + " answers 503 asked again with the same Idempotency-Key" : "");
    }

    private String checkBookings(DrillContext context, Set<String> confirmed) {
        Set<String> ours = Set.copyOf(clinics);
        Map<String, Integer> perSlot = new HashMap<>();
        Map<String, String> active = new HashMap<>();
        Map<String, Integer> perPerson = new HashMap<>();
        List<ConsumerRecord<String, SpecificRecord>> events = context.kafka.readToEnd(Topics.BOOKING_EVENTS);
        for (ConsumerRecord<String, SpecificRecord> r : events) {
            if (r.value() instanceof AppointmentBooked b && ours.contains(b.getClinicId())) {
                perSlot.merge(b.getClinicId() + "@" + b.getSlotStart(), 1, Integer::sum);
                active.put(b.getAppointmentId(), b.getPersonId());
                perPerson.merge(b.getPersonId(), 1, Integer::sum);
            } else if (r.value() instanceof AppointmentCancelled c && ours.contains(c.getClinicId())) {
                perSlot.merge(c.getClinicId() + "@" + c.getSlotStart(), -1, Integer::sum);
                active.remove(c.getAppointmentId());
                perPerson.merge(c.getPersonId(), -1, Integer::sum);
            } else if (r.value() instanceof AppointmentRescheduled) {
                throw new AssertionError("no reschedules are made in this drill");
            }
        }
        long over = perSlot.values().stream().filter(n -> n > seats).count();
        long doubled = perPerson.values().stream().filter(n -> n > 1).count();
        long lost = confirmed.stream().filter(id -> !active.containsKey(id)).count();
        check(over == 0, over + " slots over capacity");
        check(doubled == 0, doubled + " people with two appointments");
        check(lost == 0, lost + " confirmed bookings missing from booking-events");
        return String.format("%d booked of %d seats, no slot over capacity, nobody booked twice, all %d confirmations in "
                + "booking-events", active.size(), clinics.size() * slots * seats, confirmed.size());
    }
}
