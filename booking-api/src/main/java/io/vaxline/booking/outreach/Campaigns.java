package io.vaxline.booking.outreach;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.events.OutreachInvitationIssued;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.StateConflict;
import io.vaxline.schemas.DerivedIds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Outreach campaigns: a message, the criteria of the cohort and an optional form. A preview counts
 * the cohort and prices it before anything is sent. Launching draws the cohort and gives each person
 * one invitation (unique per campaign, person and wave), then publishes OutreachInvitationIssued for
 * each; a follow-up wave invites again everyone who has not opened any of their links. A wave runs in
 * the background, without holding a thread while it waits for PostgreSQL or Kafka, and its progress
 * is visible in the campaign; a wave whose runner stopped (a crash,
 * a restart, Kafka away) is taken up again once its heartbeat is two minutes old, and invitations whose event did not reach Kafka are
 * published again by the outbox (same event id, so the notifier sends each once).
 */
@ApplicationScoped
public class Campaigns {

    static final int PAGE = 2000;
    static final int PUBLISH_BATCH = 1000;
    /** A wave whose heartbeat is older than this is taken up again by the outbox. */
    static final Duration STALLED = Duration.ofMinutes(2);

    private final Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public record Request(String name, String message, Criteria criteria, List<FormField> form) {
    }

    public record Cost(BigDecimal sms, BigDecimal email, BigDecimal total, String currency) {
    }

    public record Cohort(long people, long sms, long emails, Cost cost) {
    }

    public record Progress(long invited, long queued) {
    }

    public record Campaign(String campaignId, String name, String message, Criteria criteria, List<FormField> form,
            String status, int waves, Instant createdAt, Instant launchedAt, Progress progress) {
    }

    /** A person of the patient lists, opened. */
    public record Patient(String patientId, PatientData data) {
    }

    @Inject
    Pool db;

    @Inject
    PersonalData personalData;

    @Inject
    InvitationLinks links;

    @Inject
    io.vaxline.booking.platform.SealForNotifier sealForNotifier;

    @Inject
    EventPublisher publisher;

    @Inject
    ObjectMapper json;

    @Inject
    OutreachSettings settings;

    public Uni<Campaign> create(Request request, String createdBy) {
        if (request == null) {
            throw new InvalidInput("body", "is empty: send name, message, criteria and optionally form");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            throw new InvalidInput("name", "must be 1 to 200 characters");
        }
        if (request.message() == null || request.message().isBlank() || request.message().length() > 1000) {
            throw new InvalidInput("message", "must be 1 to 1000 characters");
        }
        Criteria criteria = request.criteria() == null ? new Criteria(null, null, null, null) : request.criteria();
        criteria.check(settings.conditions());
        List<FormField> form = request.form() == null ? List.of() : request.form();
        FormField.check(form);
        String campaignId = UUID.randomUUID().toString();
        return db.preparedQuery("INSERT INTO campaign (campaign_id, name, message, criteria, form, status, created_by, created_at) "
                + "VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'DRAFT', $6, now())").execute(Tuple.tuple(List.of(campaignId,
                        request.name().trim(), request.message().trim(), write(criteria), write(form), createdBy)))
                .chain(() -> require(campaignId));
    }

    public Uni<Optional<Campaign>> find(String campaignId) {
        return db.preparedQuery("""
                SELECT c.*, (SELECT count(*) FROM invitation i WHERE i.campaign_id = c.campaign_id) AS invited,
                       (SELECT count(*) FROM invitation i WHERE i.campaign_id = c.campaign_id AND i.published_at IS NOT NULL) AS queued
                FROM campaign c WHERE c.campaign_id = $1""").execute(Tuple.of(campaignId))
                .map(rows -> first(rows).map(this::campaign));
    }

    public Uni<List<Campaign>> all() {
        return db.query("SELECT c.*, 0 AS invited, 0 AS queued FROM campaign c ORDER BY created_at DESC LIMIT 200").execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(this::campaign).toList());
    }

    public Uni<Campaign> require(String campaignId) {
        return find(campaignId).map(found -> found.orElseThrow(() -> new NotFoundException("No campaign " + campaignId)));
    }

    /** Counts the people the criteria select today, and what inviting them costs. */
    public Uni<Cohort> preview(Criteria criteria) {
        criteria.check(settings.conditions());
        LocalDate today = LocalDate.now(settings.timeZone());
        long[] counts = new long[3];
        return scan().onItem().invoke(page -> page.stream().filter(p -> criteria.matches(p.data(), today)).forEach(p -> {
            counts[0]++;
            counts[1] += p.data().phone() != null ? 1 : 0;
            counts[2] += p.data().email() != null ? 1 : 0;
        })).onItem().ignoreAsUni().map(done -> {
            BigDecimal sms = settings.price().sms().multiply(BigDecimal.valueOf(counts[1])).setScale(2, RoundingMode.HALF_UP);
            BigDecimal email = settings.price().email().multiply(BigDecimal.valueOf(counts[2])).setScale(2, RoundingMode.HALF_UP);
            return new Cohort(counts[0], counts[1], counts[2], new Cost(sms, email, sms.add(email), settings.price().currency()));
        });
    }

    /** Starts wave 1; the answer comes at once, the wave goes on in the background. */
    public Uni<Campaign> launch(String campaignId) {
        return require(campaignId)
                .chain(() -> db.preparedQuery("UPDATE campaign SET status = 'LAUNCHING', waves = 1, launched_at = now(), "
                        + "wave_heartbeat = now() WHERE campaign_id = $1 AND status = 'DRAFT' RETURNING campaign_id")
                        .execute(Tuple.of(campaignId)))
                .invoke(rows -> {
                    if (rows.size() != 1) {
                        throw new StateConflict("Campaign " + campaignId + " has already been launched; POST .../follow-up "
                                + "invites the people who have not responded again");
                    }
                    inBackground(campaignId, 1);
                })
                .chain(() -> require(campaignId));
    }

    /** Starts a follow-up wave to everyone invited who has not opened a link yet. */
    public Uni<Campaign> followUp(String campaignId) {
        return require(campaignId).chain(campaign -> db.preparedQuery("UPDATE campaign SET status = 'LAUNCHING', "
                + "waves = waves + 1, wave_heartbeat = now() WHERE campaign_id = $1 AND status = 'LAUNCHED' RETURNING waves")
                .execute(Tuple.of(campaignId))
                .map(rows -> first(rows).orElseThrow(() -> new StateConflict("Campaign " + campaignId + " is "
                        + campaign.status() + ": a follow-up wave starts once the campaign is launched and its last wave "
                        + "has been queued"))))
                .invoke(row -> inBackground(campaignId, row.getInteger("waves")))
                .chain(() -> require(campaignId));
    }

    void resumeInterruptedWaves(@Observes StartupEvent start) {
        resumeStalledWaves().subscribe().with(ignored -> {
        }, failure -> Log.warnf("Could not look for interrupted outreach waves: %s", failure.getMessage()));
    }

    /** Waves left LAUNCHING whose runner stopped (a crash, a restart, a failure): run again, idempotently. */
    private Uni<Void> resumeStalledWaves() {
        return db.preparedQuery("SELECT campaign_id, waves FROM campaign WHERE status = 'LAUNCHING' "
                + "AND (wave_heartbeat IS NULL OR wave_heartbeat < $1)")
                .execute(Tuple.of(utc(Instant.now().minus(STALLED))))
                .invoke(rows -> rows.forEach(r -> {
                    if (!running.contains(r.getString("campaign_id"))) {
                        Log.infof("Taking up wave %d of campaign %s again", r.getInteger("waves"), r.getString("campaign_id"));
                        inBackground(r.getString("campaign_id"), r.getInteger("waves"));
                    }
                }))
                .replaceWithVoid();
    }

    /** Runs the wave unless this instance runs it already; nothing waits for it (its heartbeat shows it is alive). */
    private void inBackground(String campaignId, int wave) {
        if (!running.add(campaignId)) {
            return;
        }
        runWave(campaignId, wave).onTermination().invoke(() -> running.remove(campaignId)).subscribe().with(ignored -> {
        }, failure -> Log.errorf(failure, "Wave %d of campaign %s stopped; it is taken up again in %s", wave, campaignId,
                STALLED));
    }

    private Uni<Void> heartbeat(String campaignId) {
        return db.preparedQuery("UPDATE campaign SET wave_heartbeat = now() WHERE campaign_id = $1").execute(Tuple.of(campaignId))
                .replaceWithVoid();
    }

    /** Draws the wave's people, gives each an invitation, publishes them; safe to run again. */
    Uni<Void> runWave(String campaignId, int wave) {
        Instant started = Instant.now();
        return require(campaignId).chain(campaign -> {
            Multi<List<String>> pages;
            if (wave == 1) {
                LocalDate today = LocalDate.now(settings.timeZone());
                pages = scan().map(page -> page.stream().filter(p -> campaign.criteria().matches(p.data(), today))
                        .map(Patient::patientId).toList());
            } else {
                pages = db.preparedQuery("SELECT patient_id FROM invitation WHERE campaign_id = $1 AND wave < $2 "
                        + "GROUP BY patient_id HAVING bool_and(acknowledged_at IS NULL)").execute(Tuple.of(campaignId, wave))
                        .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows).map(r -> r.getString("patient_id")))
                        .group().intoLists().of(PAGE);
            }
            return pages.onItem().transformToUniAndConcatenate(patientIds -> invite(campaignId, wave, patientIds))
                    .collect().with(Collectors.summingLong(Integer::longValue));
        }).chain(invited -> {
            Log.infof("Campaign %s wave %d: %,d invitations made in %d ms; publishing", campaignId, wave, invited,
                    Duration.between(started, Instant.now()).toMillis());
            return publishPending(campaignId);
        }).call(() -> db.preparedQuery("UPDATE campaign SET status = 'LAUNCHED' WHERE campaign_id = $1 AND status = 'LAUNCHING'")
                .execute(Tuple.of(campaignId)))
                .invoke(published -> Log.infof("Campaign %s wave %d: %,d invitations queued in %d ms", campaignId, wave,
                        published, Duration.between(started, Instant.now()).toMillis()))
                .replaceWithVoid();
    }

    private Uni<Integer> invite(String campaignId, int wave, List<String> patientIds) {
        if (patientIds.isEmpty()) {
            return heartbeat(campaignId).replaceWith(0);
        }
        List<Tuple> rows = patientIds.stream().map(patientId -> {
            String invitationId = invitationId(campaignId, patientId, wave);
            return Tuple.of(invitationId, campaignId, patientId, wave, links.tokenHash(links.token(invitationId)));
        }).toList();
        return heartbeat(campaignId).chain(() -> db.preparedQuery("INSERT INTO invitation (invitation_id, campaign_id, "
                + "patient_id, wave, token_hash, issued_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING")
                .executeBatch(rows))
                .map(result -> {
                    int inserted = 0;
                    for (var r = result; r != null; r = r.next()) {
                        inserted += r.rowCount();
                    }
                    return inserted;
                });
    }

    static String invitationId(String campaignId, String patientId, int wave) {
        return DerivedIds.of("invitation", campaignId, patientId, wave);
    }

    /** Publishes the campaign's invitations that are not on Kafka yet, a batch at a time. */
    Uni<Long> publishPending(String campaignId) {
        return require(campaignId).chain(campaign -> Multi.createBy().repeating().uni(() -> publishBatch(campaign))
                .until(published -> published == 0)
                .collect().with(Collectors.summingLong(Integer::longValue)));
    }

    /** One batch: opened off the event loop, sent, marked published once Kafka has them all; how many there were. */
    private Uni<Integer> publishBatch(Campaign campaign) {
        String campaignId = campaign.campaignId();
        return db.preparedQuery("""
                SELECT i.invitation_id, i.patient_id, i.wave, i.issued_at, p.sealed FROM invitation i
                JOIN patient p ON p.patient_id = i.patient_id
                WHERE i.campaign_id = $1 AND i.published_at IS NULL LIMIT $2""")
                .execute(Tuple.of(campaignId, PUBLISH_BATCH))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(rows -> {
                    List<Tuple> done = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    rows.forEach(r -> {
                        String invitationId = r.getString("invitation_id");
                        PatientData person = personalData.open(r.getString("patient_id"), r.getBuffer("sealed").getBytes(),
                                PatientData.class);
                        sends.add(publisher.outreachRequest(r.getString("patient_id"), OutreachInvitationIssued.newBuilder()
                                .setEventId(invitationId).setOccurredAt(r.getOffsetDateTime("issued_at").toInstant())
                                .setInvitationId(invitationId).setCampaignId(campaignId).setWave(r.getInteger("wave"))
                                .setPatientId(r.getString("patient_id")).setGivenName(person.givenName())
                                .setPhone(person.phone()).setEmail(person.email()).setLanguage(person.language())
                                .setCampaignName(campaign.name()).setMessage(campaign.message())
                                .setSealedLink(sealForNotifier.link(links.link(invitationId), invitationId)).build()));
                        done.add(Tuple.of(invitationId));
                    });
                    if (done.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(sends).andCollectFailures()
                            .chain(() -> db.preparedQuery("UPDATE invitation SET published_at = now() WHERE invitation_id = $1")
                                    .executeBatch(done))
                            .chain(() -> heartbeat(campaignId))
                            .replaceWith(done.size());
                });
    }

    /** The outbox: invitations of finished waves and acknowledgements that did not reach Kafka the first time. */
    @Scheduled(every = "{vaxline.outreach.outbox-interval}", delayed = "{vaxline.outreach.outbox-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> outbox() {
        return db.query("SELECT DISTINCT i.campaign_id FROM invitation i JOIN campaign c ON c.campaign_id = i.campaign_id "
                + "WHERE i.published_at IS NULL AND c.status = 'LAUNCHED'").execute()
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(r -> publishPending(r.getString("campaign_id")))
                .onItem().ignoreAsUni()
                .chain(links::publishPendingAcknowledgements)
                .chain(this::resumeStalledWaves)
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("Outreach outbox: %s (tried again in a moment)", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Every person of the patient lists, opened (off the event loop), a page at a time in patient id order. */
    public Multi<List<Patient>> scan() {
        return Multi.createBy().repeating().uni(() -> new String[] { "" }, after -> db.preparedQuery(
                "SELECT patient_id, sealed FROM patient WHERE patient_id > $1 ORDER BY patient_id LIMIT $2")
                .execute(Tuple.of(after[0], PAGE))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    List<Patient> page = new ArrayList<>(PAGE);
                    rows.forEach(r -> page.add(new Patient(r.getString("patient_id"), personalData.open(
                            r.getString("patient_id"), r.getBuffer("sealed").getBytes(), PatientData.class))));
                    if (!page.isEmpty()) {
                        after[0] = page.get(page.size() - 1).patientId();
                    }
                    return page;
                }))
                .until(List::isEmpty);
    }

    static Optional<Row> first(RowSet<Row> rows) {
        RowIterator<Row> it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private Campaign campaign(Row r) {
        try {
            return new Campaign(r.getString("campaign_id"), r.getString("name"), r.getString("message"),
                    json.readValue(r.getValue("criteria").toString(), Criteria.class),
                    List.of(json.readValue(r.getValue("form").toString(), FormField[].class)), r.getString("status"),
                    r.getInteger("waves"), r.getOffsetDateTime("created_at").toInstant(),
                    r.getOffsetDateTime("launched_at") == null ? null : r.getOffsetDateTime("launched_at").toInstant(),
                    new Progress(r.getLong("invited"), r.getLong("queued")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign " + r.getString("campaign_id") + " is not readable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
