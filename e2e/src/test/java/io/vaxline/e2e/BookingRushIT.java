package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.vaxline.devstack.client.Api;
import io.vaxline.devstack.client.Clinics;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.SlotAvailability;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

/** Many people at once, through the real API and all four services: no seat is sold twice. */
class BookingRushIT {

    @Test
    void twoHundredPeopleRaceForTenSeatsAndExactlyTenGetOne() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        LocalDate day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(6);
        String clinicId = Clinics.open(api, api.adminToken(), day, 4, 10);
        Instant nine = Clinics.at(day, 9, 0);

        record Person(String token, String personId, String address) {
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Person>> loggingIn = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                loggingIn.add(pool.submit(() -> {
                    String address = Api.newAddress();
                    String token = api.login(Api.newPhone(), address);
                    return new Person(token, api.addPerson(token, "Rusher " + n, 1980), address);
                }));
            }
            List<Person> people = new ArrayList<>();
            for (Future<Person> person : loggingIn) {
                people.add(person.get());
            }

            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Reply>> booking = new ArrayList<>();
            for (Person person : people) {
                booking.add(pool.submit(() -> {
                    start.await();
                    return api.post("/appointments", Clinics.booking(person.personId(), clinicId, nine), person.token(),
                            person.address());
                }));
            }
            start.countDown();
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> reply : booking) {
                replies.add(reply.get());
            }

            Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Api.Reply::status, Collectors.counting()));
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(201, 10L, 409, 190L));
            assertThat(replies).filteredOn(r -> r.status() == 409).allSatisfy(r -> assertThat(r.text("reason")).isEqualTo("SLOT_FULL"));
        } finally {
            pool.shutdownNow();
        }
        try (TopicClient kafka = new TopicClient(stack.infrastructure().endpoints())) {
            long confirmed = kafka.readUntil(Topics.BOOKING_EVENTS, records -> records.stream()
                            .filter(r -> r.value() instanceof AppointmentBooked b && b.getClinicId().equals(clinicId)).count() >= 10,
                    Duration.ofSeconds(30)).stream()
                    .filter(r -> r.value() instanceof AppointmentBooked b && b.getClinicId().equals(clinicId)).count();
            assertThat(confirmed).isEqualTo(10);
            SlotAvailability view = kafka.await(Topics.SLOT_AVAILABILITY, SlotAvailability.class,
                    v -> v.getClinicId().equals(clinicId) && v.getSlots().get(0).getBooked() == 10, Duration.ofSeconds(30));
            assertThat(view.getSlots().get(0).getFreeForAnyone()).isZero();
        }
    }

    @Test
    void onePersonBookingTwiceAtOnceGetsOneAppointment() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        LocalDate day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(7);
        String clinicId = Clinics.open(api, api.adminToken(), day, 4, 5);
        String token = api.login(Api.newPhone(), Api.newAddress());
        String personId = api.addPerson(token, "Eager", 1980);

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Api.Reply> nine = () -> {
                start.await();
                return api.post("/appointments", Clinics.booking(personId, clinicId, Clinics.at(day, 9, 0)), token, Api.newAddress());
            };
            Callable<Api.Reply> nineFifteen = () -> {
                start.await();
                return api.post("/appointments", Clinics.booking(personId, clinicId, Clinics.at(day, 9, 15)), token, Api.newAddress());
            };
            Future<Api.Reply> first = pool.submit(nine);
            Future<Api.Reply> second = pool.submit(nineFifteen);
            start.countDown();
            List<Api.Reply> replies = List.of(first.get(), second.get());

            assertThat(replies).extracting(Api.Reply::status).containsExactlyInAnyOrder(201, 409);
            assertThat(replies).filteredOn(r -> r.status() == 409).singleElement()
                    .satisfies(r -> assertThat(r.text("reason")).isEqualTo("ALREADY_BOOKED"));
        } finally {
            pool.shutdownNow();
        }
        Api.Reply mine = Api.require(api.call("GET", "/me/appointments", null, token, Api.newAddress(), null), 200);
        assertThat(mine.body()).hasSize(1);
    }

    @Test
    void reschedulingToAFullSlotKeepsTheOldAppointment() {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        LocalDate day = LocalDate.now(ZoneId.of(Clinics.ZONE)).plusDays(8);
        String clinicId = Clinics.open(api, api.adminToken(), day, 2, 1);
        String mover = api.login(Api.newPhone(), Api.newAddress());
        String moverId = api.addPerson(mover, "Mover", 1980);
        String other = api.login(Api.newPhone(), Api.newAddress());
        String otherId = api.addPerson(other, "Other", 1980);
        String appointmentId = Api.require(api.post("/appointments",
                Clinics.booking(moverId, clinicId, Clinics.at(day, 9, 0)), mover, Api.newAddress()), 201).text("appointmentId");
        Api.require(api.post("/appointments", Clinics.booking(otherId, clinicId, Clinics.at(day, 9, 15)), other,
                Api.newAddress()), 201);

        Api.Reply moved = api.call("PUT", "/appointments/" + appointmentId, "{\"clinicId\": \"" + clinicId
                + "\", \"slotStart\": \"" + Clinics.at(day, 9, 15) + "\"}", mover, Api.newAddress(), null);

        assertThat(moved.status()).isEqualTo(409);
        assertThat(moved.text("reason")).isEqualTo("SLOT_FULL");
        Api.Reply kept = Api.require(api.call("GET", "/appointments/" + appointmentId, null, mover, Api.newAddress(), null), 200);
        assertThat(kept.text("status")).isEqualTo("BOOKED");
        assertThat(kept.text("slotStart")).isEqualTo(Clinics.at(day, 9, 0).toString());
    }
}
