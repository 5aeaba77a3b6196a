package io.vaxline.booking.people;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.NotFoundException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.booking.platform.security.KeyedHashes;
import io.vaxline.events.ContactChanged;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PersonRegistered;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.StateConflict;

/**
 * The people of a household: up to a few per phone number, each booked for on their own.
 * <p>
 * A person is never removed (a restore goes into a new database that booking-api is started on) and
 * changes only when the household corrects their details, which is rare, so every instance keeps the
 * people it has looked up in memory and a booking or a read for them asks PostgreSQL nothing. Only
 * people found are kept: someone added a moment ago, on any instance, is found by the next request.
 * The instance that stores a correction keeps the corrected person at once; the others read the
 * person again at most {@link #PERSON_FRESH} later.
 */
@ApplicationScoped
public class Households {

    /** How long an instance trusts a person it read: a correction made through another instance counts here after it. */
    static final Duration PERSON_FRESH = Duration.ofSeconds(30);

    private final Cache<String, Person> known = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(PERSON_FRESH)
            .build();

    public record NewPerson(String name, int birthYear, LocalDate birthDate, String idNumber, List<String> conditions,
            String occupation, String language, String email) {
    }

    /** The household already has as many people as it may. */
    public static class HouseholdFullException extends StateConflict {
        HouseholdFullException(String message) {
            super("household-full", "The household is full", message);
        }
    }

    @Inject
    KeyedHashes hashes;

    @Inject
    EventPublisher publisher;

    @Inject
    PeopleSettings settings;

    /** Needs a session. The people read are kept for the bookings that usually follow. */
    public Uni<List<Person>> people(String householdId) {
        return Person.<Person>list("householdId = ?1 order by createdAt", householdId)
                .invoke(people -> people.forEach(p -> known.put(p.personId, copy(p))));
    }

    /** A person of the household, or 404: other households' people do not exist for the caller. Needs a session when not known yet. */
    public Uni<Person> member(String householdId, String personId) {
        return person(personId).map(person -> {
            if (person == null || !person.householdId.equals(householdId)) {
                throw new NotFoundException("There is no person " + personId + " in your household");
            }
            return person;
        });
    }

    /**
     * The person, or null; from memory once looked up. The instance handed out is shared and must not
     * be changed. Needs a session when not known yet.
     */
    public Uni<Person> person(String personId) {
        Person cached = known.getIfPresent(personId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Person.<Person>findById(personId).map(found -> {
            if (found == null) {
                return null;
            }
            Person copy = copy(found);
            known.put(personId, copy);
            return copy;
        });
    }

    private static Person copy(Person p) {
        Person c = new Person();
        c.personId = p.personId;
        c.householdId = p.householdId;
        c.name = p.name;
        c.birthYear = p.birthYear;
        c.birthDate = p.birthDate;
        c.idNumberHash = p.idNumberHash;
        c.conditions = p.conditions;
        c.occupation = p.occupation;
        c.language = p.language;
        c.email = p.email;
        c.createdAt = p.createdAt;
        return c;
    }

    /**
     * Adds a person and publishes PersonRegistered before the transaction commits: if publishing
     * fails nothing is saved, and a commit failing after it leaves only an event for a person nobody
     * can book for.
     */
    public Uni<Person> add(String householdId, NewPerson request) {
        // Locking the household row serialises concurrent additions, so the limit holds.
        return Panache.withTransaction(() -> Household.<Household>findById(householdId, LockModeType.PESSIMISTIC_WRITE)
                .chain(household -> Person.count("householdId", householdId).chain(count -> {
                    if (household == null) {
                        throw new NotFoundException("Your household is not known; log in with a one-time code first");
                    }
                    if (count >= settings.household().maxPeople()) {
                        throw new HouseholdFullException("A household has at most " + settings.household().maxPeople() + " people");
                    }
                    Person person = newPerson(householdId, request);
                    return person.<Person>persist()
                            .call(saved -> publisher.person(saved.personId, registered(saved, household.phone)));
                })))
                // Kept once committed: a booking for the new person (the usual next step) need not read it.
                .invoke(saved -> known.put(saved.personId, copy(saved)));
    }

    /**
     * The person who came to a clinic's door, found in the household of their phone by name (ignoring case and
     * spacing) and birth year, or else added to it (the household made if the phone has none yet), as
     * {@link #add} does: PersonRegistered is published before the transaction commits. The same person given
     * twice is found the second time, so staff repeating a walk-in registers nobody twice.
     */
    public Uni<Person> atTheDoor(String phone, NewPerson request) {
        String householdId = hashes.household(phone);
        String name = normalName(request.name());
        return Panache.withTransaction(() -> Household.<Household>findById(householdId, LockModeType.PESSIMISTIC_WRITE)
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(found);
                    }
                    Household created = new Household();
                    created.householdId = householdId;
                    created.phone = phone;
                    created.createdAt = java.time.Instant.now();
                    return created.<Household>persist();
                })
                .chain(household -> Person.<Person>list("householdId", householdId).chain(people -> {
                    Optional<Person> same = people.stream().filter(p -> p.birthYear == request.birthYear()
                            && normalName(p.name).equals(name)).findFirst();
                    if (same.isPresent()) {
                        return Uni.createFrom().item(same.get());
                    }
                    if (people.size() >= settings.household().maxPeople()) {
                        throw new HouseholdFullException("The household of this phone already has "
                                + settings.household().maxPeople() + " people; register the person with another phone");
                    }
                    Person person = newPerson(householdId, request);
                    return person.<Person>persist()
                            .call(saved -> publisher.person(saved.personId, registered(saved, household.phone)));
                })))
                .invoke(saved -> known.put(saved.personId, copy(saved)));
    }

    private static String normalName(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    /** What a correction changes; a null field stays as it is, an empty e-mail address removes it. */
    public record Correction(String name, Integer birthYear, LocalDate birthDate, String email, String language, String reason) {
    }

    /**
     * Corrects a person of the household and publishes, before the transaction commits (under the
     * person's row lock, so the topic has the corrections in the order they were stored),
     * {@code PersonCorrected} with the full corrected details when the name or birth details change,
     * and {@code ContactChanged} when the e-mail address or language does. Nothing changed, nothing
     * published.
     */
    public Uni<Person> correct(String householdId, String personId, Correction correction) {
        return Panache.withTransaction(() -> Person.<Person>findById(personId, LockModeType.PESSIMISTIC_WRITE)
                .chain(person -> {
                    if (person == null || !person.householdId.equals(householdId)) {
                        throw new NotFoundException("There is no person " + personId + " in your household");
                    }
                    Instant now = Instant.now();
                    String name = correction.name() == null ? person.name : correction.name().trim();
                    LocalDate birthDate = correction.birthDate() == null ? person.birthDate : correction.birthDate();
                    int birthYear = correction.birthYear() != null ? correction.birthYear()
                            : correction.birthDate() != null ? correction.birthDate().getYear() : person.birthYear;
                    if (birthDate != null && birthDate.getYear() != birthYear) {
                        throw correction.birthDate() != null
                                ? new InvalidInput("birthYear", "is " + birthYear + " but the birth date " + birthDate + " is in "
                                        + birthDate.getYear() + "; send the same year, or leave birthYear out")
                                : new InvalidInput("birthDate", "the stored birth date " + birthDate + " is in " + birthDate.getYear()
                                        + ", not " + birthYear + "; send the corrected birthDate too");
                    }
                    String email = correction.email() == null ? person.email
                            : correction.email().isBlank() ? null : correction.email().trim();
                    String language = correction.language() == null ? person.language : correction.language();
                    boolean details = !name.equals(person.name) || birthYear != person.birthYear
                            || !Objects.equals(birthDate, person.birthDate);
                    boolean contact = !Objects.equals(email, person.email) || !Objects.equals(language, person.language);
                    if (!details && !contact) {
                        return Uni.createFrom().item(person);
                    }
                    person.name = name;
                    person.birthYear = birthYear;
                    person.birthDate = birthDate;
                    person.email = email;
                    person.language = language;
                    Uni<Void> published = Uni.createFrom().voidItem();
                    if (details) {
                        published = published.call(() -> publisher.person(personId, PersonCorrected.newBuilder()
                                .setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setPersonId(personId)
                                .setName(name).setBirthDate(birthDate).setBirthYear(birthYear)
                                .setReason(correction.reason() == null || correction.reason().isBlank() ? null
                                        : correction.reason().trim())
                                .build()));
                    }
                    if (contact) {
                        published = published.call(() -> Household.<Household>findById(householdId)
                                .chain(household -> publisher.person(personId, ContactChanged.newBuilder()
                                        .setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setPersonId(personId)
                                        .setPhone(household.phone).setEmail(email).setLanguage(language).build())));
                    }
                    return published.replaceWith(person);
                }))
                .invoke(saved -> known.put(saved.personId, copy(saved)));
    }

    private Person newPerson(String householdId, NewPerson request) {
        Person person = new Person();
        person.personId = UUID.randomUUID().toString();
        person.householdId = householdId;
        person.name = request.name().trim();
        person.birthYear = request.birthYear();
        person.birthDate = request.birthDate();
        person.idNumberHash = request.idNumber() == null ? null
                : hashes.of("id-number", request.idNumber().replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT));
        person.conditions = request.conditions() == null ? "" : String.join(",", request.conditions());
        person.occupation = request.occupation();
        person.language = request.language() == null ? "en" : request.language();
        person.email = request.email();
        person.createdAt = Instant.now();
        return person;
    }

    private static PersonRegistered registered(Person person, String phone) {
        return PersonRegistered.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(person.createdAt)
                .setPersonId(person.personId)
                .setPhone(phone)
                .setName(person.name)
                .setBirthDate(person.birthDate)
                .setBirthYear(person.birthYear)
                .setLanguage(person.language)
                .setEmail(person.email)
                .setIdNumberHash(person.idNumberHash)
                .setConditions(person.conditionList())
                .setOccupation(person.occupation)
                .build();
    }
}
