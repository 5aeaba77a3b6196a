package io.vaxline.notifier.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.OtpRequested;
import io.vaxline.notifier.contacts.ClinicDirectory;
import io.vaxline.notifier.contacts.Contact;
import io.vaxline.notifier.contacts.ContactDirectory;
import io.vaxline.notifier.delivery.Audit;
import io.vaxline.notifier.delivery.Dispatcher;
import io.vaxline.notifier.delivery.OutgoingSms;
import io.vaxline.notifier.delivery.Undeliverable;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the notifier texts, and for which event: booking confirmations, changes and cancellations
 * (booking-events), day-before reminders (appointment-reminders), one-time login codes
 * (notification-requests) and certificates ready to download (certificates). Each input is read in
 * order; an event that cannot be delivered goes to its topic's dead-letter topic with the reason and
 * the next one is read.
 */
@ApplicationScoped
public class Notifications {

    @Inject
    RecordDecoder decoder;

    @Inject
    ContactDirectory contacts;

    @Inject
    ClinicDirectory clinics;

    @Inject
    Messages messages;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Audit audit;

    @ConfigProperty(name = "vaxline.notifier.contact-patience", defaultValue = "PT10S")
    Duration contactPatience;

    /** Where people download certificates: the certificate id and ".pdf" are appended. */
    @ConfigProperty(name = "vaxline.notifier.certificate-url", defaultValue = "http://127.0.0.1:8083/certificates/")
    String certificateUrl;

    @Incoming("booking-events")
    public Uni<Void> onBookingEvent(ConsumerRecord<String, byte[]> record) {
        return switch (decode(Topics.BOOKING_EVENTS, record)) {
            case AppointmentBooked e -> toPerson(e.getEventId(), "booking-confirmation", e.getPersonId(),
                    appointment(e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()));
            case AppointmentRescheduled e -> toPerson(e.getEventId(), "booking-rescheduled", e.getPersonId(),
                    appointment(e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()));
            case AppointmentCancelled e -> toPerson(e.getEventId(), "booking-cancelled", e.getPersonId(),
                    appointment(e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()));
            default -> Uni.createFrom().voidItem(); // a rejection was answered over HTTP
        };
    }

    @Incoming("appointment-reminders")
    public Uni<Void> onReminder(ConsumerRecord<String, byte[]> record) {
        if (!(decode(Topics.APPOINTMENT_REMINDERS, record) instanceof AppointmentReminderDue e)) {
            return Uni.createFrom().voidItem();
        }
        if (!e.getSlotStart().isAfter(Instant.now())) {
            return Uni.createFrom().voidItem(); // read too late to be of use (the notifier was down past the appointment)
        }
        return toPerson(e.getEventId(), "appointment-reminder", e.getPersonId(),
                appointment(e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()));
    }

    @Incoming("certificates")
    public Uni<Void> onCertificate(ConsumerRecord<String, byte[]> record) {
        if (!(decode(Topics.CERTIFICATES, record) instanceof CertificateIssued e)) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> data = new HashMap<>();
        data.put("dose", e.getDoseNumber());
        data.put("link", certificateUrl + e.getCertificateId() + ".pdf");
        return toPerson(e.getEventId(), e.getReplacesCertificateId() == null ? "certificate-ready" : "certificate-corrected",
                e.getPersonId(), data);
    }

    @Incoming("notification-requests")
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        if (!(decode(Topics.NOTIFICATION_REQUESTS, record) instanceof OtpRequested otp)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        if (otp.getExpiresAt().isBefore(now)) {
            return Uni.createFrom().voidItem(); // an expired code is not worth a text
        }
        Map<String, Object> data = Map.of("code", otp.getCode(),
                "minutes", Math.max(1, (Duration.between(now, otp.getExpiresAt()).toSeconds() + 59) / 60));
        return dispatcher.deliver(new OutgoingSms(otp.getEventId(), "one-time-code", null, otp.getPhone(),
                messages.render("one-time-code", otp.getLanguage(), data)));
    }

    private SpecificRecord decode(TopicSpec topic, ConsumerRecord<String, byte[]> record) {
        return decoder.decode(topic, record.headers(), record.value());
    }

    private Map<String, Object> appointment(String service, String clinicId, Instant slotStart, String zone, String code) {
        Map<String, Object> data = new HashMap<>();
        data.put("service", service);
        data.put("clinicId", clinicId);
        data.put("slotStart", slotStart);
        data.put("zone", zone);
        data.put("code", code == null ? "" : code);
        return data;
    }

    private Uni<Void> toPerson(String sourceEventId, String kind, String personId, Map<String, Object> data) {
        return contacts.await(personId, contactPatience).chain(found -> {
            if (found.isEmpty()) {
                String reason = "unknown person " + personId + ": no contact details on the people topic";
                return audit.failed(new OutgoingSms(sourceEventId, kind, personId, null, null), Dispatcher.SMS, 0, reason, false)
                        .chain(() -> Uni.createFrom().failure(new Undeliverable(reason)));
            }
            Contact contact = found.get();
            data.put("name", contact.name() == null ? "" : contact.name());
            if (data.get("slotStart") instanceof Instant at) {
                data.put("when", messages.when(at, (String) data.get("zone"), contact.language()));
            }
            Uni<String> clinic = data.get("clinicId") instanceof String clinicId
                    ? clinics.describe(clinicId, contactPatience) : Uni.createFrom().item("");
            return clinic.chain(clinicName -> {
                data.put("clinic", clinicName);
                String text = messages.render(kind, contact.language(), data);
                return dispatcher.deliver(new OutgoingSms(sourceEventId, kind, personId, contact.phone(), text));
            });
        });
    }
}
