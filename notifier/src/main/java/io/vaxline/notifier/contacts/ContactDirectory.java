package io.vaxline.notifier.contacts;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.events.ContactChanged;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PersonRegistered;
import io.vaxline.notifier.OutageWait;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Phone numbers and languages by person, read from the start of the people topic by every notifier
 * instance. A person is registered on the people topic before anything is booked for them, but a
 * booking event can overtake that registration in this reader (another topic): a person not known yet
 * is looked up again once this reader has caught up ({@link TopicCatchUp}).
 *
 * <p>It holds what the topic holds now: a tombstone (a record without a value, e.g. a person's erasure)
 * removes the person, so the directory is bounded by the people currently registered, one small entry
 * each. A registry outage while reading is waited out, never a dropped record.
 */
@ApplicationScoped
public class ContactDirectory {

    private static final String CHANNEL = "people";

    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();

    @Inject
    RecordDecoder decoder;

    @Inject
    TopicCatchUp catchUp;

    /** What this directory has applied, so a lookup waits for records fetched but not applied yet. */
    private final TopicCatchUp.Applied applied = new TopicCatchUp.Applied();

    @Inject
    OutageWait outages;

    @Incoming(CHANNEL)
    public Uni<Void> onPerson(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.PEOPLE.name(), () -> Uni.createFrom().item(() -> {
            apply(record);
            applied.applied(record.partition(), record.offset());
            return null;
        })).replaceWithVoid();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                contacts.remove(record.key());
            }
            return;
        }
        switch (decoder.decode(Topics.PEOPLE, record.headers(), record.value())) {
            case PersonRegistered p -> contacts.put(p.getPersonId(),
                    new Contact(p.getPersonId(), p.getName(), p.getPhone(), p.getLanguage(), p.getEmail()));
            case ContactChanged c -> contacts.compute(c.getPersonId(), (id, known) ->
                    new Contact(id, known == null ? null : known.name(), c.getPhone(), c.getLanguage(), c.getEmail()));
            case PersonCorrected c -> contacts.computeIfPresent(c.getPersonId(), (id, known) ->
                    new Contact(id, c.getName(), known.phone(), known.language(), known.email()));
            default -> {
            }
        }
    }

    public Optional<Contact> find(String personId) {
        return Optional.ofNullable(contacts.get(personId));
    }

    /**
     * The contact; if it is not known yet, waits (at most {@code patience}) until the people topic has
     * been read up to its current end, then answers from what was read. Empty means nobody registered
     * the person, not that the reader was slow: a reader that has not caught up in time (held up by an
     * outage, or still reading at start-up) fails with {@link TopicCatchUp.NotCaughtUp}, an outage to be
     * waited out.
     */
    public Uni<Optional<Contact>> await(String personId, Duration patience) {
        Optional<Contact> known = find(personId);
        if (known.isPresent()) {
            return Uni.createFrom().item(known);
        }
        return catchUp.awaitEnd(CHANNEL, Topics.PEOPLE.name(), patience, applied).map(ignored -> find(personId));
    }
}
