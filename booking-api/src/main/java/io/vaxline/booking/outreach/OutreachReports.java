package io.vaxline.booking.outreach;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vaxline.schemas.DerivedIds;
import io.vaxline.booking.platform.CsvRows;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.events.OutreachReportReady;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What administrators see of a campaign: the funnel, the weekly report of invited people who have not
 * opened their link (made on a configurable day and time, announced to the programme team by e-mail
 * through OutreachReportReady), and CSV exports of that report, of the people who followed the link
 * and of the form answers. Personal fields are opened only to write the CSV.
 */
@ApplicationScoped
public class OutreachReports {

    private static final int PAGE = 5000;

    public record Funnel(long invited, long sent, long failed, long acknowledged, long booked, long answered, long clicks) {
    }

    public record Report(String reportId, String campaignId, Instant createdAt, long invited, long acknowledged,
            long notResponded) {
    }

    @Inject
    Pool db;

    @Inject
    PersonalData personalData;

    @Inject
    Campaigns campaigns;

    @Inject
    EventPublisher publisher;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @ConfigProperty(name = "vaxline.outreach.programme-team")
    Optional<List<String>> programmeTeam;

    @ConfigProperty(name = "vaxline.outreach.report-base-url")
    String reportBase;

    @ConfigProperty(name = "vaxline.outreach.time-zone")
    ZoneId zone;

    /** People, not invitations: a person invited in two waves counts once. */
    public Funnel funnel(String campaignId) {
        campaigns.require(campaignId);
        Row r = Campaigns.await(db.preparedQuery("""
                WITH per_person AS (
                    SELECT i.patient_id, min(i.issued_at) AS first_invited,
                           bool_or(i.sms_status = 'SENT' OR i.email_status = 'SENT') AS sent,
                           bool_or(i.sms_status = 'FAILED' OR i.email_status = 'FAILED') AS failed,
                           bool_or(i.acknowledged_at IS NOT NULL) AS acknowledged,
                           bool_or(a.invitation_id IS NOT NULL) AS answered,
                           sum(i.clicks) AS clicks
                    FROM invitation i LEFT JOIN form_answer a ON a.invitation_id = i.invitation_id
                    WHERE i.campaign_id = $1 GROUP BY i.patient_id)
                SELECT count(*) AS invited, count(*) FILTER (WHERE sent) AS sent,
                       count(*) FILTER (WHERE failed AND NOT coalesce(sent, false)) AS failed,
                       count(*) FILTER (WHERE acknowledged) AS acknowledged,
                       count(*) FILTER (WHERE answered) AS answered, coalesce(sum(clicks), 0) AS clicks,
                       count(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM patient p JOIN person pe ON pe.household_id = p.household_id
                           JOIN appointment ap ON ap.person_id = pe.person_id
                           WHERE p.patient_id = per_person.patient_id AND ap.updated_at >= per_person.first_invited)) AS booked
                FROM per_person""").execute(Tuple.of(campaignId))).iterator().next();
        return new Funnel(r.getLong("invited"), r.getLong("sent"), r.getLong("failed"), r.getLong("acknowledged"),
                r.getLong("booked"), r.getLong("answered"), r.getLong("clicks"));
    }

    /** The weekly report of every launched campaign; one per campaign and week however many instances run this. */
    @Scheduled(cron = "{vaxline.outreach.report.cron}", timeZone = "{vaxline.outreach.time-zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void weekly() {
        weekly(Instant.now());
    }

    public List<Report> weekly(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        String week = local.get(IsoFields.WEEK_BASED_YEAR) + "-W" + local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        List<Report> made = new ArrayList<>();
        Campaigns.await(db.query("SELECT campaign_id FROM campaign WHERE status IN ('LAUNCHED', 'LAUNCHING')").execute())
                .forEach(r -> {
                    String campaignId = r.getString("campaign_id");
                    String reportId = DerivedIds.of("report", campaignId, week);
                    try {
                        make(campaignId, reportId).ifPresent(made::add);
                    } catch (RuntimeException e) {
                        Log.errorf(e, "The weekly report of campaign %s was not made", campaignId);
                    }
                });
        Log.infof("Weekly outreach reports (%s): %d made", week, made.size());
        return made;
    }

    /** A report now, on an administrator's request. */
    public Report now(String campaignId) {
        campaigns.require(campaignId);
        return make(campaignId, UUID.randomUUID().toString()).orElseThrow();
    }

    private Optional<Report> make(String campaignId, String reportId) {
        boolean created = Campaigns.await(db.preparedQuery("INSERT INTO outreach_report (report_id, campaign_id, created_at, "
                + "invited, acknowledged, not_responded) VALUES ($1, $2, now(), 0, 0, 0) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(reportId, campaignId))).rowCount() == 1;
        if (!created) {
            return Optional.empty(); // this week's report was made already (by this instance or another)
        }
        // The latest invitation of each person none of whose invitations was opened.
        Campaigns.await(db.preparedQuery("""
                INSERT INTO outreach_report_entry (report_id, invitation_id)
                SELECT $1, (array_agg(invitation_id ORDER BY wave DESC))[1] FROM invitation
                WHERE campaign_id = $2 GROUP BY patient_id HAVING bool_and(acknowledged_at IS NULL)""")
                .execute(Tuple.of(reportId, campaignId)));
        Row counts = Campaigns.await(db.preparedQuery("""
                UPDATE outreach_report SET
                    invited = (SELECT count(DISTINCT patient_id) FROM invitation WHERE campaign_id = $2),
                    acknowledged = (SELECT count(DISTINCT patient_id) FROM invitation WHERE campaign_id = $2
                                    AND acknowledged_at IS NOT NULL),
                    not_responded = (SELECT count(*) FROM outreach_report_entry WHERE report_id = $1)
                WHERE report_id = $1 RETURNING *""").execute(Tuple.of(reportId, campaignId))).iterator().next();
        Report report = report(counts);
        announce(report);
        return Optional.of(report);
    }

    private void announce(Report report) {
        List<String> team = programmeTeam.orElse(List.of());
        if (team.isEmpty()) {
            Log.infof("Report %s of campaign %s: %,d have not responded (no programme team to tell: OUTREACH_PROGRAMME_TEAM)",
                    report.reportId(), report.campaignId(), report.notResponded());
            return;
        }
        String name = campaigns.require(report.campaignId()).name();
        Campaigns.await(publisher.outreachRequest(report.campaignId(), OutreachReportReady.newBuilder()
                .setEventId(report.reportId()).setOccurredAt(report.createdAt()).setCampaignId(report.campaignId())
                .setCampaignName(name).setRecipients(team).setInvited(report.invited())
                .setAcknowledged(report.acknowledged()).setNotResponded(report.notResponded())
                .setDownloadUrl(reportBase + report.campaignId() + "/reports/" + report.reportId() + ".csv").build()));
    }

    public List<Report> reports(String campaignId) {
        campaigns.require(campaignId);
        return StreamSupport.stream(Campaigns.await(db.preparedQuery("SELECT * FROM outreach_report WHERE campaign_id = $1 "
                + "ORDER BY created_at DESC").execute(Tuple.of(campaignId))).spliterator(), false).map(this::report).toList();
    }

    private Report report(Row r) {
        return new Report(r.getString("report_id"), r.getString("campaign_id"), r.getOffsetDateTime("created_at").toInstant(),
                r.getInteger("invited"), r.getInteger("acknowledged"), r.getInteger("not_responded"));
    }

    /** The people of a report: who they are, how to reach them, and what happened to their invitation. */
    public StreamingOutput reportCsv(String campaignId, String reportId) {
        if (reports(campaignId).stream().noneMatch(r -> r.reportId().equals(reportId))) {
            throw new jakarta.ws.rs.NotFoundException("No report " + reportId + " of campaign " + campaignId);
        }
        return csv(List.of("patient_ref", "given_name", "family_name", "phone", "email", "wave", "invited_at", "sms", "email_delivery"),
                """
                SELECT i.invitation_id AS key, i.patient_id, p.sealed, i.wave, i.issued_at, i.sms_status, i.email_status
                FROM outreach_report_entry e JOIN invitation i ON i.invitation_id = e.invitation_id
                JOIN patient p ON p.patient_id = i.patient_id
                WHERE e.report_id = $1 AND i.invitation_id > $2 ORDER BY i.invitation_id LIMIT $3""", reportId,
                (r, person) -> List.of(CsvRows.safeCell(person.ref()), CsvRows.safeCell(person.givenName()), CsvRows.safeCell(person.familyName()), nz(person.phone()),
                        nz(person.email()), r.getInteger("wave"), r.getOffsetDateTime("issued_at").toInstant(),
                        nz(r.getString("sms_status")), nz(r.getString("email_status"))));
    }

    /** Everyone who followed their link. */
    public StreamingOutput acknowledgedCsv(String campaignId) {
        campaigns.require(campaignId);
        return csv(List.of("patient_ref", "given_name", "family_name", "phone", "email", "wave", "acknowledged_at", "clicks"),
                """
                SELECT i.invitation_id AS key, i.patient_id, p.sealed, i.wave, i.acknowledged_at, i.clicks
                FROM invitation i JOIN patient p ON p.patient_id = i.patient_id
                WHERE i.campaign_id = $1 AND i.acknowledged_at IS NOT NULL AND i.invitation_id > $2
                ORDER BY i.invitation_id LIMIT $3""", campaignId,
                (r, person) -> List.of(CsvRows.safeCell(person.ref()), CsvRows.safeCell(person.givenName()), CsvRows.safeCell(person.familyName()), nz(person.phone()),
                        nz(person.email()), r.getInteger("wave"), r.getOffsetDateTime("acknowledged_at").toInstant(),
                        r.getInteger("clicks")));
    }

    /** The form's answers, a column per field (several choices joined with ';'). */
    public StreamingOutput answersCsv(String campaignId) {
        List<FormField> form = campaigns.require(campaignId).form();
        List<String> header = new ArrayList<>(List.of("patient_ref", "given_name", "family_name", "answered_at"));
        form.forEach(f -> header.add(f.name()));
        return csv(header, """
                SELECT a.invitation_id AS key, i.patient_id, p.sealed, a.answers, a.answered_at
                FROM form_answer a JOIN invitation i ON i.invitation_id = a.invitation_id
                JOIN patient p ON p.patient_id = i.patient_id
                WHERE a.campaign_id = $1 AND a.invitation_id > $2 ORDER BY a.invitation_id LIMIT $3""", campaignId,
                (r, person) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> answers = personalData.open(r.getString("key"), r.getBuffer("answers").getBytes(), Map.class);
                    List<Object> row = new ArrayList<>(List.of(CsvRows.safeCell(person.ref()), CsvRows.safeCell(person.givenName()), CsvRows.safeCell(person.familyName()),
                            r.getOffsetDateTime("answered_at").toInstant()));
                    form.forEach(f -> {
                        Object answer = answers.get(f.name());
                        row.add(answer == null ? "" : CsvRows.safeCell(answer instanceof List<?> l
                                ? String.join(";", l.stream().map(String::valueOf).toList()) : String.valueOf(answer)));
                    });
                    return row;
                });
    }

    private interface CsvRow {
        List<?> of(Row row, PatientData person);
    }

    /** Pages through {@code sql} (parameters: the id, the last key, the page size) and writes a CSV row per result. */
    private StreamingOutput csv(List<String> header, String sql, String id, CsvRow row) {
        return output -> {
            Writer writer = new OutputStreamWriter(output, StandardCharsets.UTF_8);
            try (CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(writer)) {
                String after = "";
                while (true) {
                    List<Row> page = new ArrayList<>(PAGE);
                    Campaigns.await(db.preparedQuery(sql).execute(Tuple.of(id, after, PAGE))).forEach(page::add);
                    for (Row r : page) {
                        printer.printRecord(row.of(r, personalData.open(r.getString("patient_id"),
                                r.getBuffer("sealed").getBytes(), PatientData.class)));
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    after = page.get(page.size() - 1).getString("key");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
