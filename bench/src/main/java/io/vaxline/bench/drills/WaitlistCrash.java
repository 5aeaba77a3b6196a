package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.check;
import static io.vaxline.bench.drills.DrillContext.parallel;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.WaitlistOfferExpired;
import io.vaxline.events.WaitlistOfferMade;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * scheduler-stream killed three times while every appointment of a full day is cancelled and twice as
 * many people wait for that day: each freed seat must be offered exactly once (no offer made twice, none
 * lost), taking the offers must never put a slot over capacity.
 */
final class WaitlistCrash implements Drill {

    private static final int SLOTS = 4;
    private static final int SEATS = 5;

    @Override
    public String name() {
        return "waitlist-crash";
    }

    @Override
    public String title() {
        return "kill -9 scheduler-stream three times during a cancellation storm with a waitlist";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        int seats = SLOTS * SEATS;
        BookingRush rush = BookingRush.prepare(context, seats * 3, 1, SLOTS, SEATS);
        String clinic = rush.clinics().get(0);
        LocalDate day = rush.day();
        Api api = context.api;
        List<String[]> holders = rush.people().subList(0, seats);
        List<String[]> waiting = rush.people().subList(seats, seats * 3);
        Map<String, String[]> byPerson = new HashMap<>();
        rush.people().forEach(p -> byPerson.put(p[1], p));

        List<String> appointments = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(seats, 8, i -> {
            String[] p = holders.get(i);
            Api.Reply reply = api.call("POST", "/appointments", Clinics.booking(p[1], clinic,
                    Clinics.at(day, 9, 0).plus(Duration.ofMinutes(15L * (i % SLOTS)))), p[0], p[2], UUID.randomUUID().toString());
            check(reply.status() == 201, "booking a free seat was answered " + reply.status() + " " + reply.body());
            appointments.add(reply.text("appointmentId") + " " + i);
        });
        for (String[] p : waiting) {
            Api.Reply reply = api.call("POST", "/waitlist", """
                    {"personId": "%s", "clinicId": "%s", "service": "covid-19", "date": "%s"}""".formatted(p[1], clinic, day),
                    p[0], p[2], UUID.randomUUID().toString());
            check(reply.status() == 201, "joining the waitlist was answered " + reply.status() + " " + reply.body());
        }

        Thread chaos = new Thread(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(1500);
                    context.stack.process(Service.SCHEDULER_STREAM).kill();
                    context.stack.startService(Service.SCHEDULER_STREAM);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "drill-chaos");
        chaos.start();
        long retryUntil = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<Integer, Integer> firstAnswers = new ConcurrentHashMap<>();
        // One cancellation every 1.25 s, so the storm spans all three kills and the restarts between them.
        parallel(seats, seats, i -> {
            Thread.sleep(1250L * i);
            String[] held = appointments.get(i).split(" ");
            String[] p = holders.get(Integer.parseInt(held[1]));
            String key = UUID.randomUUID().toString();
            Api.Reply reply = api.call("DELETE", "/appointments/" + held[0], null, p[0], p[2], key);
            firstAnswers.merge(reply.status(), 1, Integer::sum);
            // Sent again with the same key until decided: a 202 or 503 while scheduler-stream restarts is no answer yet.
            while (reply.status() != 200 && System.nanoTime() < retryUntil) {
                Thread.sleep(1000);
                reply = api.call("DELETE", "/appointments/" + held[0], null, p[0], p[2], key);
            }
            check(reply.status() == 200, "cancelling was answered " + reply.status() + " " + reply.body());
        });
        chaos.join();

        // Every offer is taken by the person it is made to, as it comes, until every freed seat is booked again.
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Events events = Events.read(context, clinic);
        while (accepted.size() < seats && System.nanoTime() < deadline) {
            for (WaitlistOfferMade offer : events.offers) {
                if (!accepted.contains(offer.getOfferId())) {
                    String[] p = byPerson.get(offer.getPersonId());
                    Api.Reply reply = api.call("POST", "/waitlist/offers/" + offer.getOfferId() + "/accept",
                            "{\"personId\": \"" + p[1] + "\"}", p[0], p[2], "accept-" + offer.getOfferId());
                    if (reply.status() == 201) {
                        accepted.add(offer.getOfferId());
                    }
                }
            }
            Thread.sleep(500);
            events = Events.read(context, clinic);
        }

        Set<String> offerIds = new java.util.HashSet<>();
        Set<String> offered = new java.util.HashSet<>();
        long twice = events.offers.stream().filter(o -> !offerIds.add(o.getOfferId())).count();
        long personTwice = events.offers.stream().filter(o -> !offered.add(o.getPersonId())).count();
        long over = events.perSlot.values().stream().filter(n -> n > SEATS).count();
        check(twice == 0, twice + " offers made twice");
        check(personTwice == 0, personTwice + " people offered a seat twice");
        check(events.expired == 0, events.expired + " offers lapsed although taken at once");
        check(offerIds.size() == seats, "every one of the " + seats + " freed seats should be offered once; offers: " + offerIds.size());
        check(accepted.size() == seats, "only " + accepted.size() + " of " + seats + " offers could be taken");
        check(over == 0, over + " slots over capacity");
        return String.format("3 kills; %d seats cancelled one every 1.25 s (first answers HTTP %s), each offered once to the "
                + "next of %d waiting and taken; no offer twice, none lapsed, no slot over capacity (%d appointments on %d seats)",
                seats, new java.util.TreeMap<>(firstAnswers), waiting.size(),
                events.perSlot.values().stream().mapToInt(Integer::intValue).sum(), seats);
    }

    /**
     * What booking-events says of the drill's clinic, read committed. An outcome given again to a repeated request
     * (a cancellation sent again after a 202) is the same event, with its id: it is counted once. An offer is never
     * given again, so the same offer twice is a fault.
     */
    private record Events(List<WaitlistOfferMade> offers, Map<String, Integer> perSlot, int expired) {

        static Events read(DrillContext context, String clinic) {
            List<WaitlistOfferMade> offers = new ArrayList<>();
            Map<String, Integer> perSlot = new HashMap<>();
            Set<String> outcomes = new java.util.HashSet<>();
            int expired = 0;
            for (ConsumerRecord<String, SpecificRecord> r : context.kafka.readToEnd(Topics.BOOKING_EVENTS)) {
                if (r.value() instanceof AppointmentBooked b && !outcomes.add(b.getEventId())
                        || r.value() instanceof AppointmentCancelled c && !outcomes.add(c.getEventId())) {
                    continue;
                }
                switch (r.value()) {
                    case WaitlistOfferMade o when o.getClinicId().equals(clinic) -> offers.add(o);
                    case WaitlistOfferExpired e when e.getClinicId().equals(clinic) -> expired++;
                    case AppointmentBooked b when b.getClinicId().equals(clinic) -> perSlot.merge(String.valueOf(b.getSlotStart()), 1, Integer::sum);
                    case AppointmentCancelled c when c.getClinicId().equals(clinic) -> perSlot.merge(String.valueOf(c.getSlotStart()), -1, Integer::sum);
                    default -> {
                    }
                }
            }
            return new Events(offers, perSlot, expired);
        }
    }
}
