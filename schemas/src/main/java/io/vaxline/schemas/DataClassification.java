package io.vaxline.schemas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;

/**
 * Which fields of the events say something about a person, a member of staff or a secret: the explicit list the
 * AsyncAPI contract ({@link AsyncApiDocument}) publishes per message. The schemas carry no such marks, so the list is
 * here, and {@code DataClassificationTest} holds every schema to it: a field with a name that is classified anywhere,
 * or that sounds personal ({@link #NAMES_TO_DECIDE}), must be classified or listed in {@link #NOT_PERSONAL}; personal
 * and health data and live secrets appear only on restricted topics.
 */
public final class DataClassification {

    /** What a field holds, from the point of view of data protection. */
    public enum Category {
        PERSONAL("personal", "identifies a person directly: name, phone number, e-mail address, date or year of birth, "
                + "ID-number hash, network address"),
        HEALTH("health", "special category data (GDPR art. 9): a person's medical conditions"),
        PSEUDONYMOUS("pseudonymous", "a pseudonymous id of a person: it links records about one person without naming "
                + "them (personal data all the same wherever it can be joined with the restricted topics)"),
        STAFF("staff", "names or identifies a member of staff, an administrator or a clinic's contact address"),
        SECRET("secret", "a credential or a payload sealed for the notifier; legacy fields in clear are no longer written"),
        FREE_TEXT("free-text", "free text typed by a person or staff (or a provider's error text): it may hold anything, "
                + "personal data included, and is to be handled as such");

        private final String label;
        private final String meaning;

        Category(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        public String label() {
            return label;
        }

        public String meaning() {
            return meaning;
        }
    }

    private static final String EVENTS = "io.vaxline.events.";
    private static final String COMMANDS = "io.vaxline.commands.";

    /** Record full name to field name to category. Order: as the catalogue lists the topics. */
    private static final Map<String, Map<String, Category>> FIELDS = new LinkedHashMap<>();

    static {
        // clinics: a clinic's contact address may be a person's.
        classify(EVENTS + "ClinicRegistered", Map.of("contactEmail", Category.STAFF));
        classify(EVENTS + "ClinicUpdated", Map.of("contactEmail", Category.STAFF));
        // clinic-capacity: the staff on duty and the staff who recorded a check-in or a no-show.
        classify(EVENTS + "CapacityPublished", Map.of("staff", Category.STAFF));
        classify(EVENTS + "CapacityWithdrawn", Map.of("reason", Category.FREE_TEXT));
        classify(EVENTS + "StockAdjusted", Map.of("reason", Category.FREE_TEXT));
        classify(COMMANDS + "CheckInAppointment", Map.of("staff", Category.STAFF));
        classify(COMMANDS + "MarkAppointmentMissed", Map.of("staff", Category.STAFF));
        // booking-commands
        for (String command : List.of("BookAppointment", "JoinWaitlist", "LeaveWaitlist", "AcceptWaitlistOffer")) {
            classify(COMMANDS + command, Map.of("personId", Category.PSEUDONYMOUS));
        }
        classify(COMMANDS + "CancelAppointment", Map.of("personId", Category.PSEUDONYMOUS, "reason", Category.FREE_TEXT));
        classify(COMMANDS + "RescheduleAppointment", Map.of("personId", Category.PSEUDONYMOUS, "reason", Category.FREE_TEXT));
        classify(COMMANDS + "RegisterWalkIn", Map.of("personId", Category.PSEUDONYMOUS, "staff", Category.STAFF));
        // booking-events
        for (String event : List.of("BookingRejected", "WaitlistJoined", "WaitlistLeft", "WaitlistOfferMade",
                "WaitlistOfferExpired")) {
            classify(EVENTS + event, Map.of("personId", Category.PSEUDONYMOUS));
        }
        classify(EVENTS + "AppointmentRescheduled", Map.of("personId", Category.PSEUDONYMOUS,
                "confirmationCode", Category.SECRET, "reason", Category.FREE_TEXT));
        classify(EVENTS + "AppointmentBooked", Map.of("personId", Category.PSEUDONYMOUS, "confirmationCode", Category.SECRET));
        classify(EVENTS + "AppointmentCancelled", Map.of("personId", Category.PSEUDONYMOUS, "confirmationCode", Category.SECRET,
                "reason", Category.FREE_TEXT));
        for (String event : List.of("AppointmentCheckedIn", "AppointmentMissed")) {
            classify(EVENTS + event, Map.of("personId", Category.PSEUDONYMOUS, "staff", Category.STAFF));
        }
        // appointment-reminders
        classify(EVENTS + "AppointmentReminderDue", Map.of("personId", Category.PSEUDONYMOUS, "confirmationCode", Category.SECRET));
        // people (restricted)
        classify(EVENTS + "PersonRegistered", ordered("personId", Category.PSEUDONYMOUS, "phone", Category.PERSONAL,
                "name", Category.PERSONAL, "birthDate", Category.PERSONAL, "birthYear", Category.PERSONAL,
                "email", Category.PERSONAL, "idNumberHash", Category.PERSONAL, "conditions", Category.HEALTH,
                "occupation", Category.PERSONAL));
        classify(EVENTS + "ContactChanged", ordered("personId", Category.PSEUDONYMOUS, "phone", Category.PERSONAL,
                "email", Category.PERSONAL));
        classify(EVENTS + "PersonCorrected", ordered("personId", Category.PSEUDONYMOUS, "name", Category.PERSONAL,
                "birthDate", Category.PERSONAL, "birthYear", Category.PERSONAL, "reason", Category.FREE_TEXT));
        // one-time-codes (restricted)
        classify(EVENTS + "OtpRequested", ordered("phone", Category.PERSONAL, "code", Category.SECRET,
                "sealedCode", Category.SECRET));
        // notification-requests (restricted)
        classify(EVENTS + "OutreachInvitationIssued", ordered("patientId", Category.PSEUDONYMOUS,
                "givenName", Category.PERSONAL, "phone", Category.PERSONAL, "email", Category.PERSONAL,
                "link", Category.SECRET, "sealedLink", Category.SECRET));
        classify(EVENTS + "OutreachReportReady", Map.of("recipients", Category.STAFF));
        classify(EVENTS + "ClinicRosterReady", ordered("recipients", Category.STAFF, "sealedCsv", Category.SECRET));
        // notifications
        classify(EVENTS + "NotificationSent", Map.of("personId", Category.PSEUDONYMOUS));
        classify(EVENTS + "NotificationFailed", Map.of("personId", Category.PSEUDONYMOUS, "reason", Category.FREE_TEXT));
        // vaccinations
        classify(EVENTS + "VaccinationAdministered", ordered("personId", Category.PSEUDONYMOUS, "vaccinator", Category.STAFF));
        classify(EVENTS + "VaccinationCorrected", ordered("personId", Category.PSEUDONYMOUS, "vaccinator", Category.STAFF,
                "reason", Category.FREE_TEXT));
        // certificates
        classify(EVENTS + "CertificateIssued", Map.of("personId", Category.PSEUDONYMOUS));
        // The reason of a revocation quotes the correction's reason (free text).
        classify(EVENTS + "CertificateRevoked", Map.of("personId", Category.PSEUDONYMOUS, "reason", Category.FREE_TEXT));
        // prescriptions (restricted)
        classify(EVENTS + "PrescriptionIssued", ordered("personId", Category.PSEUDONYMOUS, "doctorId", Category.STAFF));
        classify(EVENTS + "PrescriptionDispensed", Map.of("personId", Category.PSEUDONYMOUS));
        // document-uploaded (restricted)
        classify(EVENTS + "DocumentUploaded", Map.of("personId", Category.PSEUDONYMOUS));
        // payment-events: amounts and the provider's references; the failure is the provider's text.
        classify(EVENTS + "PaymentFailed", Map.of("failureReason", Category.FREE_TEXT));
        // The room link is the capability to join the consultation, as a password would be.
        classify(EVENTS + "VideoConsultationBooked", ordered("personId", Category.PSEUDONYMOUS, "doctorName", Category.STAFF,
                "videoUrl", Category.SECRET));
        // admin-audit (restricted)
        classify(EVENTS + "AdminActionPerformed", ordered("administrator", Category.STAFF, "address", Category.PERSONAL));
    }

    /**
     * Fields whose name is classified elsewhere (or sounds personal) but that hold nothing about a person here: a
     * clinic's name and street address, a rejection's reason (a code).
     */
    public static final Set<String> NOT_PERSONAL = Set.of(EVENTS + "BookingRejected.reason",
            EVENTS + "ClinicRegistered.name", EVENTS + "ClinicRegistered.address", EVENTS + "ClinicRegistered.postcode",
            EVENTS + "ClinicUpdated.name", EVENTS + "ClinicUpdated.address", EVENTS + "ClinicUpdated.postcode");

    /**
     * Field names that must be decided wherever a schema has them (classified, or listed in {@link #NOT_PERSONAL}),
     * besides every name classified somewhere: a new event with such a field cannot slip into the contract unmarked.
     */
    public static final Set<String> NAMES_TO_DECIDE = Set.of("name", "givenName", "familyName", "phone", "email",
            "address", "postcode", "birthDate", "birthYear", "idNumber", "idNumberHash", "conditions", "occupation",
            "personId", "patientId", "staff", "vaccinator", "administrator", "recipients", "code", "link", "token",
            "password", "confirmationCode");

    private DataClassification() {
    }

    /** The classified fields of a record type (by full name), in the order above; empty when none is. */
    public static Map<String, Category> fields(String recordFullName) {
        return FIELDS.getOrDefault(recordFullName, Map.of());
    }

    public static Map<String, Category> fields(Schema record) {
        return fields(record.getFullName());
    }

    /** Every classified record (full name) with its fields. */
    public static Map<String, Map<String, Category>> all() {
        return java.util.Collections.unmodifiableMap(FIELDS);
    }

    private static void classify(String record, Map<String, Category> fields) {
        Map<String, Category> sorted = new LinkedHashMap<>();
        if (fields instanceof LinkedHashMap<String, Category>) {
            sorted.putAll(fields);
        } else {
            fields.keySet().stream().sorted().forEach(f -> sorted.put(f, fields.get(f)));
        }
        if (FIELDS.put(record, java.util.Collections.unmodifiableMap(sorted)) != null) {
            throw new IllegalStateException(record + " is classified twice");
        }
    }

    private static Map<String, Category> ordered(Object... pairs) {
        Map<String, Category> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Category) pairs[i + 1]);
        }
        return map;
    }
}
