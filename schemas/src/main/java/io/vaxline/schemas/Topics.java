package io.vaxline.schemas;

import java.util.List;
import java.util.Map;

import io.vaxline.commands.AcceptWaitlistOffer;
import io.vaxline.commands.BookAppointment;
import io.vaxline.commands.CancelAppointment;
import io.vaxline.commands.CheckInAppointment;
import io.vaxline.commands.MarkAppointmentMissed;
import io.vaxline.commands.JoinWaitlist;
import io.vaxline.commands.LeaveWaitlist;
import io.vaxline.commands.RegisterWalkIn;
import io.vaxline.commands.RescheduleAppointment;
import io.vaxline.events.AdminActionPerformed;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentCheckedIn;
import io.vaxline.events.AppointmentMissed;
import io.vaxline.events.AppointmentReminderDue;
import io.vaxline.events.AppointmentRescheduled;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.CapacityPublished;
import io.vaxline.events.CapacityWithdrawn;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.CertificateRevoked;
import io.vaxline.events.ClinicRegistered;
import io.vaxline.events.ClinicRosterReady;
import io.vaxline.events.ClinicUpdated;
import io.vaxline.events.ContactChanged;
import io.vaxline.events.DocumentUploaded;
import io.vaxline.events.InvitationAcknowledged;
import io.vaxline.events.NotificationFailed;
import io.vaxline.events.NotificationSent;
import io.vaxline.events.OtpRequested;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.events.OutreachReportReady;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PaymentFailed;
import io.vaxline.events.PaymentRefunded;
import io.vaxline.events.PaymentSucceeded;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.PrescriptionDispensed;
import io.vaxline.events.PrescriptionIssued;
import io.vaxline.events.ServiceDefined;
import io.vaxline.events.SlotAvailability;
import io.vaxline.events.StockAdjusted;
import io.vaxline.events.VideoConsultationBooked;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.events.WaitlistOfferExpired;
import io.vaxline.events.WaitlistOfferMade;

/**
 * The topic catalogue: every topic Vaxline writes, with its key, value types, partitions and
 * retention. Services, the local stack and the tests all take topic names from here.
 *
 * <p>Topics keyed by clinic ({@link #CLINICS}, {@link #CLINIC_CAPACITY}, {@link #BOOKING_EVENTS})
 * share one partition count so scheduler-stream can join them in one task per partition.
 */
public final class Topics {

    /** Partitions of every topic; clinic-keyed topics must agree so they are co-partitioned. */
    public static final int PARTITIONS = 6;

    private static final String FOREVER = "-1";
    private static final String ONE_HOUR = String.valueOf(3600L * 1000);
    private static final String ONE_DAY = String.valueOf(24L * 3600 * 1000);
    private static final String ONE_WEEK = String.valueOf(7L * 24 * 3600 * 1000);
    private static final String THIRTY_DAYS = String.valueOf(30L * 24 * 3600 * 1000);
    private static final String ONE_YEAR = String.valueOf(366L * 24 * 3600 * 1000);

    public static final TopicSpec CLINICS = new TopicSpec("clinics", PARTITIONS, "clinicId",
            List.of(ClinicRegistered.class, ClinicUpdated.class),
            Map.of("cleanup.policy", "compact"), false);

    /** The programme's services and their dose series, compacted by service. */
    public static final TopicSpec SERVICES = new TopicSpec("services", PARTITIONS, "service",
            List.of(ServiceDefined.class), Map.of("cleanup.policy", "compact"), false);

    /**
     * What a clinic offers and what happens at its door: sessions, stock, and staff's check-ins and no-show
     * marks, all keyed by clinic so the clinic ledger reads them in order with the seats they concern.
     */
    public static final TopicSpec CLINIC_CAPACITY = new TopicSpec("clinic-capacity", PARTITIONS, "clinicId",
            List.of(CapacityPublished.class, CapacityWithdrawn.class, StockAdjusted.class, CheckInAppointment.class,
                    MarkAppointmentMissed.class),
            Map.of("retention.ms", FOREVER), false);

    public static final TopicSpec BOOKING_COMMANDS = new TopicSpec("booking-commands", PARTITIONS, "personId",
            List.of(BookAppointment.class, RescheduleAppointment.class, CancelAppointment.class,
                    JoinWaitlist.class, LeaveWaitlist.class, AcceptWaitlistOffer.class, RegisterWalkIn.class),
            Map.of("retention.ms", ONE_WEEK), false);

    public static final TopicSpec BOOKING_EVENTS = new TopicSpec("booking-events", PARTITIONS, "clinicId",
            List.of(AppointmentBooked.class, BookingRejected.class, AppointmentRescheduled.class,
                    AppointmentCancelled.class, AppointmentCheckedIn.class, AppointmentMissed.class, WaitlistJoined.class,
                    WaitlistLeft.class, WaitlistOfferMade.class, WaitlistOfferExpired.class),
            Map.of("retention.ms", FOREVER), false);

    public static final TopicSpec SLOT_AVAILABILITY = new TopicSpec("slot-availability", PARTITIONS,
            "clinicId|date", List.of(SlotAvailability.class),
            Map.of("cleanup.policy", "compact"), false);

    public static final TopicSpec APPOINTMENT_REMINDERS = new TopicSpec("appointment-reminders", PARTITIONS,
            "appointmentId", List.of(AppointmentReminderDue.class),
            Map.of("retention.ms", ONE_WEEK), false);

    public static final TopicSpec PEOPLE = new TopicSpec("people", PARTITIONS, "personId",
            List.of(PersonRegistered.class, ContactChanged.class, PersonCorrected.class),
            Map.of("retention.ms", FOREVER), true);

    /**
     * One-time login codes for the notifier to text: a lane of their own, so that no campaign on
     * {@link #NOTIFICATION_REQUESTS} queues in front of them. Restricted (the code is in clear) and kept
     * one hour: a code lives minutes.
     */
    public static final TopicSpec ONE_TIME_CODES = new TopicSpec("one-time-codes", PARTITIONS, "phone",
            List.of(OtpRequested.class), Map.of("retention.ms", ONE_HOUR), true);

    /**
     * Holds outreach contacts and link tokens in clear, so it is restricted and kept only one day (an
     * outreach invitation still unsent after a day is published again by booking-api).
     */
    public static final TopicSpec NOTIFICATION_REQUESTS = new TopicSpec("notification-requests", PARTITIONS,
            "recipient", List.of(OutreachInvitationIssued.class, OutreachReportReady.class, ClinicRosterReady.class),
            Map.of("retention.ms", ONE_DAY), true);

    /** What people did with their outreach invitations; no personal data. */
    public static final TopicSpec OUTREACH = new TopicSpec("outreach", PARTITIONS, "invitationId",
            List.of(InvitationAcknowledged.class),
            Map.of("retention.ms", FOREVER), false);

    public static final TopicSpec NOTIFICATIONS = new TopicSpec("notifications", PARTITIONS, "sourceEventId",
            List.of(NotificationSent.class, NotificationFailed.class),
            Map.of("retention.ms", THIRTY_DAYS), false);

    public static final TopicSpec VACCINATIONS = new TopicSpec("vaccinations", PARTITIONS, "personId",
            List.of(VaccinationAdministered.class, VaccinationCorrected.class),
            Map.of("retention.ms", FOREVER), false);

    public static final TopicSpec CERTIFICATES = new TopicSpec("certificates", PARTITIONS, "certificateId",
            List.of(CertificateIssued.class, CertificateRevoked.class),
            Map.of("retention.ms", FOREVER), false);

    /** What administrators did (logins and changes), kept a year; it names them, so analysts do not read it. */
    public static final TopicSpec ADMIN_AUDIT = new TopicSpec("admin-audit", PARTITIONS, "administrator",
            List.of(AdminActionPerformed.class), Map.of("retention.ms", ONE_YEAR), true);

    /**
     * Electronic prescriptions sent to pharmacies and their dispensing, keyed by prescription. The events carry
     * ids and the signature only: every pharmacy's consumer reads this topic, so what a prescription says is
     * read from records' FHIR API, where each pharmacy sees only its own. Restricted (it links patients,
     * doctors and pharmacies) and kept, as prescriptions are.
     */
    public static final TopicSpec PRESCRIPTIONS = new TopicSpec("prescriptions", PARTITIONS, "prescriptionId",
            List.of(PrescriptionIssued.class, PrescriptionDispensed.class), Map.of("retention.ms", FOREVER), true);

    /**
     * Documents patients uploaded to their record, for records' own text extraction: ids and the sniffed type only
     * (the content is in encrypted storage). Restricted: it says that a patient has medical documents.
     */
    public static final TopicSpec DOCUMENT_UPLOADED = new TopicSpec("document-uploaded", PARTITIONS, "documentId",
            List.of(DocumentUploaded.class), Map.of("retention.ms", THIRTY_DAYS), true);

    /**
     * Every charge, refund and failure of care's fees, keyed by care appointment, written by care's outbox relay in the
     * order care recorded them. Amounts, currency, provider and the provider's reference only: no card data, no
     * person. Kept, as payment records are.
     */
    public static final TopicSpec PAYMENT_EVENTS = new TopicSpec("payment-events", PARTITIONS, "appointmentId",
            List.of(PaymentSucceeded.class, PaymentFailed.class, PaymentRefunded.class), Map.of("retention.ms", FOREVER), false);

    /**
     * care's appointments for the notifier, keyed by care appointment: a video consultation's booking with its room link,
     * the capability to join it. Restricted (it links a patient to a doctor and carries that link), so no analyst reads
     * it; written by care's outbox, read by the notifier alone. Kept a week: the link is sent within minutes.
     */
    public static final TopicSpec CARE_APPOINTMENTS = new TopicSpec("care-appointments", PARTITIONS, "appointmentId",
            List.of(VideoConsultationBooked.class), Map.of("retention.ms", ONE_WEEK), true);

    public static final List<TopicSpec> ALL = List.of(CLINICS, SERVICES, CLINIC_CAPACITY, BOOKING_COMMANDS, BOOKING_EVENTS,
            SLOT_AVAILABILITY, APPOINTMENT_REMINDERS, PEOPLE, ONE_TIME_CODES, NOTIFICATION_REQUESTS, NOTIFICATIONS, VACCINATIONS,
            CERTIFICATES, OUTREACH, ADMIN_AUDIT, PRESCRIPTIONS, DOCUMENT_UPLOADED, PAYMENT_EVENTS,
            CARE_APPOINTMENTS);

    private Topics() {
    }

    /** The topic that carries records of {@code type}; each type lives on exactly one topic. */
    public static TopicSpec forValueType(Class<?> type) {
        return ALL.stream().filter(t -> t.valueTypes().contains(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getName() + " is not carried by any catalogue topic"));
    }

    public static TopicSpec byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic named " + name + " in the catalogue"));
    }
}
