package io.vaxline.notifier.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.events.OutreachReportReady;
import io.vaxline.notifier.NotifierSettings;
import io.vaxline.notifier.OutageWait;
import io.vaxline.notifier.contacts.ClinicDirectory;
import io.vaxline.notifier.contacts.Contact;
import io.vaxline.notifier.contacts.ContactDirectory;
import io.vaxline.notifier.delivery.Dispatcher;
import io.vaxline.notifier.delivery.OutgoingMessage;
import io.vaxline.notifier.delivery.RateLimiter;
import io.vaxline.notifier.delivery.Undeliverable;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the notifier texts, and for which event: booking confirmations, changes and cancellations
 * (booking-events), day-before reminders (appointment-reminders), one-time login codes (one-time-codes,
 * a lane of their own that no campaign queues in front of), outreach invitations (notification-requests,
 * the invitations by SMS and e-mail, and the weekly report to the programme team by e-mail) and
 * certificates ready to download (certificates). Each input is read in order; an event that cannot be
 * delivered goes to its topic's dead-letter topic with the reason and the next one is read. An outage
 * of the registry or the database is not the event's fault: the event is handled again, with
 * back-off, until they are back ({@link OutageWait}).
 */
@ApplicationScoped
public class Notifications {

    static final String OUTREACH = "outreach-invitation";

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
    NotifierSettings settings;

    @Inject
    OutageWait outages;

    /** The appointment a text is about. */
    private record Appointment(String service, String clinicId, Instant slotStart, String timeZone, String code) {
    }

    @Incoming("booking-events")
    public Uni<Void> onBookingEvent(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.BOOKING_EVENTS.name(), () -> bookingEvent(record));
    }

    private Uni<Void> bookingEvent(ConsumerRecord<String, byte[]> record) {
        return switch (decode(Topics.BOOKING_EVENTS, record)) {
            case AppointmentBooked e -> toPerson(e.getEventId(), "booking-confirmation", e.getPersonId(), new Appointment(
                    e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()), Map.of());
            case AppointmentRescheduled e -> toPerson(e.getEventId(), "booking-rescheduled", e.getPersonId(), new Appointment(
                    e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()), Map.of());
            case AppointmentCancelled e -> toPerson(e.getEventId(), "booking-cancelled", e.getPersonId(), new Appointment(
                    e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()), Map.of());
            default -> Uni.createFrom().voidItem(); // a rejection was answered over HTTP
        };
    }

    @Incoming("appointment-reminders")
    public Uni<Void> onReminder(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.APPOINTMENT_REMINDERS.name(), () -> reminder(record));
    }

    private Uni<Void> reminder(ConsumerRecord<String, byte[]> record) {
        if (!(decode(Topics.APPOINTMENT_REMINDERS, record) instanceof AppointmentReminderDue e)) {
            return Uni.createFrom().voidItem();
        }
        if (!e.getSlotStart().isAfter(Instant.now())) {
            return Uni.createFrom().voidItem(); // read too late to be of use (the notifier was down past the appointment)
        }
        return toPerson(e.getEventId(), "appointment-reminder", e.getPersonId(), new Appointment(
                e.getService(), e.getClinicId(), e.getSlotStart(), e.getClinicTimeZone(), e.getConfirmationCode()), Map.of());
    }

    @Incoming("certificates")
    public Uni<Void> onCertificate(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.CERTIFICATES.name(), () -> certificate(record));
    }

    private Uni<Void> certificate(ConsumerRecord<String, byte[]> record) {
        if (!(decode(Topics.CERTIFICATES, record) instanceof CertificateIssued e)) {
            return Uni.createFrom().voidItem();
        }
        return toPerson(e.getEventId(), e.getReplacesCertificateId() == null ? "certificate-ready" : "certificate-corrected",
                e.getPersonId(), null, Map.of("dose", e.getDoseNumber(), "link", settings.certificateUrl() + e.getCertificateId() + ".pdf"));
    }

    @Incoming("one-time-codes")
    public Uni<Void> onCode(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.ONE_TIME_CODES.name(), () -> decode(Topics.ONE_TIME_CODES, record) instanceof OtpRequested otp
                ? oneTimeCode(otp) : Uni.createFrom().voidItem());
    }

    @Incoming("notification-requests")
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        return outages.retry(Topics.NOTIFICATION_REQUESTS.name(), () -> request(record));
    }

    private Uni<Void> request(ConsumerRecord<String, byte[]> record) {
        return switch (decode(Topics.NOTIFICATION_REQUESTS, record)) {
            case OutreachInvitationIssued invitation -> outreach(invitation);
            case OutreachReportReady report -> report(report);
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * An outreach invitation goes by SMS and by e-mail, to whichever the patient list has. Both are
     * tried; if either cannot be delivered the event is parked with the reasons (the other is not sent
     * again when it is replayed: each channel has its own idempotency key).
     */
    private Uni<Void> outreach(OutreachInvitationIssued e) {
        Map<String, Object> data = new HashMap<>();
        data.put("name", e.getGivenName() == null ? "" : e.getGivenName());
        data.put("campaign", e.getCampaignName());
        data.put("message", e.getMessage());
        data.put("link", e.getLink());
        List<Uni<String>> deliveries = new ArrayList<>();
        if (e.getPhone() != null) {
            deliveries.add(failureReason(dispatcher.deliver(OutgoingMessage.sms(e.getEventId(), OUTREACH, null, e.getPhone(),
                    messages.render(OUTREACH, e.getLanguage(), data)))));
        }
        if (e.getEmail() != null) {
            deliveries.add(failureReason(dispatcher.deliver(OutgoingMessage.email(e.getEventId(), OUTREACH, null, e.getEmail(),
                    e.getCampaignName(), messages.renderEmail(OUTREACH, e.getLanguage(), data)))));
        }
        if (deliveries.isEmpty()) {
            return Uni.createFrom().failure(new Undeliverable("invitation " + e.getInvitationId() + " has neither phone nor e-mail"));
        }
        return parkIfAnyFailed(deliveries);
    }

    /** The weekly report is announced by e-mail to each member of the programme team. */
    private Uni<Void> report(OutreachReportReady e) {
        Map<String, Object> data = Map.of("campaign", e.getCampaignName(), "invited", e.getInvited(),
                "acknowledged", e.getAcknowledged(), "notResponded", e.getNotResponded(), "link", e.getDownloadUrl());
        String text = messages.renderEmail("outreach-report", "en", data);
        List<Uni<String>> deliveries = new ArrayList<>();
        for (int i = 0; i < e.getRecipients().size(); i++) {
            deliveries.add(failureReason(dispatcher.deliver(OutgoingMessage.email(e.getEventId() + "/" + i, "outreach-report", null,
                    e.getRecipients().get(i), "Not responded: " + e.getCampaignName(), text))));
        }
        return parkIfAnyFailed(deliveries);
    }

    private static Uni<String> failureReason(Uni<Void> delivery) {
        return delivery.replaceWith((String) null).onFailure(Undeliverable.class).recoverWithItem(Throwable::getMessage);
    }

    private static Uni<Void> parkIfAnyFailed(List<Uni<String>> deliveries) {
        return Uni.join().all(deliveries).andFailFast().chain(reasons -> {
            List<String> failed = reasons.stream().filter(java.util.Objects::nonNull).toList();
            return failed.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(new Undeliverable(String.join("; ", failed)));
        });
    }

    private Uni<Void> oneTimeCode(OtpRequested otp) {
        Instant now = Instant.now();
        if (otp.getExpiresAt().isBefore(now)) {
            return Uni.createFrom().voidItem(); // an expired code is not worth a text
        }
        Map<String, Object> data = Map.of("code", otp.getCode(),
                "minutes", Math.max(1, (Duration.between(now, otp.getExpiresAt()).toSeconds() + 59) / 60));
        return dispatcher.deliver(OutgoingMessage.sms(otp.getEventId(), RateLimiter.ONE_TIME_CODE, null, otp.getPhone(),
                messages.render("one-time-code", otp.getLanguage(), data)));
    }

    private SpecificRecord decode(TopicSpec topic, ConsumerRecord<String, byte[]> record) {
        return decoder.decode(topic, record.headers(), record.value());
    }

    /** Renders the text of {@code kind} for a person, about an appointment (or null) and with {@code extra} fields. */
    private Uni<Void> toPerson(String sourceEventId, String kind, String personId, Appointment appointment,
            Map<String, Object> extra) {
        return contacts.await(personId, settings.contactPatience()).chain(found -> {
            if (found.isEmpty()) {
                return dispatcher.refuse(OutgoingMessage.sms(sourceEventId, kind, personId, null, null),
                        "unknown person " + personId + ": no contact details on the people topic");
            }
            Contact contact = found.get();
            Map<String, Object> data = new HashMap<>(extra);
            data.put("name", contact.name() == null ? "" : contact.name());
            Uni<String> clinic = Uni.createFrom().item("");
            if (appointment != null) {
                data.put("service", appointment.service());
                data.put("when", messages.when(appointment.slotStart(), appointment.timeZone(), contact.language()));
                data.put("code", appointment.code() == null ? "" : appointment.code());
                clinic = clinics.describe(appointment.clinicId(), settings.contactPatience());
            }
            return clinic.chain(clinicName -> {
                data.put("clinic", clinicName);
                String text = messages.render(kind, contact.language(), data);
                return dispatcher.deliver(OutgoingMessage.sms(sourceEventId, kind, personId, contact.phone(), text));
            });
        });
    }
}
