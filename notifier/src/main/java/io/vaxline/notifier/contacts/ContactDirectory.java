package io.vaxline.notifier.contacts;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.events.ContactChanged;
import io.vaxline.events.PersonRegistered;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Phone numbers and languages by person, read from the start of the people topic by every notifier
 * instance. A booking event can overtake the person's registration in this reader (they are on
 * different topics), so lookups wait a little for a person not seen yet.
 */
@ApplicationScoped
public class ContactDirectory {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();

    @Inject
    RecordDecoder decoder;

    @Incoming("people")
    public void onPerson(ConsumerRecord<String, byte[]> record) {
        switch (decoder.decode(Topics.PEOPLE, record.headers(), record.value())) {
            case PersonRegistered p -> contacts.put(p.getPersonId(),
                    new Contact(p.getPersonId(), p.getName(), p.getPhone(), p.getLanguage()));
            case ContactChanged c -> contacts.compute(c.getPersonId(), (id, known) ->
                    new Contact(id, known == null ? null : known.name(), c.getPhone(), c.getLanguage()));
            default -> {
            }
        }
    }

    private static final class NotReadYet extends RuntimeException {
        NotReadYet() {
            super(null, null, false, false);
        }
    }

    public Optional<Contact> find(String personId) {
        return Optional.ofNullable(contacts.get(personId));
    }

    /** The contact, waiting up to {@code patience} for it to be read; empty if it never comes. */
    public Uni<Optional<Contact>> await(String personId, Duration patience) {
        return Uni.createFrom().item(() -> find(personId))
                .onItem().transformToUni(found -> found.isPresent() ? Uni.createFrom().item(found)
                        : Uni.createFrom().<Optional<Contact>>failure(new NotReadYet()))
                .onFailure(NotReadYet.class).retry()
                .withBackOff(POLL, POLL).atMost(Math.max(1, patience.toMillis() / POLL.toMillis()))
                .onFailure(NotReadYet.class).recoverWithItem(Optional.empty());
    }
}
