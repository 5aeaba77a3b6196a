package io.vaxline.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the event log: every Kafka principal Vaxline knows and the ACLs it is given,
 * in one table. The provisioner (the one super user) creates them; {@link #markdownTable()} is the
 * table in {@code docs/architecture.md}. Whatever a principal is not granted here, the broker's
 * {@code StandardAuthorizer} refuses.
 *
 * <p>A service may write the dead-letter topic of every topic it reads (it parks what it cannot use
 * there). Consumer groups and transactional ids are granted by prefix, so a service's instances may
 * name theirs (e.g. {@code booking-api-replies-<uuid>}).
 */
public final class KafkaPrincipals {

    /** The one super user: creates topics, principals and ACLs, and runs the operators' tools. */
    public static final String PROVISIONER = "provisioner";
    public static final String ANALYST = "analyst";
    /** Clinic systems' principals are named {@code clinic-<name>}; each may only write doses. */
    public static final String CLINIC_PREFIX = "clinic-";
    /** The local stack's one clinic system, which {@code ./vaxline send} writes as. */
    public static final String LOCAL_CLINIC = CLINIC_PREFIX + "local";

    /**
     * Topics an analyst may not read, nor their dead-letter topics: the restricted ones of the catalogue
     * (personal data and secrets: people, one-time-codes, notification-requests).
     */
    public static final List<TopicSpec> HIDDEN_FROM_ANALYSTS = Topics.ALL.stream().filter(TopicSpec::restricted).toList();

    /** One grant: operations on a resource named literally or by prefix. */
    public record Grant(ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {

        static Grant read(TopicSpec topic) {
            return new Grant(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, List.of(AclOperation.READ));
        }

        static Grant write(String topic) {
            return new Grant(ResourceType.TOPIC, topic, PatternType.LITERAL, List.of(AclOperation.WRITE));
        }

        static Grant groups(String prefix) {
            return new Grant(ResourceType.GROUP, prefix, PatternType.PREFIXED, List.of(AclOperation.READ));
        }

        /** What is granted ("read topics", "write, describe transactional ids"), for the table. */
        String what() {
            String ops = operations.stream().map(o -> o.name().toLowerCase()).collect(Collectors.joining(", "));
            return ops + " " + type.name().toLowerCase().replace('_', ' ') + "s";
        }

        String named() {
            return "`" + name + (pattern == PatternType.PREFIXED ? "*" : "") + "`";
        }
    }

    /** A principal ({@code User:<name>}) and its grants. */
    public record Principal(String name, String who, List<Grant> grants) {

        public List<AclBinding> acls() {
            return grants.stream().flatMap(g -> g.operations().stream().map(op -> new AclBinding(
                    new ResourcePattern(g.type(), g.name(), g.pattern()),
                    new AccessControlEntry("User:" + name, "*", op, AclPermissionType.ALLOW)))).toList();
        }
    }

    public static final Principal BOOKING_API = service("booking-api", "booking-api (every instance)",
            List.of(Topics.BOOKING_EVENTS, Topics.SLOT_AVAILABILITY, Topics.CLINICS, Topics.SERVICES, Topics.VACCINATIONS,
                    Topics.NOTIFICATIONS),
            List.of(Topics.CLINICS, Topics.SERVICES, Topics.CLINIC_CAPACITY, Topics.BOOKING_COMMANDS, Topics.PEOPLE, Topics.ONE_TIME_CODES,
                    Topics.NOTIFICATION_REQUESTS, Topics.OUTREACH, Topics.VACCINATIONS, Topics.ADMIN_AUDIT),
            List.of());

    public static final Principal SCHEDULER_STREAM = service("scheduler-stream",
            "scheduler-stream (Kafka Streams application id `scheduler-stream`)",
            List.of(Topics.CLINICS, Topics.SERVICES, Topics.CLINIC_CAPACITY, Topics.BOOKING_COMMANDS, Topics.BOOKING_EVENTS,
                    Topics.VACCINATIONS),
            List.of(Topics.BOOKING_EVENTS, Topics.SLOT_AVAILABILITY, Topics.APPOINTMENT_REMINDERS),
            List.of(new Grant(ResourceType.TOPIC, "scheduler-stream-", PatternType.PREFIXED, List.of(AclOperation.ALL)),
                    new Grant(ResourceType.TRANSACTIONAL_ID, "scheduler-stream", PatternType.PREFIXED,
                            List.of(AclOperation.WRITE, AclOperation.DESCRIBE))));

    public static final Principal NOTIFIER = service("notifier", "notifier",
            List.of(Topics.BOOKING_EVENTS, Topics.APPOINTMENT_REMINDERS, Topics.ONE_TIME_CODES, Topics.NOTIFICATION_REQUESTS,
                    Topics.CERTIFICATES, Topics.PEOPLE, Topics.CLINICS, Topics.CARE_APPOINTMENTS),
            List.of(Topics.NOTIFICATIONS), List.of());

    public static final Principal CERTIFICATE_SERVICE = new Principal("certificate-service",
            "certificate-service (and its replay into a fresh database, which reads the issue times back from `certificates`)",
            grants(List.of(Topics.VACCINATIONS, Topics.PEOPLE, Topics.CERTIFICATES), List.of(Topics.CERTIFICATES), "certificate-",
                    List.of()));

    /** records: prescriptions for the pharmacies, and the uploaded documents it extracts text from itself. */
    public static final Principal RECORDS = service("records", "records (care records: prescriptions, documents)",
            List.of(Topics.DOCUMENT_UPLOADED), List.of(Topics.PRESCRIPTIONS, Topics.DOCUMENT_UPLOADED), List.of());

    /**
     * care: it writes its payment events and its video consultations' bookings for the notifier (both from its outbox)
     * and reads nothing, so it has no consumer group either. Its producer is idempotent, which needs no grant beyond the
     * topics' WRITE.
     */
    public static final Principal CARE = new Principal("care",
            "care (doctors' appointments: its payment events and video consultations' room links, from its outbox)",
            List.of(Grant.write(Topics.PAYMENT_EVENTS.name()), Grant.write(Topics.CARE_APPOINTMENTS.name())));

    /**
     * Pharmacies' systems: they learn of the prescriptions sent to them here, and read them from records' FHIR
     * API with their own pharmacy key (the events hold ids only, so one pharmacy learns nothing of another's).
     */
    public static final Principal PHARMACIES = new Principal("pharmacies",
            "pharmacies' systems: notice of new prescriptions, consumer groups `pharmacy-*`",
            List.of(Grant.read(Topics.PRESCRIPTIONS), Grant.groups("pharmacy-")));

    /** The dashboard only counts: it reads from the beginning without a group and sizes the dead-letter topics. */
    public static final Principal WEB = new Principal("web", "web (the programme dashboard, counts only)",
            Stream.concat(Stream.of(Topics.CLINICS, Topics.CLINIC_CAPACITY, Topics.BOOKING_COMMANDS, Topics.BOOKING_EVENTS,
                    Topics.SLOT_AVAILABILITY, Topics.NOTIFICATIONS, Topics.VACCINATIONS, Topics.CERTIFICATES).map(Grant::read),
                    deadLetterReads(Topics.ALL).stream()).toList());

    public static final Principal ANALYST_PRINCIPAL = new Principal(ANALYST,
            "analysts (`./vaxline read`): every topic but personal data and secrets", analystGrants());

    public static final Principal LOCAL_CLINIC_PRINCIPAL = clinic(LOCAL_CLINIC);

    /** Every principal the provisioner creates, besides itself (clinic systems beyond the local one are added by name). */
    public static final List<Principal> ALL = List.of(BOOKING_API, SCHEDULER_STREAM, NOTIFIER, CERTIFICATE_SERVICE, RECORDS,
            PHARMACIES, CARE, WEB, ANALYST_PRINCIPAL, LOCAL_CLINIC_PRINCIPAL);

    private KafkaPrincipals() {
    }

    /** A clinic system's principal: it may write doses to {@code vaccinations}, nothing else. */
    public static Principal clinic(String name) {
        if (!name.startsWith(CLINIC_PREFIX) || name.length() == CLINIC_PREFIX.length()) {
            throw new IllegalArgumentException("A clinic system's principal is named " + CLINIC_PREFIX + "<name>, not " + name);
        }
        return new Principal(name, "a clinic system: publishes the doses it gives",
                List.of(Grant.write(Topics.VACCINATIONS.name())));
    }

    public static Principal byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseGet(() -> name.startsWith(CLINIC_PREFIX) ? clinic(name) : null);
    }

    /** The names of every principal with a password, the provisioner's included. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of(PROVISIONER));
        ALL.forEach(p -> names.add(p.name()));
        return names;
    }

    private static Principal service(String name, String who, List<TopicSpec> reads, List<TopicSpec> writes,
            List<Grant> more) {
        return new Principal(name, who, grants(reads, writes, name, more));
    }

    private static List<Grant> grants(List<TopicSpec> reads, List<TopicSpec> writes, String groupPrefix, List<Grant> more) {
        List<Grant> grants = new ArrayList<>();
        reads.forEach(t -> grants.add(Grant.read(t)));
        Set<String> written = new LinkedHashSet<>();
        writes.forEach(t -> written.add(t.name()));
        reads.forEach(t -> written.add(t.deadLetterTopic()));
        written.forEach(t -> grants.add(Grant.write(t)));
        if (groupPrefix != null) {
            grants.add(Grant.groups(groupPrefix));
        }
        grants.addAll(more);
        return List.copyOf(grants);
    }

    private static List<Grant> deadLetterReads(Collection<TopicSpec> topics) {
        return topics.stream().map(t -> new Grant(ResourceType.TOPIC, t.deadLetterTopic(), PatternType.LITERAL,
                List.of(AclOperation.DESCRIBE))).toList();
    }

    private static List<Grant> analystGrants() {
        List<Grant> grants = new ArrayList<>();
        for (TopicSpec topic : Topics.ALL) {
            if (!HIDDEN_FROM_ANALYSTS.contains(topic)) {
                grants.add(Grant.read(topic));
                grants.add(new Grant(ResourceType.TOPIC, topic.deadLetterTopic(), PatternType.LITERAL,
                        List.of(AclOperation.READ)));
            }
        }
        grants.add(Grant.groups(ANALYST));
        return List.copyOf(grants);
    }

    private static String describe(List<Grant> grants) {
        Map<String, List<String>> byWhat = new LinkedHashMap<>();
        grants.forEach(g -> byWhat.computeIfAbsent(g.what(), w -> new ArrayList<>()).add(g.named()));
        return byWhat.entrySet().stream().map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** The table of {@code docs/architecture.md}, made from the grants above. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| principal | who | may |\n| --- | --- | --- |\n");
        table.append("| `").append(PROVISIONER).append("` | the provisioner and operators' tools (redrive, backups) | ")
                .append("everything: the one super user |\n");
        Stream.concat(ALL.stream().filter(p -> p != LOCAL_CLINIC_PRINCIPAL), Stream.of(
                new Principal(CLINIC_PREFIX + "<name>", "a clinic system (the local stack has `" + LOCAL_CLINIC + "`)",
                        LOCAL_CLINIC_PRINCIPAL.grants())))
                .forEach(p -> table.append("| `").append(p.name()).append("` | ").append(p.who()).append(" | ")
                        .append(describe(p.grants()))
                        .append(" |\n"));
        return table.toString();
    }
}
