package io.vaxline.booking.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes booking-api's events and commands, keyed as the topic catalogue says. Each send
 * completes when the broker has acknowledged the record (acks=all), so a caller that got an answer
 * knows its command is durable. The emitter completes the send on the Vert.x context it was called
 * from (not on the Kafka producer's thread), so a Hibernate Reactive session open there goes on.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("clinics")
    MutinyEmitter<SpecificRecord> clinics;

    @Inject
    @Channel("services")
    MutinyEmitter<SpecificRecord> services;

    @Inject
    @Channel("clinic-capacity")
    MutinyEmitter<SpecificRecord> capacity;

    @Inject
    @Channel("booking-commands")
    MutinyEmitter<SpecificRecord> bookingCommands;

    @Inject
    @Channel("people")
    MutinyEmitter<SpecificRecord> people;

    /** One-time codes: a topic of their own, so that no campaign queues in front of them. */
    @Inject
    @Channel("one-time-codes")
    MutinyEmitter<SpecificRecord> oneTimeCodes;

    @Inject
    @Channel("vaccinations")
    MutinyEmitter<SpecificRecord> vaccinations;

    /** Outreach invitations and reports: notification-requests again, on a channel of its own with a short linger,
     * buffering four of a wave's batches of 1,000. */
    @Inject
    @Channel("outreach-requests")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4000)
    MutinyEmitter<SpecificRecord> outreachRequests;

    @Inject
    @Channel("outreach")
    MutinyEmitter<SpecificRecord> outreach;

    @Inject
    @Channel("admin-audit")
    MutinyEmitter<SpecificRecord> adminAudit;

    public Uni<Void> adminAction(String administrator, SpecificRecord event) {
        return send(adminAudit, administrator, event);
    }

    public Uni<Void> clinic(String clinicId, SpecificRecord event) {
        return send(clinics, clinicId, event);
    }

    public Uni<Void> service(String service, SpecificRecord event) {
        return send(services, service, event);
    }

    public Uni<Void> capacity(String clinicId, SpecificRecord event) {
        return send(capacity, clinicId, event);
    }

    public Uni<Void> bookingCommand(String personId, SpecificRecord command) {
        return send(bookingCommands, personId, command);
    }

    public Uni<Void> person(String personId, SpecificRecord event) {
        return send(people, personId, event);
    }

    public Uni<Void> oneTimeCode(String phone, SpecificRecord request) {
        return send(oneTimeCodes, phone, request);
    }

    public Uni<Void> vaccination(String personId, SpecificRecord event) {
        return send(vaccinations, personId, event);
    }

    /** An outreach invitation (keyed by patient) or report (keyed by campaign) for the notifier. */
    public Uni<Void> outreachRequest(String recipient, SpecificRecord request) {
        return send(outreachRequests, recipient, request);
    }

    /** A clinic's next-day roster for the notifier to e-mail, keyed by clinic: notification-requests, as outreach. */
    public Uni<Void> clinicRoster(String clinicId, SpecificRecord request) {
        return send(outreachRequests, clinicId, request);
    }

    /** What a person did with an invitation, keyed by the invitation. */
    public Uni<Void> outreach(String invitationId, SpecificRecord event) {
        return send(outreach, invitationId, event);
    }

    private static Uni<Void> send(MutinyEmitter<SpecificRecord> emitter, String key, SpecificRecord value) {
        return emitter.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
