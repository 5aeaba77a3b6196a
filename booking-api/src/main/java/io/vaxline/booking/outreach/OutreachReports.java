package io.vaxline.booking.outreach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
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

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.booking.platform.CsvRows;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.events.OutreachReportReady;
import io.vaxline.schemas.DerivedIds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

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

    @Inject
    OutreachSettings settings;

    /** People, not invitations: a person invited in two waves counts once. */
    public Uni<Funnel> funnel(String campaignId) {
        return campaigns.require(campaignId).chain(() -> db.preparedQuery("""
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
                FROM per_person""").execute(Tuple.of(campaignId)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Funnel(r.getLong("invited"), r.getLong("sent"), r.getLong("failed"), r.getLong("acknowledged"),
                            r.getLong("booked"), r.getLong("answered"), r.getLong("clicks"));
                });
    }

    /** The weekly report of every launched campaign; one per campaign and week however many instances run this. */
    @Scheduled(cron = "{vaxline.outreach.report.cron}", timeZone = "{vaxline.outreach.time-zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> weekly() {
        return weekly(Instant.now()).replaceWithVoid();
    }

    public Uni<List<Report>> weekly(Instant now) {
        ZonedDateTime local = now.atZone(settings.timeZone());
        String week = local.get(IsoFields.WEEK_BASED_YEAR) + "-W" + local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return db.query("SELECT campaign_id FROM campaign WHERE status IN ('LAUNCHED', 'LAUNCHING')").execute()
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(r -> r.getString("campaign_id"))
                .onItem().transformToUniAndConcatenate(campaignId -> make(campaignId, DerivedIds.of("report", campaignId, week))
                        .onFailure().recoverWithItem(e -> {
                            Log.errorf(e, "The weekly report of campaign %s was not made", campaignId);
                            return Optional.empty();
                        }))
                .filter(Optional::isPresent).map(Optional::get)
                .collect().asList()
                .invoke(made -> Log.infof("Weekly outreach reports (%s): %d made", week, made.size()));
    }

    /** A report now, on an administrator's request. */
    public Uni<Report> now(String campaignId) {
        return campaigns.require(campaignId).chain(() -> make(campaignId, UUID.randomUUID().toString()))
                .map(Optional::orElseThrow);
    }

    private Uni<Optional<Report>> make(String campaignId, String reportId) {
        return db.preparedQuery("INSERT INTO outreach_report (report_id, campaign_id, created_at, "
                + "invited, acknowledged, not_responded) VALUES ($1, $2, now(), 0, 0, 0) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(reportId, campaignId))
                .chain(created -> created.rowCount() == 1 ? fill(campaignId, reportId).map(Optional::of)
                        // this week's report was made already (by this instance or another)
                        : Uni.createFrom().item(Optional.<Report>empty()));
    }

    private Uni<Report> fill(String campaignId, String reportId) {
        // The latest invitation of each person none of whose invitations was opened.
        return db.preparedQuery("""
                INSERT INTO outreach_report_entry (report_id, invitation_id)
                SELECT $1, (array_agg(invitation_id ORDER BY wave DESC))[1] FROM invitation
                WHERE campaign_id = $2 GROUP BY patient_id HAVING bool_and(acknowledged_at IS NULL)""")
                .execute(Tuple.of(reportId, campaignId))
                .chain(() -> db.preparedQuery("""
                        UPDATE outreach_report SET
                            invited = (SELECT count(DISTINCT patient_id) FROM invitation WHERE campaign_id = $2),
                            acknowledged = (SELECT count(DISTINCT patient_id) FROM invitation WHERE campaign_id = $2
                                            AND acknowledged_at IS NOT NULL),
                            not_responded = (SELECT count(*) FROM outreach_report_entry WHERE report_id = $1)
                        WHERE report_id = $1 RETURNING *""").execute(Tuple.of(reportId, campaignId)))
                .map(rows -> report(rows.iterator().next()))
                .call(this::announce);
    }

    private Uni<Void> announce(Report report) {
        List<String> team = settings.programmeTeam().orElse(List.of());
        if (team.isEmpty()) {
            Log.infof("Report %s of campaign %s: %,d have not responded (no programme team to tell: OUTREACH_PROGRAMME_TEAM)",
                    report.reportId(), report.campaignId(), report.notResponded());
            return Uni.createFrom().voidItem();
        }
        return campaigns.require(report.campaignId()).chain(campaign -> publisher.outreachRequest(report.campaignId(),
                OutreachReportReady.newBuilder()
                        .setEventId(report.reportId()).setOccurredAt(report.createdAt()).setCampaignId(report.campaignId())
                        .setCampaignName(campaign.name()).setRecipients(team).setInvited(report.invited())
                        .setAcknowledged(report.acknowledged()).setNotResponded(report.notResponded())
                        .setDownloadUrl(settings.reportBaseUrl() + report.campaignId() + "/reports/" + report.reportId() + ".csv")
                        .build()));
    }

    public Uni<List<Report>> reports(String campaignId) {
        return campaigns.require(campaignId).chain(() -> db.preparedQuery("SELECT * FROM outreach_report WHERE campaign_id = $1 "
                + "ORDER BY created_at DESC").execute(Tuple.of(campaignId)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(this::report).toList());
    }

    private Report report(Row r) {
        return new Report(r.getString("report_id"), r.getString("campaign_id"), r.getOffsetDateTime("created_at").toInstant(),
                r.getInteger("invited"), r.getInteger("acknowledged"), r.getInteger("not_responded"));
    }

    /** The people of a report: who they are, how to reach them, and what happened to their invitation. */
    public Uni<Multi<String>> reportCsv(String campaignId, String reportId) {
        return reports(campaignId).map(made -> {
            if (made.stream().noneMatch(r -> r.reportId().equals(reportId))) {
                throw new jakarta.ws.rs.NotFoundException("No report " + reportId + " of campaign " + campaignId);
            }
            return csv(List.of("patient_ref", "given_name", "family_name", "phone", "email", "wave", "invited_at", "sms",
                    "email_delivery"), """
                    SELECT i.invitation_id AS key, i.patient_id, p.sealed, i.wave, i.issued_at, i.sms_status, i.email_status
                    FROM outreach_report_entry e JOIN invitation i ON i.invitation_id = e.invitation_id
                    JOIN patient p ON p.patient_id = i.patient_id
                    WHERE e.report_id = $1 AND i.invitation_id > $2 ORDER BY i.invitation_id LIMIT $3""", reportId,
                    (r, person) -> List.of(CsvRows.safeCell(person.ref()), CsvRows.safeCell(person.givenName()), CsvRows.safeCell(person.familyName()), nz(person.phone()),
                            nz(person.email()), r.getInteger("wave"), r.getOffsetDateTime("issued_at").toInstant(),
                            nz(r.getString("sms_status")), nz(r.getString("email_status"))));
        });
    }

    /** Everyone who followed their link. */
    public Uni<Multi<String>> acknowledgedCsv(String campaignId) {
        return campaigns.require(campaignId).map(campaign -> csv(List.of("patient_ref", "given_name", "family_name", "phone",
                "email", "wave", "acknowledged_at", "clicks"), """
                SELECT i.invitation_id AS key, i.patient_id, p.sealed, i.wave, i.acknowledged_at, i.clicks
                FROM invitation i JOIN patient p ON p.patient_id = i.patient_id
                WHERE i.campaign_id = $1 AND i.acknowledged_at IS NOT NULL AND i.invitation_id > $2
                ORDER BY i.invitation_id LIMIT $3""", campaignId,
                (r, person) -> List.of(CsvRows.safeCell(person.ref()), CsvRows.safeCell(person.givenName()), CsvRows.safeCell(person.familyName()), nz(person.phone()),
                        nz(person.email()), r.getInteger("wave"), r.getOffsetDateTime("acknowledged_at").toInstant(),
                        r.getInteger("clicks"))));
    }

    /** The form's answers, a column per field (several choices joined with ';'). */
    public Uni<Multi<String>> answersCsv(String campaignId) {
        return campaigns.require(campaignId).map(campaign -> {
            List<FormField> form = campaign.form();
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
        });
    }

    private interface CsvRow {
        List<?> of(Row row, PatientData person);
    }

    /**
     * The header, then a chunk of CSV per page of {@code sql} (parameters: the id, the last key, the page size);
     * the next page is read when the client has taken the last, and opened off the event loop.
     */
    private Multi<String> csv(List<String> header, String sql, String id, CsvRow row) {
        Multi<String> pages = Multi.createBy().repeating().uni(() -> new String[] { "" }, after -> db.preparedQuery(sql)
                .execute(Tuple.of(id, after[0], PAGE))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    StringBuilder chunk = new StringBuilder();
                    try (CSVPrinter printer = CSVFormat.RFC4180.print(chunk)) {
                        for (Row r : rows) {
                            printer.printRecord(row.of(r, personalData.open(r.getString("patient_id"),
                                    r.getBuffer("sealed").getBytes(), PatientData.class)));
                            after[0] = r.getString("key");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return chunk.toString();
                }))
                .until(String::isEmpty);
        StringBuilder head = new StringBuilder();
        try (CSVPrinter printer = CSVFormat.RFC4180.print(head)) {
            printer.printRecord(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(head.toString()), pages);
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
