package io.vaxline.notifier.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.ClinicRosterReady;
import io.vaxline.events.OtpRequested;
import io.vaxline.schemas.AppointmentLinks;
import io.vaxline.schemas.AppointmentLinks.Purpose;
import io.vaxline.schemas.ConfirmationCodes;
import io.vaxline.schemas.NotifierSeal;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.events.OutreachReportReady;
import io.vaxline.events.VideoConsultationBooked;
import io.vaxline.events.WaitlistOfferMade;
import io.vaxline.notifier.NotifierSettings;
import io.vaxline.notifier.OutageWait;
import io.vaxline.notifier.contacts.ClinicDirectory;
import io.vaxline.notifier.contacts.Contact;
import io.vaxline.notifier.contacts.ContactDirectory;
import io.vaxline.notifier.delivery.Dispatcher;
import io.vaxline.notifier.delivery.OutgoingMessage;
import io.vaxline.notifier.delivery.RateLimiter;
import io.vaxline.notifier.delivery.Undeliverable;
import io.vaxline.schemas.Outages;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the notifier texts, and for which event: booking confirmations, changes and cancellations
 * (booking-events), day-before reminders (appointment-reminders), one-time login codes (one-time-codes,
 * a lane of their own that no campaign queues in front of), outreach invitations (notification-requests,
 * the invitations by SMS and e-mail, and the weekly report to the programme team by e-mail) and
 * certificates ready to download (certificates) and a video consultation's room link (care-appointments, which
 * carries the link no analyst may read, as booking-events may not). Each input is read a poll at a time (a batch), in
 * order; an event that cannot be delivered goes to its topic's dead-letter topic with the reason, and
 * the events beside it go on. An outage of the registry or the database is not the event's fault: what
 * is in hand is tried again, with back-off, until they are back ({@link OutageWait}).
 */
@ApplicationScoped
public class Notifications {

    static final String OUTREACH = "outreach-invitation";
    static final String VIDEO_CONSULTATION = "video-consultation";

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

    @Inject
    NotifierSeal seal;

    /**
     * The appointment's confirmation code: the keyed hash of its id, as booking-api shows it, since the events
     * no longer carry it; an event written before carries the code the person was given, and that one is kept.
     */
    @Inject
    ConfirmationCodes codes;

    /**
     * The appointment a message is about: what the text says about it, and what it carries besides. A confirmation
     * and a reminder carry the signed links that move or cancel it ({@code links}), a confirmation by e-mail the
     * appointment as an .ics file ({@code invite}); a cancellation carries its reason, if it was given one.
     */
    private record Appointment(String appointmentId, String service, String clinicId, Instant slotStart, Instant slotEnd,
            String timeZone, String code, boolean links, boolean invite, String reason) {
    }

    /** What a record asks to be sent (nothing, for an event the notifier does not text). */
    private static final Uni<List<OutgoingMessage>> NOTHING = Uni.createFrom().item(List.of());

    @Inject
    AppointmentLinks links;

    @Incoming("booking-events")
    public Uni<Void> onBookingEvents(KafkaRecordBatch<String, byte[]> batch) {
        return handle(Topics.BOOKING_EVENTS, batch, this::bookingEvent);
    }

    private Uni<List<OutgoingMessage>> bookingEvent(KafkaRecord<String, byte[]> record) {
        return switch (decode(Topics.BOOKING_EVENTS, record)) {
            // A walk-in is at the clinic being vaccinated: no confirmation, no links to move a seat already taken.
            case AppointmentBooked e when e.getWalkIn() -> NOTHING;
            case AppointmentBooked e -> toPerson(e.getEventId(), "booking-confirmation", e.getPersonId(), new Appointment(
                    e.getAppointmentId(), e.getService(), e.getClinicId(), e.getSlotStart(), e.getSlotEnd(), e.getClinicTimeZone(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), true, true, null), Map.of());
            // Moved by the clinic with a reason (staff move): the reason is in the text, as for a staff cancellation.
            case AppointmentRescheduled e -> toPerson(e.getEventId(), "booking-rescheduled", e.getPersonId(), new Appointment(
                    e.getAppointmentId(), e.getService(), e.getClinicId(), e.getSlotStart(), e.getSlotEnd(), e.getClinicTimeZone(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), true, true, e.getReason()), Map.of());
            case AppointmentCancelled e -> toPerson(e.getEventId(), "booking-cancelled", e.getPersonId(), new Appointment(
                    e.getAppointmentId(), e.getService(), e.getClinicId(), e.getSlotStart(), null, e.getClinicTimeZone(),
                    codes.of(e.getAppointmentId(), e.getConfirmationCode()), false, false, e.getReason()), Map.of());
            // No code: the seat is only held, the appointment (and its code) comes with the acceptance's confirmation.
            case WaitlistOfferMade e -> toPerson(e.getEventId(), "waitlist-offer", e.getPersonId(), new Appointment(
                    null, e.getService(), e.getClinicId(), e.getSlotStart(), null, e.getClinicTimeZone(), null, false, false, null),
                    Map.of("link", settings.offerUrl() + e.getOfferId() + "?person=" + e.getPersonId(), "until", DateTimeFormatter.ofPattern("HH:mm")
                            .format(e.getExpiresAt().atZone(ZoneId.of(e.getClinicTimeZone())))));
            default -> NOTHING; // a rejection was answered over HTTP
        };
    }

    @Incoming("appointment-reminders")
    public Uni<Void> onReminders(KafkaRecordBatch<String, byte[]> batch) {
        return handle(Topics.APPOINTMENT_REMINDERS, batch, this::reminder);
    }

    private Uni<List<OutgoingMessage>> reminder(KafkaRecord<String, byte[]> record) {
        if (!(decode(Topics.APPOINTMENT_REMINDERS, record) instanceof AppointmentReminderDue e)) {
            return NOTHING;
        }
        if (!e.getSlotStart().isAfter(Instant.now())) {
            return NOTHING; // read too late to be of use (the notifier was down past the appointment)
        }
        return toPerson(e.getEventId(), "appointment-reminder", e.getPersonId(), new Appointment(e.getAppointmentId(),
                e.getService(), e.getClinicId(), e.getSlotStart(), null, e.getClinicTimeZone(),
                codes.of(e.getAppointmentId(), e.getConfirmationCode()), true, false, null), Map.of());
    }

    @Incoming("certificates")
    public Uni<Void> onCertificates(KafkaRecordBatch<String, byte[]> batch) {
        return handle(Topics.CERTIFICATES, batch, this::certificate);
    }

    private Uni<List<OutgoingMessage>> certificate(KafkaRecord<String, byte[]> record) {
        if (!(decode(Topics.CERTIFICATES, record) instanceof CertificateIssued e)) {
            return NOTHING;
        }
        return toPerson(e.getEventId(), e.getReplacesCertificateId() == null ? "certificate-ready" : "certificate-corrected",
                e.getPersonId(), null, Map.of("dose", e.getDoseNumber(), "link", settings.certificateUrl() + e.getCertificateId() + ".pdf"));
    }

    @Incoming("care-appointments")
    public Uni<Void> onCareAppointments(KafkaRecordBatch<String, byte[]> batch) {
        return handle(Topics.CARE_APPOINTMENTS, batch, this::careAppointment);
    }

    /**
     * A video consultation booked through care: the doctor, the time in the clinic's zone and the room's link, by SMS
     * and by e-mail where the person has an address. The link is the capability to join, so it comes only from the
     * restricted care-appointments topic; the booking's own confirmation (booking-events) comes as for any booking.
     */
    private Uni<List<OutgoingMessage>> careAppointment(KafkaRecord<String, byte[]> record) {
        if (!(decode(Topics.CARE_APPOINTMENTS, record) instanceof VideoConsultationBooked e)) {
            return NOTHING;
        }
        if (!e.getSlotStart().isAfter(Instant.now())) {
            return NOTHING; // read only after the consultation began (the notifier was down that long)
        }
        return toPerson(e.getEventId(), VIDEO_CONSULTATION, e.getPersonId(), new Appointment(e.getAppointmentId(),
                e.getDoctorName(), e.getClinicId(), e.getSlotStart(), null, e.getClinicTimeZone(), null, false, false, null),
                Map.of("doctor", e.getDoctorName(), "link", e.getVideoUrl()));
    }

    @Incoming("one-time-codes")
    public Uni<Void> onCodes(KafkaRecordBatch<String, byte[]> batch) {
        return handle(Topics.ONE_TIME_CODES, batch, record -> decode(Topics.ONE_TIME_CODES, record) instanceof OtpRequested otp
                ? oneTimeCode(otp) : NOTHING);
    }

    @Incoming("notification-requests")
    public Uni<Void> onRequests(KafkaRecordBatch<String, byte[]> batch) {
        return handle(Topics.NOTIFICATION_REQUESTS, batch, this::request);
    }

    private Uni<List<OutgoingMessage>> request(KafkaRecord<String, byte[]> record) {
        return switch (decode(Topics.NOTIFICATION_REQUESTS, record)) {
            case OutreachInvitationIssued invitation -> outreach(invitation);
            case OutreachReportReady report -> report(report);
            case ClinicRosterReady roster -> roster(roster);
            default -> NOTHING;
        };
    }

    /**
     * One poll of a topic: every record is read into the messages it asks for (decoding and the
     * directories' look-ups for all of them at once, each waiting out an outage on its own), the
     * messages of the whole poll are delivered together ({@link Dispatcher#deliverAll}), each record
     * that could not be handled goes to the dead-letter topic with its reason, in order, and only then
     * is the poll acknowledged (its offsets committed). The records beside a bad one go on as usual.
     */
    private Uni<Void> handle(TopicSpec topic, KafkaRecordBatch<String, byte[]> batch,
            Function<KafkaRecord<String, byte[]>, Uni<List<OutgoingMessage>>> plan) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        if (records.isEmpty()) {
            return Uni.createFrom().completionStage(batch::ack);
        }
        List<Uni<Planned>> plans = records.stream().map(record -> outages.retry(topic.name(), () -> plan.apply(record))
                .map(Planned::messages)
                .onFailure(failure -> !Outages.isOutage(failure)).recoverWithItem(Planned::failed)).toList();
        return Uni.join().all(plans).andFailFast().chain(planned -> {
            List<OutgoingMessage> messages = planned.stream().flatMap(p -> p.messages().stream()).toList();
            Uni<List<Throwable>> outcomes = messages.isEmpty() ? Uni.createFrom().item(List.of())
                    : outages.retry(topic.name(), () -> dispatcher.deliverAll(messages));
            return outcomes.map(delivered -> failures(planned, delivered));
        }).chain(failures -> Multi.createFrom().range(0, records.size())
                .filter(i -> failures.get(i) != null)
                .onItem().transformToUniAndConcatenate(i -> Uni.createFrom().completionStage(() -> records.get(i).nack(failures.get(i))))
                .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                // Only a fault of this code gets here (each record's own failures are handled above, outages
                // waited out): the poll is parked with it, as a record was before batching.
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(() -> batch.nack(failure)));
    }

    /** What a record asks to be sent, or why it cannot be handled. */
    private record Planned(List<OutgoingMessage> messages, Throwable failure) {
        static Planned messages(List<OutgoingMessage> messages) {
            return new Planned(messages, null);
        }

        static Planned failed(Throwable failure) {
            return new Planned(List.of(), failure);
        }
    }

    /**
     * Each record's failure, or null: a record is parked when any of its messages could not be
     * delivered, with their reasons (an invitation whose e-mail cannot go is parked though its text
     * went; replayed, the text is not sent again: each channel has its own idempotency key).
     */
    private static List<Throwable> failures(List<Planned> planned, List<Throwable> delivered) {
        List<Throwable> failures = new ArrayList<>();
        int next = 0;
        for (Planned p : planned) {
            List<Throwable> own = delivered.subList(next, next + p.messages().size()).stream().filter(Objects::nonNull).toList();
            next += p.messages().size();
            if (p.failure() != null) {
                failures.add(p.failure());
            } else if (own.isEmpty()) {
                failures.add(null);
            } else if (own.size() == 1 || own.stream().anyMatch(f -> !(f instanceof Undeliverable))) {
                failures.add(own.stream().filter(f -> !(f instanceof Undeliverable)).findFirst().orElse(own.get(0)));
            } else {
                failures.add(new Undeliverable(String.join("; ", own.stream().map(Throwable::getMessage).toList())));
            }
        }
        return failures;
    }

    /**
     * An outreach invitation goes by SMS and by e-mail, to whichever the patient list has. Both are
     * tried; if either cannot be delivered the event is parked with the reasons (the other is not sent
     * again when it is replayed: each channel has its own idempotency key).
     */
    private Uni<List<OutgoingMessage>> outreach(OutreachInvitationIssued e) {
        try {
            return outreach(e, e.getSealedLink() != null ? unsealed(() -> seal.openLink(e.getSealedLink(), e.getInvitationId()))
                    : e.getLink());
        } catch (Undeliverable failure) {
            return Uni.createFrom().failure(failure);
        }
    }

    private Uni<List<OutgoingMessage>> outreach(OutreachInvitationIssued e, String link) {
        Map<String, Object> data = new HashMap<>();
        data.put("name", e.getGivenName() == null ? "" : e.getGivenName());
        data.put("campaign", e.getCampaignName());
        data.put("message", e.getMessage());
        data.put("link", link);
        List<OutgoingMessage> deliveries = new ArrayList<>();
        if (e.getPhone() != null) {
            deliveries.add(OutgoingMessage.sms(e.getEventId(), OUTREACH, null, e.getPhone(), messages.render(OUTREACH, e.getLanguage(), data)));
        }
        if (e.getEmail() != null) {
            deliveries.add(OutgoingMessage.email(e.getEventId(), OUTREACH, null, e.getEmail(),
                    e.getCampaignName(), messages.renderEmail(OUTREACH, e.getLanguage(), data)));
        }
        if (deliveries.isEmpty()) {
            return Uni.createFrom().failure(new Undeliverable("invitation " + e.getInvitationId() + " has neither phone nor e-mail"));
        }
        return Uni.createFrom().item(deliveries);
    }

    /** The weekly report is announced by e-mail to each member of the programme team. */
    private Uni<List<OutgoingMessage>> report(OutreachReportReady e) {
        Map<String, Object> data = Map.of("campaign", e.getCampaignName(), "invited", e.getInvited(),
                "acknowledged", e.getAcknowledged(), "notResponded", e.getNotResponded(), "link", e.getDownloadUrl());
        String text = messages.renderEmail("outreach-report", "en", data);
        List<OutgoingMessage> deliveries = new ArrayList<>();
        for (int i = 0; i < e.getRecipients().size(); i++) {
            deliveries.add(OutgoingMessage.email(e.getEventId() + "/" + i, "outreach-report", null,
                    e.getRecipients().get(i), "Not responded: " + e.getCampaignName(), text));
        }
        return Uni.createFrom().item(deliveries);
    }

    /**
     * A clinic's next-day roster, to each of its addresses with the CSV attached. One e-mail per event id and
     * address, however often booking-api publishes the roster (its event id is derived from clinic and day).
     */
    private Uni<List<OutgoingMessage>> roster(ClinicRosterReady e) {
        String csv;
        try {
            java.nio.ByteBuffer sealed = e.getSealedCsv().duplicate();
            byte[] bytes = new byte[sealed.remaining()];
            sealed.get(bytes);
            csv = unsealed(() -> seal.open(bytes, "roster:" + e.getEventId()));
        } catch (Undeliverable failure) {
            return Uni.createFrom().failure(failure);
        }
        Map<String, Object> data = Map.of("clinic", e.getClinicName(), "day", e.getDay().toString(),
                "appointments", e.getAppointments());
        String rendered = messages.renderEmail("clinic-roster", "en", data);
        int newline = rendered.indexOf('\n');
        String subject = rendered.substring(0, newline).strip();
        String body = rendered.substring(newline + 1).strip();
        OutgoingMessage.Attachment attachment = new OutgoingMessage.Attachment(
                "roster-" + e.getClinicId() + "-" + e.getDay() + ".csv", "text/csv; charset=UTF-8",
                csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<OutgoingMessage> deliveries = new ArrayList<>();
        for (int i = 0; i < e.getRecipients().size(); i++) {
            deliveries.add(OutgoingMessage.email(e.getEventId() + "/" + i, "clinic-roster", null,
                    e.getRecipients().get(i), subject, body, attachment));
        }
        return Uni.createFrom().item(deliveries);
    }

    private Uni<List<OutgoingMessage>> oneTimeCode(OtpRequested otp) {
        Instant now = Instant.now();
        if (otp.getExpiresAt().isBefore(now)) {
            return NOTHING; // an expired code is not worth a text
        }
        String code;
        try {
            code = otp.getSealedCode() != null ? unsealed(() -> seal.openCode(otp.getSealedCode(), otp.getPhone())) : otp.getCode();
        } catch (Undeliverable failure) {
            return Uni.createFrom().failure(failure);
        }
        if (code == null) {
            return Uni.createFrom().failure(new Undeliverable("the one-time code for " + otp.getPhone() + " carries no code"));
        }
        Map<String, Object> data = Map.of("code", code,
                "minutes", Math.max(1, (Duration.between(now, otp.getExpiresAt()).toSeconds() + 59) / 60));
        return Uni.createFrom().item(List.of(OutgoingMessage.sms(otp.getEventId(), RateLimiter.ONE_TIME_CODE, null, otp.getPhone(),
                messages.render("one-time-code", otp.getLanguage(), data))));
    }

    /** A sealed secret that does not open is bad data: the record is parked with the reason. */
    private static String unsealed(java.util.function.Supplier<String> open) {
        try {
            return open.get();
        } catch (NotifierSeal.SealException e) {
            throw new Undeliverable(e.getMessage());
        }
    }

    private SpecificRecord decode(TopicSpec topic, KafkaRecord<String, byte[]> record) {
        return decoder.decode(topic, record.getHeaders(), record.getPayload());
    }

    /**
     * Renders the message of {@code kind} for a person, about an appointment (or null) and with {@code extra}
     * fields: a text to their phone and, about an appointment, an e-mail too when they gave an address (with
     * the .ics of a confirmation).
     */
    private Uni<List<OutgoingMessage>> toPerson(String sourceEventId, String kind, String personId, Appointment appointment,
            Map<String, Object> extra) {
        return contacts.await(personId, settings.contactPatience()).chain(found -> {
            if (found.isEmpty()) {
                return dispatcher.refuse(OutgoingMessage.sms(sourceEventId, kind, personId, null, null),
                        "unknown person " + personId + ": no contact details on the people topic").replaceWith(List.<OutgoingMessage>of());
            }
            Contact contact = found.get();
            Map<String, Object> data = new HashMap<>(extra);
            data.put("name", contact.name() == null ? "" : contact.name());
            Uni<String> clinic = Uni.createFrom().item("");
            if (appointment != null) {
                data.put("service", appointment.service());
                data.put("when", messages.when(appointment.slotStart(), appointment.timeZone(), contact.language()));
                data.put("code", appointment.code() == null ? "" : appointment.code());
                data.put("reason", appointment.reason() == null ? "" : appointment.reason());
                if (appointment.links()) {
                    putLinks(data, appointment);
                }
                clinic = clinics.describe(appointment.clinicId(), settings.contactPatience());
            }
            return clinic.chain(clinicName -> {
                data.put("clinic", clinicName);
                List<OutgoingMessage> out = new ArrayList<>();
                out.add(OutgoingMessage.sms(sourceEventId, kind, personId, contact.phone(), messages.render(kind, contact.language(), data)));
                if (appointment != null && contact.email() != null && !contact.email().isBlank()) {
                    out.add(email(sourceEventId, kind, personId, contact, appointment, clinicName, data));
                }
                return Uni.createFrom().item(out);
            });
        });
    }

    /**
     * The links that move and cancel the appointment, each good for its one purpose until the appointment begins.
     * An appointment id that is not a UUID (none is, since scheduler-stream derives them) gets no links.
     */
    private void putLinks(Map<String, Object> data, Appointment appointment) {
        try {
            String base = settings.appointmentLinkUrl();
            data.put("moveLink", base + links.token(appointment.appointmentId(), Purpose.RESCHEDULE, appointment.slotStart()));
            data.put("cancelLink", base + links.token(appointment.appointmentId(), Purpose.CANCEL, appointment.slotStart()));
        } catch (IllegalArgumentException notAUuid) {
            data.put("moveLink", "");
            data.put("cancelLink", "");
        }
    }

    /** The e-mail beside the text: its first line is the subject; a confirmation carries the appointment as .ics. */
    private OutgoingMessage email(String sourceEventId, String kind, String personId, Contact contact, Appointment appointment,
            String clinicName, Map<String, Object> data) {
        String rendered = messages.renderEmail(kind, contact.language(), data);
        int newline = rendered.indexOf('\n');
        String subject = newline < 0 ? rendered : rendered.substring(0, newline).strip();
        String body = newline < 0 ? "" : rendered.substring(newline + 1).strip();
        OutgoingMessage.Attachment invite = null;
        if (appointment.invite()) {
            Instant end = appointment.slotEnd() != null ? appointment.slotEnd() : appointment.slotStart().plus(Duration.ofMinutes(15));
            invite = new OutgoingMessage.Attachment("appointment.ics", "text/calendar; charset=UTF-8; method=PUBLISH",
                    CalendarInvite.of(appointment.appointmentId(), appointment.slotStart(), end, Instant.now(), subject,
                            clinicName, body));
        }
        return OutgoingMessage.email(sourceEventId, kind, personId, contact.email(), subject, body, invite);
    }
}
