package io.vaxline.notifier.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.NotificationSent;
import io.vaxline.notifier.channel.SmsChannel;
import io.vaxline.notifier.contacts.Contact;
import io.vaxline.notifier.contacts.ContactDirectory;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Texts each person the confirmation of a booking, in the clinic's local time. */
@ApplicationScoped
public class BookingNotifications {

    @Inject
    ContactDirectory contacts;

    @Inject
    Instance<SmsChannel> sms;

    @Inject
    Engine templates;

    @Inject
    RecordDecoder decoder;

    @Inject
    @Channel("notifications")
    MutinyEmitter<SpecificRecord> audit;

    @ConfigProperty(name = "vaxline.notifier.contact-patience", defaultValue = "PT10S")
    Duration contactPatience;

    @Incoming("booking-events")
    public Uni<Void> onBookingEvent(ConsumerRecord<String, byte[]> record) {
        if (!(decoder.decode(Topics.BOOKING_EVENTS, record.headers(), record.value()) instanceof AppointmentBooked booked)) {
            return Uni.createFrom().voidItem();
        }
        return contacts.await(booked.getPersonId(), contactPatience).chain(found -> {
            Contact contact = found.orElseThrow(() -> new IllegalArgumentException(
                    "unknown person " + booked.getPersonId() + ": no contact details on the people topic"));
            String text = confirmation(booked, contact);
            return sms.get().send(contact.phone(), text)
                    .chain(messageId -> audit.sendMessage(Message.<SpecificRecord>of(NotificationSent.newBuilder()
                                    .setEventId(UUID.randomUUID().toString())
                                    .setOccurredAt(Instant.now())
                                    .setSourceEventId(booked.getEventId())
                                    .setChannel("sms")
                                    .setKind("booking-confirmation")
                                    .setPersonId(booked.getPersonId())
                                    .setProviderMessageId(messageId)
                                    .setAttempt(1)
                                    .build())
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(booked.getEventId()).build())));
        });
    }

    private String confirmation(AppointmentBooked booked, Contact contact) {
        ZoneId zone = ZoneId.of(booked.getClinicTimeZone());
        Locale locale = Locale.forLanguageTag(contact.language());
        Template template = templates.getTemplate("sms/en/booking-confirmation");
        return template
                .data("name", contact.name())
                .data("service", booked.getService())
                .data("clinic", booked.getClinicId())
                .data("when", DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", locale).format(booked.getSlotStart().atZone(zone)))
                .data("zone", zone.getId())
                .data("code", booked.getConfirmationCode())
                .render().trim();
    }
}
