package io.vaxline.booking.outreach;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.schemas.DerivedIds;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.StateConflict;
import io.vaxline.events.OutreachInvitationIssued;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Outreach campaigns: a message, the criteria of the cohort and an optional form. A preview counts
 * the cohort and prices it before anything is sent. Launching draws the cohort and gives each person
 * one invitation (unique per campaign, person and wave), then publishes OutreachInvitationIssued for
 * each; a follow-up wave invites again everyone who has not opened any of their links. A wave runs on
 * a worker thread and its progress is visible in the campaign; a wave whose runner stopped (a crash,
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
    EventPublisher publisher;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "vaxline.outreach.conditions")
    Set<String> knownConditions;

    @ConfigProperty(name = "vaxline.outreach.price.sms")
    BigDecimal smsPrice;

    @ConfigProperty(name = "vaxline.outreach.price.email")
    BigDecimal emailPrice;

    @ConfigProperty(name = "vaxline.outreach.price.currency")
    String currency;

    @ConfigProperty(name = "vaxline.outreach.time-zone")
    ZoneId zone;

    public Campaign create(Request request, String createdBy) {
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
        criteria.check(knownConditions);
        List<FormField> form = request.form() == null ? List.of() : request.form();
        FormField.check(form);
        String campaignId = UUID.randomUUID().toString();
        await(db.preparedQuery("INSERT INTO campaign (campaign_id, name, message, criteria, form, status, created_by, created_at) "
                + "VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, 'DRAFT', $6, now())").execute(Tuple.tuple(List.of(campaignId,
                        request.name().trim(), request.message().trim(), write(criteria), write(form), createdBy))));
        return find(campaignId).orElseThrow();
    }

    public Optional<Campaign> find(String campaignId) {
        return StreamSupport.stream(await(db.preparedQuery("""
                SELECT c.*, (SELECT count(*) FROM invitation i WHERE i.campaign_id = c.campaign_id) AS invited,
                       (SELECT count(*) FROM invitation i WHERE i.campaign_id = c.campaign_id AND i.published_at IS NOT NULL) AS queued
                FROM campaign c WHERE c.campaign_id = $1""").execute(Tuple.of(campaignId))).spliterator(), false)
                .findFirst().map(this::campaign);
    }

    public List<Campaign> all() {
        return StreamSupport.stream(await(db.query("SELECT c.*, 0 AS invited, 0 AS queued FROM campaign c "
                + "ORDER BY created_at DESC LIMIT 200").execute()).spliterator(), false).map(this::campaign).toList();
    }

    public Campaign require(String campaignId) {
        return find(campaignId).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("No campaign " + campaignId));
    }

    /** Counts the people the criteria select today, and what inviting them costs. */
    public Cohort preview(Criteria criteria) {
        criteria.check(knownConditions);
        LocalDate today = LocalDate.now(zone);
        long[] counts = new long[3];
        scan(page -> page.stream().filter(p -> criteria.matches(p.data(), today)).forEach(p -> {
            counts[0]++;
            counts[1] += p.data().phone() != null ? 1 : 0;
            counts[2] += p.data().email() != null ? 1 : 0;
        }));
        BigDecimal sms = smsPrice.multiply(BigDecimal.valueOf(counts[1])).setScale(2, RoundingMode.HALF_UP);
        BigDecimal email = emailPrice.multiply(BigDecimal.valueOf(counts[2])).setScale(2, RoundingMode.HALF_UP);
        return new Cohort(counts[0], counts[1], counts[2], new Cost(sms, email, sms.add(email), currency));
    }

    /** Starts wave 1; the answer comes at once, the wave goes on in the background. */
    public Campaign launch(String campaignId) {
        require(campaignId);
        boolean started = await(db.preparedQuery("UPDATE campaign SET status = 'LAUNCHING', waves = 1, launched_at = now(), "
                + "wave_heartbeat = now() "
                + "WHERE campaign_id = $1 AND status = 'DRAFT' RETURNING campaign_id").execute(Tuple.of(campaignId))).size() == 1;
        if (!started) {
            throw new StateConflict("Campaign " + campaignId + " has already been launched; POST .../follow-up invites "
                    + "the people who have not responded again");
        }
        inBackground(campaignId, 1);
        return require(campaignId);
    }

    /** Starts a follow-up wave to everyone invited who has not opened a link yet. */
    public Campaign followUp(String campaignId) {
        Campaign campaign = require(campaignId);
        Row row = StreamSupport.stream(await(db.preparedQuery("UPDATE campaign SET status = 'LAUNCHING', waves = waves + 1, wave_heartbeat = now() "
                + "WHERE campaign_id = $1 AND status = 'LAUNCHED' RETURNING waves").execute(Tuple.of(campaignId)))
                .spliterator(), false).findFirst().orElseThrow(() -> new StateConflict("Campaign " + campaignId + " is "
                        + campaign.status() + ": a follow-up wave starts once the campaign is launched and its last wave "
                        + "has been queued"));
        inBackground(campaignId, row.getInteger("waves"));
        return require(campaignId);
    }

    void resumeInterruptedWaves(@Observes StartupEvent start) {
        Infrastructure.getDefaultWorkerPool().execute(this::resumeStalledWaves);
    }

    /** Waves left LAUNCHING whose runner stopped (a crash, a restart, a failure): run again, idempotently. */
    private void resumeStalledWaves() {
        try {
            await(db.preparedQuery("SELECT campaign_id, waves FROM campaign WHERE status = 'LAUNCHING' "
                    + "AND (wave_heartbeat IS NULL OR wave_heartbeat < $1)")
                    .execute(Tuple.of(utc(Instant.now().minus(STALLED)))))
                    .forEach(r -> {
                        if (!running.contains(r.getString("campaign_id"))) {
                            Log.infof("Taking up wave %d of campaign %s again", r.getInteger("waves"), r.getString("campaign_id"));
                            inBackground(r.getString("campaign_id"), r.getInteger("waves"));
                        }
                    });
        } catch (RuntimeException e) {
            Log.warnf("Could not look for interrupted outreach waves: %s", e.getMessage());
        }
    }

    private void inBackground(String campaignId, int wave) {
        if (!running.add(campaignId)) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                runWave(campaignId, wave);
            } catch (RuntimeException e) {
                Log.errorf(e, "Wave %d of campaign %s stopped; it is taken up again in %s", wave, campaignId, STALLED);
            } finally {
                running.remove(campaignId);
            }
        });
    }

    private void heartbeat(String campaignId) {
        await(db.preparedQuery("UPDATE campaign SET wave_heartbeat = now() WHERE campaign_id = $1").execute(Tuple.of(campaignId)));
    }

    /** Draws the wave's people, gives each an invitation, publishes them; safe to run again. */
    void runWave(String campaignId, int wave) {
        Campaign campaign = require(campaignId);
        Instant started = Instant.now();
        long[] invited = { 0 };
        if (wave == 1) {
            LocalDate today = LocalDate.now(zone);
            scan(page -> invited[0] += invite(campaignId, wave, page.stream()
                    .filter(p -> campaign.criteria().matches(p.data(), today)).map(Patient::patientId).toList()));
        } else {
            List<String> waiting = new ArrayList<>();
            await(db.preparedQuery("SELECT patient_id FROM invitation WHERE campaign_id = $1 AND wave < $2 GROUP BY patient_id "
                    + "HAVING bool_and(acknowledged_at IS NULL)").execute(Tuple.of(campaignId, wave)))
                    .forEach(r -> waiting.add(r.getString("patient_id")));
            for (int i = 0; i < waiting.size(); i += PAGE) {
                invited[0] += invite(campaignId, wave, waiting.subList(i, Math.min(waiting.size(), i + PAGE)));
            }
        }
        Log.infof("Campaign %s wave %d: %,d invitations made in %d ms; publishing", campaignId, wave, invited[0],
                Duration.between(started, Instant.now()).toMillis());
        long published = publishPending(campaignId);
        await(db.preparedQuery("UPDATE campaign SET status = 'LAUNCHED' WHERE campaign_id = $1 AND status = 'LAUNCHING'")
                .execute(Tuple.of(campaignId)));
        Log.infof("Campaign %s wave %d: %,d invitations queued in %d ms", campaignId, wave, published,
                Duration.between(started, Instant.now()).toMillis());
    }

    private int invite(String campaignId, int wave, List<String> patientIds) {
        heartbeat(campaignId);
        if (patientIds.isEmpty()) {
            return 0;
        }
        List<Tuple> rows = patientIds.stream().map(patientId -> {
            String invitationId = invitationId(campaignId, patientId, wave);
            return Tuple.of(invitationId, campaignId, patientId, wave, links.tokenHash(links.token(invitationId)));
        }).toList();
        var result = await(db.preparedQuery("INSERT INTO invitation (invitation_id, campaign_id, patient_id, wave, token_hash, "
                + "issued_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING").executeBatch(rows));
        int inserted = 0;
        for (var r = result; r != null; r = r.next()) {
            inserted += r.rowCount();
        }
        return inserted;
    }

    static String invitationId(String campaignId, String patientId, int wave) {
        return DerivedIds.of("invitation", campaignId, patientId, wave);
    }

    /** Publishes the campaign's invitations that are not on Kafka yet, a batch at a time. */
    long publishPending(String campaignId) {
        Campaign campaign = require(campaignId);
        long published = 0;
        while (true) {
            List<Tuple> done = new ArrayList<>();
            List<Uni<Void>> sends = new ArrayList<>();
            await(db.preparedQuery("""
                    SELECT i.invitation_id, i.patient_id, i.wave, i.issued_at, p.sealed FROM invitation i
                    JOIN patient p ON p.patient_id = i.patient_id
                    WHERE i.campaign_id = $1 AND i.published_at IS NULL LIMIT $2""")
                    .execute(Tuple.of(campaignId, PUBLISH_BATCH))).forEach(r -> {
                        String invitationId = r.getString("invitation_id");
                        PatientData person = personalData.open(r.getString("patient_id"), r.getBuffer("sealed").getBytes(),
                                PatientData.class);
                        sends.add(publisher.outreachRequest(r.getString("patient_id"), OutreachInvitationIssued.newBuilder()
                                .setEventId(invitationId).setOccurredAt(r.getOffsetDateTime("issued_at").toInstant())
                                .setInvitationId(invitationId).setCampaignId(campaignId).setWave(r.getInteger("wave"))
                                .setPatientId(r.getString("patient_id")).setGivenName(person.givenName())
                                .setPhone(person.phone()).setEmail(person.email()).setLanguage(person.language())
                                .setCampaignName(campaign.name()).setMessage(campaign.message())
                                .setLink(links.link(invitationId)).build()));
                        done.add(Tuple.of(invitationId));
                    });
            if (done.isEmpty()) {
                return published;
            }
            await(Uni.join().all(sends).andCollectFailures());
            await(db.preparedQuery("UPDATE invitation SET published_at = now() WHERE invitation_id = $1").executeBatch(done));
            published += done.size();
            heartbeat(campaignId);
        }
    }

    /** The outbox: invitations of finished waves and acknowledgements that did not reach Kafka the first time. */
    @Scheduled(every = "{vaxline.outreach.outbox-interval}", delayed = "{vaxline.outreach.outbox-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void outbox() {
        try {
            await(db.query("SELECT DISTINCT i.campaign_id FROM invitation i JOIN campaign c ON c.campaign_id = i.campaign_id "
                    + "WHERE i.published_at IS NULL AND c.status = 'LAUNCHED'").execute())
                    .forEach(r -> publishPending(r.getString("campaign_id")));
            links.publishPendingAcknowledgements();
            resumeStalledWaves();
        } catch (RuntimeException e) {
            Log.warnf("Outreach outbox: %s (tried again in a moment)", e.getMessage());
        }
    }

    /** Every person of the patient lists, opened, a page at a time (in patient id order). */
    public void scan(Consumer<List<Patient>> pages) {
        String after = "";
        while (true) {
            List<Patient> page = new ArrayList<>(PAGE);
            await(db.preparedQuery("SELECT patient_id, sealed FROM patient WHERE patient_id > $1 ORDER BY patient_id LIMIT $2")
                    .execute(Tuple.of(after, PAGE))).forEach(r -> page.add(new Patient(r.getString("patient_id"),
                            personalData.open(r.getString("patient_id"), r.getBuffer("sealed").getBytes(), PatientData.class))));
            if (page.isEmpty()) {
                return;
            }
            pages.accept(page);
            after = page.get(page.size() - 1).patientId();
        }
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

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofMinutes(2));
    }

    static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
