package io.vaxline.web.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecord;

import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.RescheduleAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.SlotSeats;
import io.vaxline.events.StockAdjusted;
import io.vaxline.events.VaccinationAdministered;

/**
 * The dashboard's read model: aggregates of the topics, kept in memory and rebuilt from the log at
 * every start. Records may arrive in any order across topics (one consumer reads them all), so
 * every figure is computed so that order does not matter.
 *
 * <p>Person ids are held only for the joins (age and priority group of a vaccinated person), in maps
 * bounded by {@link Limits}; nothing but counts leaves this class. When a bound is reached the oldest
 * entry is forgotten: a person forgotten and vaccinated again is counted again, and so is a missed
 * appointment forgotten and marked missed again (the ledger marks each once).
 */
public final class DashboardModel {

    public static final List<String> AGE_BANDS = List.of("0-17", "18-39", "40-59", "60-79", "80+", "unknown");
    public static final List<String> PRIORITY_GROUPS = List.of("priority", "not-priority", "unknown");
    static final String UNKNOWN = "unknown";
    static final int DAYS_BACK = 14;
    static final int DAYS_AHEAD = 7;

    /** How many entries each join map keeps before it forgets the oldest. */
    public record Limits(int people, int appointments, int eventIds) {
        public static final Limits DEFAULT = new Limits(200_000, 200_000, 100_000);
    }

    private record Person(Integer age, Boolean priority) {
    }

    private static final class Appointment {
        String clinicId;
        String service;
        /** When the appointment came to its current clinic: from then on the clinic's stock holds a dose for it. */
        Instant atClinicSince;
        /** The stock (clinicId|service) this appointment is counted as committed against, if any. */
        String committedTo;
        /** Given its dose, or marked missed: its dose no longer counts as committed (until it moves). */
        boolean settled;
    }

    private record Seats(Instant start, int free) {
    }

    /**
     * A clinic's stock of a service as the clinic ledger counts it: doses reported without a lot, and per lot the
     * doses reported and the expiry; doses given are kept apart ({@code given}) and taken off when the figure is
     * read, so the figure is the same whatever order the topics' records arrive in.
     */
    private static final class StockLevel {
        Instant trackedSince;
        long withoutLot;
        final Map<String, Lot> lots = new TreeMap<>();
        long committed;
    }

    private static final class Lot {
        long reported;
        LocalDate expiresOn;
    }

    private final ZoneId zone;
    private final Map<String, String> clinicNames = new HashMap<>();
    private final Map<LocalDate, Long> bookingsByDay = new TreeMap<>();
    private final Map<LocalDate, Long> dosesByDay = new TreeMap<>();
    private final Map<String, Person> people;
    /** Vaccinated people and the age band and priority group they are counted under. */
    private final Map<String, String[]> vaccinated;
    private final Map<String, Long> byAge = new HashMap<>();
    private final Map<String, Long> byPriority = new HashMap<>();
    private final Map<String, Appointment> appointments;
    /** appointmentId → clinicId of every appointment the clinic ledger marked missed (AppointmentMissed). */
    private final Map<String, String> missed;
    private final Map<String, Map<LocalDate, List<Seats>>> seats = new HashMap<>();
    private final Map<String, StockLevel> stock = new TreeMap<>();
    /** clinicId|lot|service of the appointment ("" when not known) → doses given, counted once per event. */
    private final Map<String, Long> givenFromLots = new HashMap<>();
    private final Map<String, ZoneId> clinicZones = new HashMap<>();
    private final Map<String, long[]> channels = new TreeMap<>();
    private long certificatesIssued;
    private long certificatesRevoked;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final Set<String> seenEvents;
    private long version;

    public DashboardModel(ZoneId zone, Limits limits) {
        this.zone = zone;
        people = bounded(limits.people());
        vaccinated = bounded(limits.people());
        missed = bounded(limits.appointments());
        appointments = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Appointment> eldest) {
                if (size() > limits.appointments()) {
                    uncommit(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
        seenEvents = java.util.Collections.newSetFromMap(bounded(limits.eventIds()));
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** Changes with every record that changed something. */
    public synchronized long version() {
        return version;
    }

    /** Applies one decoded record of a catalogue topic; records of types the dashboard does not count are ignored. */
    public synchronized void apply(SpecificRecord record) {
        boolean changed = switch (record) {
            case ClinicRegistered c -> clinic(c.getClinicId(), c.getName(), c.getTimeZone());
            case ClinicUpdated c -> clinic(c.getClinicId(), c.getName(), c.getTimeZone());
            case BookAppointment b -> person(b.getPersonId(), b.getAgeYears(), b.getPriority());
            case RescheduleAppointment r -> person(r.getPersonId(), r.getAgeYears(), r.getPriority());
            case io.vaxline.commands.RegisterWalkIn w -> person(w.getPersonId(), w.getAgeYears(), w.getPriority());
            case AppointmentBooked b -> booked(b);
            case AppointmentRescheduled r -> rescheduled(r);
            case AppointmentCancelled c -> firstTime(c.getEventId()) && cancelled(c.getAppointmentId());
            case AppointmentMissed m -> missed.putIfAbsent(m.getAppointmentId(), m.getClinicId()) == null
                    && settle(m.getAppointmentId());
            case VaccinationAdministered v -> dose(v);
            case SlotAvailability a -> availability(a);
            case StockAdjusted s -> stock(s);
            case NotificationSent s -> firstTime(s.getEventId()) && count(s.getChannel(), 0);
            case NotificationFailed f -> firstTime(f.getEventId()) && !f.getWillRetry() && count(f.getChannel(), 1);
            case CertificateIssued i -> firstTime(i.getEventId()) && ++certificatesIssued > 0;
            case CertificateRevoked r -> firstTime(r.getEventId()) && ++certificatesRevoked > 0;
            default -> false;
        };
        if (changed) {
            version++;
        }
    }

    /** Records waiting on {@code topic}'s dead-letter topic. */
    public synchronized void deadLetters(String topic, long records) {
        Long before = deadLetters.put(topic, records);
        if (before == null || before != records) {
            version++;
        }
    }

    private boolean firstTime(String eventId) {
        return seenEvents.add(eventId);
    }

    private boolean clinic(String clinicId, String name, String timeZone) {
        try {
            clinicZones.put(clinicId, ZoneId.of(timeZone));
        } catch (java.time.DateTimeException e) {
            // The ledger refuses such a clinic; its lots are dated in the dashboard's zone.
        }
        return !name.equals(clinicNames.put(clinicId, name));
    }

    /** A dose given at the appointment, or the appointment missed: its commitment is released, as the ledger does. */
    private boolean settle(String appointmentId) {
        Appointment appointment = appointmentId == null ? null : appointments.get(appointmentId);
        if (appointment != null) {
            appointment.settled = true;
            uncommit(appointment);
        }
        return true;
    }

    private boolean person(String personId, Integer age, boolean priority) {
        Person person = new Person(age != null ? age : people.containsKey(personId) ? people.get(personId).age() : null, priority);
        if (person.equals(people.put(personId, person))) {
            return false;
        }
        String[] counted = vaccinated.get(personId);
        if (counted != null) {
            String[] now = bands(personId);
            move(byAge, counted[0], now[0]);
            move(byPriority, counted[1], now[1]);
            vaccinated.put(personId, now);
        }
        return true;
    }

    private static void move(Map<String, Long> counts, String from, String to) {
        if (!from.equals(to)) {
            counts.merge(from, -1L, Long::sum);
            counts.merge(to, 1L, Long::sum);
        }
    }

    private String[] bands(String personId) {
        Person person = people.get(personId);
        if (person == null) {
            return new String[] {UNKNOWN, UNKNOWN};
        }
        return new String[] {ageBand(person.age()), person.priority() ? "priority" : "not-priority"};
    }

    static String ageBand(Integer age) {
        if (age == null || age < 0) {
            return UNKNOWN;
        }
        return age < 18 ? "0-17" : age < 40 ? "18-39" : age < 60 ? "40-59" : age < 80 ? "60-79" : "80+";
    }

    private boolean booked(AppointmentBooked b) {
        if (!firstTime(b.getEventId())) {
            return false;
        }
        bookingsByDay.merge(day(b.getOccurredAt()), 1L, Long::sum);
        Appointment appointment = new Appointment();
        appointment.clinicId = b.getClinicId();
        appointment.service = b.getService();
        appointment.atClinicSince = b.getOccurredAt();
        appointments.put(b.getAppointmentId(), appointment);
        commit(appointment);
        prune(bookingsByDay);
        return true;
    }

    private boolean rescheduled(AppointmentRescheduled r) {
        if (!firstTime(r.getEventId())) {
            return false;
        }
        Appointment appointment = appointments.get(r.getAppointmentId());
        if (appointment == null) {
            appointment = new Appointment();
            appointment.atClinicSince = r.getOccurredAt();
            appointments.put(r.getAppointmentId(), appointment);
        } else if (!r.getClinicId().equals(appointment.clinicId)) {
            appointment.atClinicSince = r.getOccurredAt();
        }
        appointment.clinicId = r.getClinicId();
        appointment.service = r.getService();
        appointment.settled = false; // moved to a new slot: its dose is promised again
        commit(appointment);
        return true;
    }

    private boolean cancelled(String appointmentId) {
        Appointment appointment = appointments.remove(appointmentId);
        if (appointment == null) {
            return false;
        }
        uncommit(appointment);
        return true;
    }

    /**
     * Counts the appointment against its clinic's stock when the ledger would have: booked (or moved to
     * the clinic) once the clinic's stock of the service was tracked. Kept up as records come, in any
     * order: a first stock report recounts the clinic's appointments ({@link #recount}).
     */
    private void commit(Appointment appointment) {
        String key = appointment.clinicId + "|" + appointment.service;
        StockLevel level = stock.get(key);
        String to = level != null && !appointment.settled && !appointment.atClinicSince.isBefore(level.trackedSince) ? key : null;
        if (java.util.Objects.equals(to, appointment.committedTo)) {
            return;
        }
        uncommit(appointment);
        if (to != null) {
            level.committed++;
            appointment.committedTo = to;
        }
    }

    private void uncommit(Appointment appointment) {
        if (appointment.committedTo != null) {
            StockLevel level = stock.get(appointment.committedTo);
            level.committed = Math.max(0, level.committed - 1);
            appointment.committedTo = null;
        }
    }

    private void recount(String key) {
        for (Appointment appointment : appointments.values()) {
            if (key.equals(appointment.clinicId + "|" + appointment.service) || key.equals(appointment.committedTo)) {
                commit(appointment);
            }
        }
    }

    private boolean dose(VaccinationAdministered v) {
        if (!firstTime(v.getEventId())) {
            return false;
        }
        dosesByDay.merge(day(v.getAdministeredAt()), 1L, Long::sum);
        prune(dosesByDay);
        Appointment at = v.getAppointmentId() == null ? null : appointments.get(v.getAppointmentId());
        givenFromLots.merge(v.getClinicId() + "|" + v.getLot() + "|" + (at == null ? "" : at.service), 1L, Long::sum);
        settle(v.getAppointmentId());
        if (!vaccinated.containsKey(v.getPersonId())) {
            String[] bands = bands(v.getPersonId());
            vaccinated.put(v.getPersonId(), bands);
            byAge.merge(bands[0], 1L, Long::sum);
            byPriority.merge(bands[1], 1L, Long::sum);
        }
        return true;
    }

    private boolean availability(SlotAvailability a) {
        List<Seats> slots = a.getSlots().stream().map((SlotSeats s) -> new Seats(s.getStart(), s.getFreeForAnyone())).toList();
        Map<LocalDate, List<Seats>> days = seats.computeIfAbsent(a.getClinicId(), c -> new TreeMap<>());
        boolean changed = !slots.equals(days.put(a.getDate(), slots));
        days.keySet().removeIf(d -> d.isBefore(LocalDate.now(zone).minusDays(1)));
        return changed;
    }

    private boolean stock(StockAdjusted s) {
        if (!firstTime(s.getEventId())) {
            return false;
        }
        StockLevel level = stock.computeIfAbsent(s.getClinicId() + "|" + s.getService(), k -> new StockLevel());
        if (s.getLot() == null) {
            level.withoutLot = Math.max(0, level.withoutLot + s.getDelta());
        } else {
            Lot lot = level.lots.computeIfAbsent(s.getLot(), l -> new Lot());
            lot.reported += s.getDelta();
            if (s.getExpiresOn() != null) {
                lot.expiresOn = s.getExpiresOn();
            }
        }
        if (level.trackedSince == null || s.getOccurredAt().isBefore(level.trackedSince)) {
            level.trackedSince = s.getOccurredAt();
            recount(s.getClinicId() + "|" + s.getService());
        }
        return true;
    }

    private boolean count(String channel, int outcome) {
        channels.computeIfAbsent(channel, c -> new long[2])[outcome]++;
        return true;
    }

    private LocalDate day(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    private void prune(Map<LocalDate, Long> byDay) {
        LocalDate oldest = LocalDate.now(zone).minusDays(DAYS_BACK * 4L);
        byDay.keySet().removeIf(d -> d.isBefore(oldest));
    }

    /** The figures as of {@code now}: no-shows and the coming days depend on the time. */
    public synchronized Figures snapshot(Instant now) {
        LocalDate today = day(now);
        List<Figures.Bar> bookings = new ArrayList<>();
        List<Figures.Bar> given = new ArrayList<>();
        for (int back = DAYS_BACK - 1; back >= 0; back--) {
            LocalDate d = today.minusDays(back);
            bookings.add(new Figures.Bar("bookings-" + d, d.toString(), d, bookingsByDay.getOrDefault(d, 0L)));
            given.add(new Figures.Bar("doses-" + d, d.toString(), d, dosesByDay.getOrDefault(d, 0L)));
        }
        List<Figures.Bar> age = AGE_BANDS.stream()
                .map(b -> new Figures.Bar("coverage-age-" + b, b, null, byAge.getOrDefault(b, 0L))).toList();
        List<Figures.Bar> priority = PRIORITY_GROUPS.stream()
                .map(g -> new Figures.Bar("coverage-" + g, g, null, byPriority.getOrDefault(g, 0L))).toList();
        return new Figures(today, bookings, given, age, priority, freeSeats(now, today), stockLevels(now),
                noShows(), channelFigures(), certificatesIssued, certificatesRevoked,
                deadLetters.entrySet().stream().map(e -> new Figures.Bar("dlq-" + e.getKey(), e.getKey(), null, e.getValue()))
                        .toList());
    }

    private String name(String clinicId) {
        return clinicNames.getOrDefault(clinicId, clinicId);
    }

    private List<Figures.ClinicSeats> freeSeats(Instant now, LocalDate today) {
        List<Figures.ClinicSeats> clinics = new ArrayList<>();
        for (Map.Entry<String, Map<LocalDate, List<Seats>>> clinic : seats.entrySet()) {
            List<Figures.Bar> days = new ArrayList<>();
            long total = 0;
            boolean any = false;
            for (int ahead = 0; ahead < DAYS_AHEAD; ahead++) {
                LocalDate d = today.plusDays(ahead);
                List<Seats> slots = clinic.getValue().get(d);
                any |= slots != null && !slots.isEmpty();
                long free = slots == null ? 0 : slots.stream().filter(s -> s.start().isAfter(now)).mapToLong(Seats::free).sum();
                days.add(new Figures.Bar("free-seats-" + clinic.getKey() + "-" + d, d.toString(), d, free));
                total += free;
            }
            if (any) {
                clinics.add(new Figures.ClinicSeats(clinic.getKey(), name(clinic.getKey()), days, total));
            }
        }
        clinics.sort(Comparator.comparing(Figures.ClinicSeats::name).thenComparing(Figures.ClinicSeats::clinicId));
        return clinics;
    }

    /**
     * Doses on hand as the clinic ledger counts them on the clinic's {@code today}: those reported without a lot and
     * those of lots still good today (no expiry, or expiring today or later), less the doses given from them. A
     * dose names its lot; one whose lot the clinic never reported comes off the stock without a lot of its
     * appointment's service, as in the ledger.
     */
    private long onHand(String clinicId, String service, StockLevel level, Instant now) {
        LocalDate today = now.atZone(clinicZones.getOrDefault(clinicId, zone)).toLocalDate();
        long withoutLot = level.withoutLot;
        long inLots = 0;
        Map<String, Long> givenByLot = new HashMap<>();
        for (Map.Entry<String, Long> given : givenFromLots.entrySet()) {
            String[] parts = given.getKey().split("\\|", -1);
            if (!parts[0].equals(clinicId)) {
                continue;
            }
            boolean knownLot = stock.entrySet().stream().anyMatch(e -> e.getKey().startsWith(clinicId + "|")
                    && e.getValue().lots.containsKey(parts[1]));
            if (level.lots.containsKey(parts[1])) {
                givenByLot.merge(parts[1], given.getValue(), Long::sum);
            } else if (!knownLot && parts[2].equals(service)) {
                withoutLot -= given.getValue();
            }
        }
        for (Map.Entry<String, Lot> lot : level.lots.entrySet()) {
            long left = Math.max(0, lot.getValue().reported - givenByLot.getOrDefault(lot.getKey(), 0L));
            if (lot.getValue().expiresOn == null || !lot.getValue().expiresOn.isBefore(today)) {
                inLots += left;
            }
        }
        return Math.max(0, withoutLot) + inLots;
    }

    private List<Figures.Stock> stockLevels(Instant today) {
        List<Figures.Stock> levels = new ArrayList<>();
        stock.forEach((key, level) -> {
            String clinicId = key.substring(0, key.indexOf('|'));
            String service = key.substring(key.indexOf('|') + 1);
            levels.add(new Figures.Stock("stock-" + clinicId + "-" + service, name(clinicId), service,
                    onHand(clinicId, service, level, today), level.committed));
        });
        levels.sort(Comparator.comparing(Figures.Stock::clinicName).thenComparing(Figures.Stock::key));
        return levels;
    }

    /** No-shows per clinic: appointments the clinic ledger marked missed (by staff, or after the session), each once. */
    private List<Figures.Bar> noShows() {
        Map<String, Long> byClinic = new TreeMap<>();
        missed.values().forEach(clinicId -> byClinic.merge(clinicId, 1L, Long::sum));
        return byClinic.entrySet().stream()
                .map(e -> new Figures.Bar("no-shows-" + e.getKey(), name(e.getKey()), null, e.getValue()))
                .sorted(Comparator.comparing(Figures.Bar::label)).toList();
    }

    private List<Figures.Channel> channelFigures() {
        Map<String, long[]> all = new TreeMap<>(channels);
        all.putIfAbsent("sms", new long[2]);
        all.putIfAbsent("email", new long[2]);
        return all.entrySet().stream().map(e -> new Figures.Channel(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
