package io.vaxline.booking.people;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

/**
 * Who may book, and who belongs to a priority group (and so may take the seats clinics reserve):
 * by age, by listed medical conditions, and by occupations administrators mark as priority.
 * <p>
 * The marked occupations (a short list) are held in memory and read again from PostgreSQL at most
 * every {@link #OCCUPATIONS_FRESH}: a change made through this instance is seen by its next booking,
 * one made through another instance within that time. A booking decided on the list as it was a few
 * seconds before a change is one that could as well have come a few seconds earlier; the priority
 * flag only lets a person take a seat kept for priority groups, never a seat that does not exist.
 */
@ApplicationScoped
public class Eligibility {

    /** How long the marked occupations read from PostgreSQL are used before they are read again. */
    public static final Duration OCCUPATIONS_FRESH = Duration.ofSeconds(10);

    private record Occupations(Set<String> codes, long readAt, long generation) {
    }

    private volatile Occupations occupations;
    private volatile long generation;

    @Inject
    PeopleSettings settings;

    /** Age in whole years on {@code day}: from the birth date when known, else from the birth year (the younger reading). */
    public static int ageOn(Person person, LocalDate day) {
        if (person.birthDate != null) {
            return java.time.Period.between(person.birthDate, day).getYears();
        }
        return day.getYear() - person.birthYear - 1;
    }

    public boolean eligible(Person person, LocalDate day) {
        return ageOn(person, day) >= settings.eligibility().minAge();
    }

    /** The first day on or after {@code today} that the person may book, or null when that is today. */
    public LocalDate eligibleFrom(Person person, LocalDate today) {
        if (eligible(person, today)) {
            return null;
        }
        int minAge = settings.eligibility().minAge();
        // ageOn reads a birth year alone as the younger age, so the year after they turn minAge.
        return person.birthDate != null ? person.birthDate.plusYears(minAge)
                : LocalDate.of(person.birthYear + minAge + 1, 1, 1);
    }

    public int minAge() {
        return settings.eligibility().minAge();
    }

    /** Needs a session (the occupation list) from the caller. */
    public Uni<Boolean> priority(Person person, LocalDate day) {
        if (ageOn(person, day) >= settings.priority().minAge()
                || person.conditionList().stream().anyMatch(settings.priority().conditions()::contains)) {
            return Uni.createFrom().item(true);
        }
        if (person.occupation == null) {
            return Uni.createFrom().item(false);
        }
        return occupations().map(codes -> codes.contains(person.occupation));
    }

    /** Forgets the marked occupations held in memory; called once a change of them is committed. */
    public synchronized void occupationsChanged() {
        generation++;
        occupations = null;
    }

    /** The marked occupations: from memory while fresh, else read (needs a session then). */
    private Uni<Set<String>> occupations() {
        Occupations held = occupations;
        if (held != null && System.nanoTime() - held.readAt() < OCCUPATIONS_FRESH.toNanos()) {
            return Uni.createFrom().item(held.codes());
        }
        long readAt = System.nanoTime();
        long asOf = generation;
        return PriorityOccupation.<PriorityOccupation>listAll().map(all -> {
            Set<String> codes = all.stream().map(o -> o.code).collect(Collectors.toUnmodifiableSet());
            synchronized (this) {
                // A read that started before a change was committed may not hold the old list for another period.
                if (generation == asOf) {
                    occupations = new Occupations(codes, readAt, asOf);
                }
            }
            return codes;
        });
    }
}
